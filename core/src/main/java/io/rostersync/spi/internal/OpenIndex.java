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
    /** Slots per {@link #region}: 16 KiB of table, which stays in the first-level cache. */
    public static final int REGION_SLOTS = 2048;

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
        return find(key, hashOf(key));
    }

    /** {@link #find(Object)} with the key's {@link #hashOf hash} computed already. */
    public final int find(Object key, int hash) {
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

    /**
     * The value stored with the first key of this hash on the probe path, or -1 when no key has it: a
     * candidate the caller must still check against its key (another key may share the hash), falling back
     * to {@link #get} when it is not that key. One slot read, so that a batch of lookups can read the slots
     * of all its keys before checking any (see {@link LinkIndex#positionsOfSources}).
     */
    public final int candidate(int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return -1;
            }
            if ((int) (slot >>> 32) == hash) {
                return (int) slot - 1;
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
        insertHashed(hashOf(key), value);
    }

    /** {@link #insert} of a key whose {@link #hashOf hash} is {@code hash}. */
    public final void insertHashed(int hash, int value) {
        checkValue(value);
        if (count + 1 > slots.length - slots.length / 4) {
            grow();
        }
        place(slots, hash, value + 1L);
        count++;
    }

    /** Grows now, if it must, so that {@code more} further keys go in without growing. */
    public final void reserve(int more) {
        while ((long) count + more > slots.length - slots.length / 4 && slots.length < MAX_CAPACITY) {
            grow();
        }
    }

    /**
     * Which region of {@link #REGION_SLOTS} slots a key of this hash is placed in (or found in, give or
     * take the few slots a probe runs on), from 0 to {@link #regions()} - 1. Keys added in region order
     * write the table front to back, each region in the cache while it fills, instead of costing a cache
     * miss each.
     */
    public final int region(int hash) {
        return (hash & (slots.length - 1)) / REGION_SLOTS;
    }

    /** How many regions the table has now (see {@link #region}). */
    public final int regions() {
        return (slots.length + REGION_SLOTS - 1) / REGION_SLOTS;
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

    /**
     * The hash a key is placed by: the final mix of MurmurHash3 over its {@code hashCode}, so every input
     * bit moves about half the output bits.
     */
    public static int hashOf(Object key) {
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
