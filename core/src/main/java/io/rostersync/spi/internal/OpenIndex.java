package io.rostersync.spi.internal;

import java.util.Objects;

/**
 * A hash index from keys to small non-negative ints, kept in one {@code long[]}: each slot holds the
 * key's hash and its value, and the key itself stays wherever the caller already keeps it (a record's
 * id, a link). So a million keys cost one 16 MiB array and no objects: a {@code HashMap} would add a
 * node per key, which the garbage collector has to copy for as long as the map is young.
 *
 * <p>Open addressing with linear probing, at most three quarters full. The key's {@code hashCode} is
 * mixed before it picks a slot: ids numbered in order hash to runs of consecutive values, and linear
 * probing turns such runs into long clusters (Salesforce-style base-62 ids made a million inserts
 * quadratic). Keys whose {@code hashCode}s are equal (such ids share one among about ten) stay correct
 * and cost one {@code equals} each on a lookup. Not thread-safe; no removal.
 */
public abstract class OpenIndex {

    private static final int MAX_CAPACITY = 1 << 30;

    private long[] slots;
    private int count;

    /** An index sized for {@code expected} keys without growing. */
    protected OpenIndex(int expected) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must not be negative: " + expected);
        }
        slots = new long[capacityFor(expected)];
    }

    /** Whether the key stored with {@code value} equals {@code key}. */
    protected abstract boolean holds(int value, Object key);

    /** The slot of {@code key}, or -1 when it is absent. */
    public final int find(Object key) {
        int hash = hash(key);
        long[] table = slots;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == hash && holds((int) slot - 1, key)) {
                return i;
            }
        }
    }

    /** The value of {@code key}, or -1 when it is absent. */
    public final int get(Object key) {
        int slot = find(key);
        return slot < 0 ? -1 : valueAt(slot);
    }

    /** The value in a slot that {@link #find} returned. */
    public final int valueAt(int slot) {
        return (int) slots[slot] - 1;
    }

    /** Replaces the value in a slot that {@link #find} returned. */
    public final void setValueAt(int slot, int value) {
        checkValue(value);
        slots[slot] = (slots[slot] & 0xFFFF_FFFF_0000_0000L) | (value + 1L);
    }

    /** Adds a key that is not in the index yet (the caller has checked with {@link #find}). */
    public final void insert(Object key, int value) {
        checkValue(value);
        if (count + 1 > slots.length - slots.length / 4) {
            grow();
        }
        place(slots, hash(key), value + 1L);
        count++;
    }

    public final int size() {
        return count;
    }

    private static void place(long[] table, int hash, long storedValue) {
        int mask = table.length - 1;
        int i = hash & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = ((long) hash << 32) | storedValue;
    }

    private void grow() {
        if (slots.length >= MAX_CAPACITY) {
            throw new IllegalStateException("index is full at " + count + " keys");
        }
        long[] bigger = new long[slots.length * 2];
        for (long slot : slots) {
            if (slot != 0) {
                place(bigger, (int) (slot >>> 32), slot & 0xFFFF_FFFFL);
            }
        }
        slots = bigger;
    }

    private static void checkValue(int value) {
        if (value < 0 || value == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("value out of range: " + value);
        }
    }

    /** The final mix of MurmurHash3: every input bit moves about half the output bits. */
    private static int hash(Object key) {
        int h = Objects.requireNonNull(key, "key").hashCode();
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        return h ^ (h >>> 16);
    }

    private static int capacityFor(int expected) {
        int wanted = (int) Math.min(MAX_CAPACITY, Math.max(4L, expected + expected / 3 + 1));
        return Integer.highestOneBit(wanted - 1) << 1;
    }
}
