package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.internal.LinkIndex;
import io.rostersync.spi.internal.LinksAccess;
import io.rostersync.spi.internal.OpenIndex;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The target accounts of one plan, numbered in read order, with the marks the source pass leaves on
 * them. Parallel arrays rather than an object per account: at a million accounts that is a few large
 * arrays for the collector to look at instead of a million small objects to copy.
 *
 * <p>A linked account is found through the stored links' own index ({@link LinkIndex#positionOfTarget},
 * {@link LinkIndex#positionOfSource}) and an array from link position to entry, so the accounts that
 * nearly every run is about cost no index of their own; only accounts that were never linked are
 * indexed here by id.
 */
final class TargetTable {

    private static final byte LINKED_SOURCE_SEEN = 1;
    private static final byte REFERENCED = 2;

    private final LinkIndex storedLinks;
    /** Link position -> entry of its target account, -1 while that account has not been read. */
    private final int[] entryOfLink;
    private UserRecord[] records;
    private @Nullable Link[] links;
    private byte[] marks;
    /** Bit k: the linked source user holds the same value of key k as this account. */
    private byte[] ownValuesHeld;
    private int size;
    private int linked;
    private final OpenIndex unlinkedById;

    TargetTable(Links stored) {
        this.storedLinks = LinksAccess.index(stored);
        entryOfLink = new int[storedLinks.size()];
        Arrays.fill(entryOfLink, -1);
        int capacity = Math.max(16, storedLinks.size() + storedLinks.size() / 8);
        records = new UserRecord[capacity];
        links = new Link[capacity];
        marks = new byte[capacity];
        ownValuesHeld = new byte[capacity];
        unlinkedById = new OpenIndex(16 + storedLinks.size() / 16) {
            @Override
            protected boolean holds(int entry, Object key) {
                return records[entry].id().equals(key);
            }
        };
    }

    /**
     * Adds an account and returns its entry, or -1 when an account with its id is already here.
     * {@code position} is that of its stored link ({@link LinkIndex#positionOfTarget}), -1 when it has none.
     */
    int add(UserRecord record, int position) {
        if (position >= 0 ? entryOfLink[position] >= 0 : unlinkedById.find(record.id()) >= 0) {
            return -1;
        }
        if (size == records.length) {
            int capacity = records.length * 2;
            records = Arrays.copyOf(records, capacity);
            links = Arrays.copyOf(links, capacity);
            marks = Arrays.copyOf(marks, capacity);
            ownValuesHeld = Arrays.copyOf(ownValuesHeld, capacity);
        }
        int entry = size++;
        records[entry] = record;
        if (position >= 0) {
            entryOfLink[position] = entry;
            links[entry] = storedLinks.at(position);
            linked++;
        } else {
            unlinkedById.insert(record.id(), entry);
        }
        return entry;
    }

    /** The entry of the account with this id, or -1. */
    int find(NativeId id) {
        int position = storedLinks.positionOfTarget(id);
        return position >= 0 ? entryOfLink[position] : unlinkedById.get(id);
    }

    /** The entry of the account linked to the link at this position, or -1 when it was not read. */
    int entryOfLink(int position) {
        return entryOfLink[position];
    }

    /** The entry of the account linked to this source user, or -1 when none here is. */
    int findLinked(NativeId sourceId) {
        int position = storedLinks.positionOfSource(sourceId);
        return position < 0 ? -1 : entryOfLink[position];
    }

    int size() {
        return size;
    }

    /** How many accounts read have a stored link. */
    int linked() {
        return linked;
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
