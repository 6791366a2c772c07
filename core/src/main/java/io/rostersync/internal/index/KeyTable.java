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
 * that are shared or that a source user holds, which in a steady state are a few. Target values are
 * {@link #read} in any order and go into the hash index in one go, in entry order, when the
 * {@link TargetIndex} {@link #complete}s the table before its first question.
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

    /** {@link #state}: the entry's value has been read (it may be null). */
    private static final byte READ = 1;
    /** {@link #state}: the entry's value is not its own lookalike form, so it is filed under that form. */
    private static final byte LOOKALIKE = 2;

    /** Per target entry: its value of this key, or null. */
    private String[] valueOf;
    /** Per target entry waiting for the index: its value's {@link OpenIndex#hashOf hash}, taken while it is in the cache. */
    private int[] hashOf;
    private byte[] state;
    /** Entries below this one are in {@link #index} and filed by lookalike form; the rest wait for {@link #complete}. */
    private int indexed;
    private final List<Holders> holders = new ArrayList<>();
    /** Entries by the lookalike form of their value, for the few values that are not their own form. */
    private final Map<String, List<Integer>> lookalikes = new HashMap<>();
    /** value -> entry * 2 for a lone target account, holder index * 2 + 1 for a {@link Holders}. */
    private final OpenIndex index;

    KeyTable(int expected) {
        valueOf = new String[Math.max(16, expected)];
        hashOf = new int[valueOf.length];
        state = new byte[valueOf.length];
        index = new OpenIndex(expected) {
            @Override
            protected boolean holds(int code, Object key) {
                String value = (code & 1) == 0 ? valueOf[code >>> 1] : holders.get(code >>> 1).value;
                return value.equals(key);
            }
        };
    }

    /** Whether the entry's value has been {@link #read}. */
    boolean isRead(int entry) {
        return entry < state.length && (state[entry] & READ) != 0;
    }

    /**
     * Notes a target's value, in any order of entries, and returns it. Done where the value is in the cache
     * anyway (the source pass compares it with the linked source user's), so that its hash and lookalike form
     * cost no cache misses of their own. The value goes into the index in {@link #complete}.
     */
    @Nullable String read(int entry, @Nullable String value) {
        if (entry >= state.length) {
            int length = Math.max(entry + 1, state.length * 2);
            valueOf = Arrays.copyOf(valueOf, length);
            hashOf = Arrays.copyOf(hashOf, length);
            state = Arrays.copyOf(state, length);
        }
        valueOf[entry] = value;
        byte st = READ;
        if (value != null) {
            hashOf[entry] = OpenIndex.hashOf(value);
            // A plain ASCII value without upper case (nearly every one) is its own lookalike form, which one
            // pass over its characters shows while they are in the cache.
            st |= IdentityText.isOwnLookalike(value) ? 0 : LOOKALIKE;
        }
        state[entry] = st;
        return value;
    }

    /**
     * Puts the entries below {@code entries} into the index and files their lookalike forms, in entry order;
     * each of them must have been {@link #read}. Called before the first question, once every value is read.
     */
    void complete(int entries) {
        for (int e = indexed; e < entries; e++) {
            if ((state[e] & LOOKALIKE) != 0) {
                lookalikes.computeIfAbsent(IdentityText.lookalike(valueOf[e]), f -> new ArrayList<>(1)).add(e);
            }
        }
        indexPending(entries);
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
     * Puts the values read since the last call into the index, in the order of the table's regions rather
     * than in read order: a million values in read order cost a cache miss each (the slots are random by
     * design), about a third of a million-account plan; in region order the table fills front to back. The
     * values of each region keep their read order, so a value several targets hold lists them in read order
     * as before, and so does everything built on the index.
     */
    private void indexPending(int to) {
        int from = indexed;
        if (from >= to) {
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
        for (long he : hashAndEntry) {
            int hash = (int) (he >>> 32);
            int entry = (int) he;
            // No value here has this hash (nearly always): in it goes, without reading the value, which in
            // region order would be a cache miss each.
            int slot = index.candidate(hash) < 0 ? -1 : index.find(valueOf[entry], hash);
            if (slot < 0) {
                index.insertHashed(hash, entry * 2);
            } else {
                holdersAt(slot, valueOf[entry]).addTarget(entry);
            }
        }
    }

    /** The target's own value of this key, or null. */
    @Nullable String valueOf(int entry) {
        return entry < valueOf.length ? valueOf[entry] : null;
    }

    /** The entries of the target accounts holding {@code value}, in read order. */
    int[] targetsHolding(String value) {
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
        int slot = index.find(value);
        if (slot < 0 || (index.valueAt(slot) & 1) == 0) {
            return List.of();
        }
        return holders.get(index.valueAt(slot) >>> 1).sourceList();
    }

    /** The holders of {@code value}, made in place of a lone target entry or of nothing. */
    Holders holdersOf(String value) {
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
