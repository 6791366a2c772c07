package io.rostersync.spi;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One side of a sync: a vendor platform, a CSV file or the host application's own user store.
 *
 * <p>Implementations declare what they can do in {@link #capabilities()}; the engine calls only what is
 * declared and implementations may throw {@link UnsupportedCapabilityException} for anything else.
 * Reads are paged and lazy: a directory is never loaded into one list by contract. Writes return the
 * stored record or a {@link WriteFailure} for that user; they may also throw a
 * {@link RosterSyncException}, which the executor records against that user only.
 *
 * <p>Thread-safety: the engine calls a directory from one thread at a time.
 */
public interface UserDirectory {

    /** Short name for plans, reports and logs, such as {@code "zendesk:abc-energy"}. */
    String name();

    /** What this directory supports. Must not change during a run. */
    Set<Capability> capabilities();

    /** Every account, page by page. */
    UserPages readAll();

    /**
     * Accounts created, changed or removed since {@code since}. Each page carries the cursor to resume
     * from once it is applied.
     */
    default UserPages readChanges(Cursor since) {
        throw new UnsupportedCapabilityException(name(), Capability.INCREMENTAL_READ);
    }

    /** One account by id, or empty if there is none. */
    Optional<UserRecord> get(NativeId id);

    /**
     * Accounts that may already hold the identity of {@code profile}: those whose username or email is the
     * profile's, as this directory compares them (a server that compares usernames case-sensitively is
     * also asked by email), so that a create refused with {@link FailureKind#ALREADY_EXISTS}, or a stored
     * plan's create, can be checked against the account that exists. Only candidates: the engine decides
     * with the policy's matcher whether one of them is this person. Never guesses; empty when none.
     *
     * <p>The default reads every account and keeps those whose email or username equals the profile's.
     */
    default List<UserRecord> findExisting(UserProfile profile) {
        List<UserRecord> found = new ArrayList<>();
        if (profile.email().isEmpty() && profile.username().isEmpty()) {
            return found;
        }
        try (UserPages pages = readAll()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                for (UserRecord r : page.get().users()) {
                    boolean sameEmail = profile.email().isPresent() && profile.email().equals(r.email());
                    boolean sameUsername = profile.username().isPresent() && profile.username().equals(r.username());
                    if (sameEmail || sameUsername) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Creates an account. When an account with one of the profile's unique keys exists already, returns a
     * failure of kind {@link FailureKind#ALREADY_EXISTS} and changes nothing: a directory never returns, or
     * merges the create onto, an account it did not just create.
     */
    default WriteResult create(UserProfile profile, CreateOptions options) {
        throw new UnsupportedCapabilityException(name(), Capability.CREATE);
    }

    default WriteResult update(NativeId id, UserPatch patch) {
        throw new UnsupportedCapabilityException(name(), Capability.UPDATE);
    }

    default WriteResult deactivate(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.DEACTIVATE);
    }

    default WriteResult reactivate(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.REACTIVATE);
    }

    /** Removes the account for good; what it did is lost where the directory works that way. */
    default WriteResult delete(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.DELETE);
    }

    /** Largest batch {@link #createAll} and {@link #updateAll} accept; 1 without {@link Capability#BATCH_WRITE}. */
    default int maxBatchSize() {
        return 1;
    }

    /** Creates several accounts; one result per profile, in order. The default creates one by one. */
    default List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        List<WriteResult> results = new ArrayList<>(profiles.size());
        for (UserProfile profile : profiles) {
            results.add(create(profile, options));
        }
        return results;
    }

    /** Updates several accounts; one result per request, in order. The default updates one by one. */
    default List<WriteResult> updateAll(List<UpdateRequest> updates) {
        List<WriteResult> results = new ArrayList<>(updates.size());
        for (UpdateRequest u : updates) {
            results.add(update(u.id(), u.patch()));
        }
        return results;
    }
}
