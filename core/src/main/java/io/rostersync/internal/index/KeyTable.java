package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.spi.internal.OpenIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who holds each normalised value of one match key. A value held by one target account and nobody
 * else (nearly every value) is just that account's entry number; {@link Holders} exist only for values
 * that are shared or that a source user holds, which in a steady state are a few.
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
    private final List<Holders> holders = new ArrayList<>();
    /** value -> entry * 2 for a lone target account, holder index * 2 + 1 for a {@link Holders}. */
    private final OpenIndex index;

    KeyTable(int expected) {
        valueOf = new String[Math.max(16, expected)];
        index = new OpenIndex(expected) {
            @Override
            protected boolean holds(int code, Object key) {
                String value = (code & 1) == 0 ? valueOf[code >>> 1] : holders.get(code >>> 1).value;
                return value.equals(key);
            }
        };
    }

    void addTarget(int entry, String value) {
        if (entry >= valueOf.length) {
            valueOf = Arrays.copyOf(valueOf, Math.max(entry + 1, valueOf.length * 2));
        }
        valueOf[entry] = value;
        int slot = index.find(value);
        if (slot < 0) {
            index.insert(value, entry * 2);
        } else {
            holdersAt(slot, value).addTarget(entry);
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
