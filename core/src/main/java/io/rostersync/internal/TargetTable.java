package io.rostersync.internal;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Link;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The target accounts of one plan, numbered in read order, with the marks the source pass leaves on
 * them. Parallel arrays rather than an object per account: at a million accounts that is a few large
 * arrays for the collector to look at instead of a million small objects to copy.
 */
final class TargetTable {

    private static final byte LINKED_SOURCE_SEEN = 1;
    private static final byte REFERENCED = 2;

    private UserRecord[] records;
    private @Nullable Link[] links;
    private byte[] marks;
    /** Bit k: the linked source user holds the same value of key k as this account. */
    private byte[] ownValuesHeld;
    private int size;
    private final OpenIndex byId;
    /** The source id of each linked account's link, to its entry. */
    private final OpenIndex byLinkedSource;

    TargetTable(int expected) {
        int capacity = Math.max(16, expected);
        records = new UserRecord[capacity];
        links = new Link[capacity];
        marks = new byte[capacity];
        ownValuesHeld = new byte[capacity];
        byId = new OpenIndex(expected) {
            @Override
            protected boolean holds(int entry, Object key) {
                return records[entry].id().equals(key);
            }
        };
        byLinkedSource = new OpenIndex(expected) {
            @Override
            protected boolean holds(int entry, Object key) {
                return links[entry].sourceId().equals(key);
            }
        };
    }

    /** Adds an account and returns its entry, or -1 when an account with its id is already here. */
    int add(UserRecord record) {
        if (byId.find(record.id()) >= 0) {
            return -1;
        }
        if (size == records.length) {
            int capacity = records.length * 2;
            records = Arrays.copyOf(records, capacity);
            links = Arrays.copyOf(links, capacity);
            marks = Arrays.copyOf(marks, capacity);
            ownValuesHeld = Arrays.copyOf(ownValuesHeld, capacity);
        }
        records[size] = record;
        byId.insert(record.id(), size);
        return size++;
    }

    /** The entry of the account with this id, or -1. */
    int find(NativeId id) {
        return byId.get(id);
    }

    /** Records the stored link to an account (links are one-to-one, so once per account). */
    void link(int entry, Link link) {
        links[entry] = link;
        byLinkedSource.insert(link.sourceId(), entry);
    }

    /** The entry of the account linked to this source user, or -1 when none here is. */
    int findLinked(NativeId sourceId) {
        return byLinkedSource.get(sourceId);
    }

    /** Brings the index slot for this source id into cache ahead of {@link #findLinked}; see {@link OpenIndex#touch}. */
    long touchLinked(NativeId sourceId) {
        return byLinkedSource.touch(sourceId);
    }

    int size() {
        return size;
    }

    UserRecord record(int entry) {
        return records[entry];
    }

    /** The stored link to this account, null when it was never linked. */
    @Nullable Link link(int entry) {
        return links[entry];
    }

    /** Whether the linked source user was in this read: so "gone" needs no set of every source id. */
    boolean linkedSourceSeen(int entry) {
        return (marks[entry] & LINKED_SOURCE_SEEN) != 0;
    }

    void markLinkedSourceSeen(int entry) {
        marks[entry] |= LINKED_SOURCE_SEEN;
    }

    /** Whether some in-scope source user was linked to, matched or nearly matched this account. */
    boolean referenced(int entry) {
        return (marks[entry] & REFERENCED) != 0;
    }

    void markReferenced(int entry) {
        marks[entry] |= REFERENCED;
    }

    /** Whether the linked source user holds this account's own value of key {@code k} (k < 8). */
    boolean ownValueHeld(int entry, int k) {
        return (ownValuesHeld[entry] & (1 << k)) != 0;
    }

    void markOwnValueHeld(int entry, int k) {
        ownValuesHeld[entry] |= (byte) (1 << k);
    }
}
