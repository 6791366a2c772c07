package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.internal.OpenIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who holds each normalised value of one match key. A value held by one target account and nobody
 * else (nearly every value) is just that account's entry number; {@link Holders} exist only for values
 * that are shared or that a source user holds, which in a steady state are a few. Target values are noted
 * as they are read and go into the hash index in one go when it is first asked (see {@link #indexPending}).
 */
final class KeyTable {

    /** Every target account and every source user found holding one value. */
    static final class Holders {
        final String value;
        private int[] targets = new int[0];
        private int targetCount;
        /** A {@link NativeId}, or a {@code List<NativeId>} (in read order) once there are several. */
        private @Nullable Object sources;

        Holders(String value) {
            this.value = value;
        }

        int targetCount() {
            return targetCount;
        }

        int target(int i) {
            return targets[i];
        }

        private void addTarget(int entry) {
            if (targetCount == targets.length) {
                targets = Arrays.copyOf(targets, Math.max(2, targetCount * 2));
            }
            targets[targetCount++] = entry;
        }

        boolean hasSources() {
            return sources != null;
        }

        /** Adds a source user once; a user read twice is still one holder. */
        @SuppressWarnings("unchecked")
        void addSource(NativeId id) {
            if (sources == null) {
                sources = id;
            } else if (sources instanceof List<?> list) {
                if (!list.contains(id)) {
                    ((List<NativeId>) list).add(id);
                }
            } else if (!sources.equals(id)) {
                List<NativeId> list = new ArrayList<>(2);
                list.add((NativeId) sources);
                list.add(id);
                sources = list;
            }
        }

        @SuppressWarnings("unchecked")
        List<NativeId> sourceList() {
            if (sources == null) {
                return List.of();
            }
            return sources instanceof NativeId single ? List.of(single) : (List<NativeId>) sources;
        }
    }

    /** Per target entry: its value of this key, or null. */
    private String[] valueOf;
    /** Per target entry waiting for the index: its value's {@link OpenIndex#hashOf hash}, taken while it is in the cache. */
    private int[] hashOf;
    /** Entries below this one are in {@link #index}; those up to {@link #entries} wait for {@link #indexPending}. */
    private int indexed;
    private int entries;
    private final List<Holders> holders = new ArrayList<>();
    /** Entries by the lookalike form of their value, for the few values that are not their own form. */
    private final Map<String, List<Integer>> lookalikes = new HashMap<>();
    /** value -> entry * 2 for a lone target account, holder index * 2 + 1 for a {@link Holders}. */
    private final OpenIndex index;

    KeyTable(int expected) {
        valueOf = new String[Math.max(16, expected)];
        hashOf = new int[valueOf.length];
        index = new OpenIndex(expected) {
            @Override
            protected boolean holds(int code, Object key) {
                String value = (code & 1) == 0 ? valueOf[code >>> 1] : holders.get(code >>> 1).value;
                return value.equals(key);
            }
        };
    }

    /**
     * Notes a target's value; entries come in increasing order. The value goes into the index only when the
     * index is first asked (see {@link #indexPending}).
     */
    void addTarget(int entry, String value) {
        if (entry < entries) {
            throw new IllegalStateException("target entry " + entry + " added after entry " + (entries - 1));
        }
        if (entry >= valueOf.length) {
            valueOf = Arrays.copyOf(valueOf, Math.max(entry + 1, valueOf.length * 2));
        }
        if (entry >= hashOf.length) {
            hashOf = Arrays.copyOf(hashOf, valueOf.length);
        }
        valueOf[entry] = value;
        hashOf[entry] = OpenIndex.hashOf(value);
        entries = entry + 1;
        fileLookalike(entry, value);
    }

    /**
     * Files a value under its lookalike form when that differs from it. Done while the value is in the cache
     * from reading it: a plain ASCII value without upper case (nearly every one) is its own form, which one
     * pass over its characters shows. Looking at every value again later, when the first new user's keys are
     * checked, cost a cache miss per account (about a tenth of a million-account plan).
     */
    private void fileLookalike(int entry, String value) {
        if (!IdentityText.isOwnLookalike(value)) {
            lookalikes.computeIfAbsent(IdentityText.lookalike(value), f -> new ArrayList<>(1)).add(entry);
        }
    }

    /**
     * The entries whose value looks like {@code value} without being it (see {@link IdentityText#lookalike}),
     * in read order; none when some target holds exactly {@code value}.
     */
    List<Integer> lookalikesOf(String value) {
        if (targetsHolding(value).length > 0) {
            return List.of(); // a target holds exactly this one: a match, not a lookalike
        }
        String form = IdentityText.lookalike(value);
        List<Integer> entries = new ArrayList<>(lookalikes.getOrDefault(form, List.of()));
        if (!form.equals(value) && IdentityText.lookalike(form).equals(form)) {
            for (int entry : targetsHolding(form)) {
                entries.add(entry); // targets whose value is its own lookalike form, so not filed by their form
            }
        }
        return entries;
    }

    /**
     * Puts the values noted since the last call into the index, in the order of the table's regions rather
     * than in read order: a million values in read order cost a cache miss each (the slots are random by
     * design), about a third of a million-account plan; in region order the table fills front to back. The
     * values of each region keep their read order, so a value several targets hold lists them in read order
     * as before, and so does everything built on the index.
     */
    private void indexPending() {
        int from = indexed;
        int to = entries;
        if (from == to) {
            return;
        }
        indexed = to;
        int count = 0;
        for (int e = from; e < to; e++) {
            if (valueOf[e] != null) {
                count++;
            }
        }
        index.reserve(count);
        int[] next = new int[index.regions() + 1];
        for (int e = from; e < to; e++) {
            if (valueOf[e] != null) {
                next[index.region(hashOf[e]) + 1]++;
            }
        }
        for (int r = 1; r < next.length; r++) {
            next[r] += next[r - 1];
        }
        long[] hashAndEntry = new long[count];
        for (int e = from; e < to; e++) {
            if (valueOf[e] != null) {
                hashAndEntry[next[index.region(hashOf[e])]++] = ((long) hashOf[e] << 32) | e;
            }
        }
        hashOf = new int[0]; // a megabyte per quarter million targets, of no more use
        for (long he : hashAndEntry) {
            int hash = (int) (he >>> 32);
            int entry = (int) he;
            String value = valueOf[entry];
            int slot = index.find(value, hash);
            if (slot < 0) {
                index.insertHashed(hash, entry * 2);
            } else {
                holdersAt(slot, value).addTarget(entry);
            }
        }
    }

    /** The target's own value of this key, or null. */
    @Nullable String valueOf(int entry) {
        return entry < valueOf.length ? valueOf[entry] : null;
    }

    /** The entries of the target accounts holding {@code value}, in read order. */
    int[] targetsHolding(String value) {
        indexPending();
        int slot = index.find(value);
        if (slot < 0) {
            return new int[0];
        }
        int code = index.valueAt(slot);
        if ((code & 1) == 0) {
            return new int[] {code >>> 1};
        }
        Holders h = holders.get(code >>> 1);
        return Arrays.copyOf(h.targets, h.targetCount);
    }

    /** The source users found holding {@code value} (not those marked on their linked target), in read order. */
    List<NativeId> sourcesHolding(String value) {
        indexPending();
        int slot = index.find(value);
        if (slot < 0 || (index.valueAt(slot) & 1) == 0) {
            return List.of();
        }
        return holders.get(index.valueAt(slot) >>> 1).sourceList();
    }

    /** The holders of {@code value}, made in place of a lone target entry or of nothing. */
    Holders holdersOf(String value) {
        indexPending();
        int slot = index.find(value);
        if (slot < 0) {
            Holders h = new Holders(value);
            index.insert(value, holders.size() * 2 + 1);
            holders.add(h);
            return h;
        }
        return holdersAt(slot, value);
    }

    private Holders holdersAt(int slot, String value) {
        int code = index.valueAt(slot);
        if ((code & 1) == 1) {
            return holders.get(code >>> 1);
        }
        Holders h = new Holders(value);
        h.addTarget(code >>> 1);
        index.setValueAt(slot, holders.size() * 2 + 1);
        holders.add(h);
        return h;
    }
}
