package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link UserDirectory#lookUp} answers: the accounts found, and the ids the directory positively knows it
 * has removed.
 *
 * <p>The two are different kinds of evidence, and the engine treats them differently. An id that is simply not
 * in either list is <em>absent</em>: the directory does not have it, or did not say; a named sync never
 * deprovisions anyone for that. An id in {@link #removed()} is a <em>tombstone</em>: the directory answered,
 * about that very id, that it exists no more as a full read would list it (soft-deleted, say, or left out by
 * the directory's own role filter), which is what an incremental read reports in {@link UserPage#removed()}. A
 * named sync then plans for the account linked to it what a full run would plan for a user gone from the
 * source, under the same policy, protections and deletion guard.
 *
 * <p>Immutable; {@code removed} is a sorted copy.
 *
 * @param found   the accounts found, each at most once, as {@link UserDirectory#readAll()} has them
 * @param removed ids asked for by id ({@link UserLookup#ids()}) that the directory answered are removed; never an
 *                id it merely could not find or could not read, and never one of {@code found}'s
 * @since 0.3.0
 */
public record UserLookupResult(List<UserRecord> found, Set<NativeId> removed) {

    private static final UserLookupResult EMPTY = new UserLookupResult(List.of(), Set.of());

    /**
     * Copies and checks the answer.
     *
     * @param found   the accounts found
     * @param removed the ids the directory answered are removed
     * @throws IllegalArgumentException when an id is both found and removed: the directory contradicts itself
     * @throws NullPointerException     when a list, a set or an element is null
     */
    public UserLookupResult {
        found = List.copyOf(found);
        TreeSet<NativeId> sorted = new TreeSet<>();
        for (NativeId id : removed) {
            sorted.add(Objects.requireNonNull(id, "removed id"));
        }
        removed = Collections.unmodifiableSet(sorted);
        Set<NativeId> foundIds = new HashSet<>();
        found.forEach(r -> foundIds.add(r.id()));
        for (NativeId id : removed) {
            if (foundIds.contains(id)) {
                throw new IllegalArgumentException("account " + id.value() + " was answered both found and removed;"
                        + " a look-up answers each id one way");
            }
        }
    }

    /**
     * Accounts found, none reported removed: the answer of a directory that cannot tell a removed account from one
     * it never had.
     *
     * @param found the accounts found
     * @return the answer
     */
    public static UserLookupResult found(Collection<UserRecord> found) {
        return new UserLookupResult(List.copyOf(found), Set.of());
    }

    /**
     * Nothing found and nothing removed.
     *
     * @return the empty answer
     */
    public static UserLookupResult empty() {
        return EMPTY;
    }

    @Override
    public String toString() {
        return "UserLookupResult[found=" + found.size() + ", removed=" + removed + "]";
    }
}
