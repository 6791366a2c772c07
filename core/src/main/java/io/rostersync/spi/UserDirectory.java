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
 *
 * @since 0.1.0
 */
public interface UserDirectory {

    /**
     * Short name for plans, reports and logs, such as {@code "zendesk:abc-energy"}.
     *
     * @return the name, never blank; stable across runs, since stored links and plans refer to it
     */
    String name();

    /**
     * What this directory supports. Must not change during a run.
     *
     * @return the declared capabilities; the engine reads them once per run and calls nothing else
     */
    Set<Capability> capabilities();

    /**
     * Every account, page by page.
     *
     * <p>A failure while paging throws a {@link RosterSyncException} from {@link UserPages#next()}; the engine
     * then discards the whole read. A record that cannot be read is reported as a {@link ReadProblem} on its
     * page instead.
     *
     * @return a lazy, single-pass sequence of pages; the caller closes it
     */
    UserPages readAll();

    /**
     * Accounts created, changed or removed since {@code since}. Each page carries the cursor to resume
     * from once it is applied.
     *
     * <p>Only called when {@link #capabilities()} contains {@link Capability#INCREMENTAL_READ}; the default
     * throws {@link UnsupportedCapabilityException}.
     *
     * @param since where the previous read stopped, as given by a page's {@link UserPage#cursorAfter()}
     * @return the changed and removed accounts, page by page; the caller closes it
     * @throws RosterSyncException when the cursor is no longer valid or the read fails; the run then fails and
     *                             the stored cursor stays where it was
     */
    default UserPages readChanges(Cursor since) {
        throw new UnsupportedCapabilityException(name(), Capability.INCREMENTAL_READ);
    }

    /**
     * One account by id, or empty if there is none.
     *
     * @param id the directory's own id for the account
     * @return the account, or empty when there is none (an unknown id is not an error)
     * @throws RosterSyncException when the directory cannot be asked (authentication, network)
     */
    Optional<UserRecord> get(NativeId id);

    /**
     * The accounts a look-up asks for, without reading the whole directory: those whose id is one of
     * {@link UserLookup#ids()}, whose email is one of {@link UserLookup#emails()} or whose username is one of
     * {@link UserLookup#usernames()}; and, of the ids asked for, those the directory positively knows it removed.
     * A sync of named users ({@code SyncRunner.syncNamed}) reads its source users and their target counterparts
     * this way.
     *
     * <p>Only called when {@link #capabilities()} contains {@link Capability#LOOKUP}; the default throws
     * {@link UnsupportedCapabilityException}, and the engine then reads the directory in full and keeps what
     * it asked for.
     *
     * <p>The contract, which {@code UserDirectoryContract} checks:
     * <ul>
     *   <li>exact: every account that fits the look-up ({@link UserLookup#wants}) is in
     *       {@link UserLookupResult#found()}, and no other (a vendor whose search compares more loosely than
     *       {@link io.rostersync.model.EmailAddress} and {@link io.rostersync.model.Username#matchKey()} do keeps
     *       only what fits); each account as {@link #readAll()} has it, and only accounts a full read would list
     *       (the same role or user-type filter);</li>
     *   <li>each account at most once, in any order; an id, email or username that no account has is simply
     *       absent (not an error, and never {@linkplain UserLookupResult#removed() removed});</li>
     *   <li>{@link UserLookupResult#removed()} holds an id asked for by id only when the directory answered, about
     *       that id, that it no longer lists it (soft-deleted, or outside its own configured filter), exactly
     *       what {@link #readChanges} reports in {@link UserPage#removed()}. A directory that forgets removed
     *       accounts (a hard delete) leaves it empty; it is never a guess from absence;</li>
     *   <li>all or nothing: when any request of the look-up fails, the look-up throws, so a partial answer is never
     *       taken for a complete one;</li>
     *   <li>batching is the implementation's business: it splits the look-up into as many requests as the
     *       vendor's limits need (Zendesk {@code show_many} takes 100 ids a request).</li>
     * </ul>
     * The engine does not trust the answer further than that: a found account the look-up did not ask for
     * ({@link UserLookup#wants}) and a removed id that was not asked for by id are ignored, never planned and never
     * written. A removed id is acted on only for the account the sync itself linked to it, as a full run would.
     *
     * @param lookup what to look for; never empty
     * @return the accounts found and the ids removed; {@link UserLookupResult#empty()}, never null, when none
     * @throws RosterSyncException when the directory cannot be asked (authentication, network, a malformed
     *                             answer); the engine then ends the named sync without writing anything
     * @since 0.3.0
     */
    default UserLookupResult lookUp(UserLookup lookup) {
        throw new UnsupportedCapabilityException(name(), Capability.LOOKUP);
    }

    /**
     * Accounts that may already hold the identity of {@code profile}: those whose username or email is the
     * profile's, as this directory compares them (a server that compares usernames case-sensitively is
     * also asked by email), so that a create refused with {@link FailureKind#ALREADY_EXISTS}, or a stored
     * plan's create, can be checked against the account that exists. Only candidates: the engine decides
     * with the policy's matcher whether one of them is this person. Never guesses; empty when none.
     *
     * <p>The default reads every account and keeps those whose email or username equals the profile's.
     *
     * @param profile the identity to look for
     * @return the candidate accounts, in any order; empty, never null, when there are none
     * @throws RosterSyncException when the directory cannot be asked
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
     *
     * <p>Only called with {@link Capability#CREATE}. Not idempotent by itself: the engine makes a retried
     * create safe by looking for the account first ({@link #findExisting}).
     *
     * @param profile the account to create
     * @param options whether the directory may notify the person
     * @return {@link WriteResult.Stored} with the account as created (its new id included), or
     *         {@link WriteResult.Failed} when the directory refused this user (validation, already exists)
     * @throws RosterSyncException for a failure that is not about this user (authentication, network,
     *                             throttling); the executor records it against this user and goes on with the next
     */
    default WriteResult create(UserProfile profile, CreateOptions options) {
        throw new UnsupportedCapabilityException(name(), Capability.CREATE);
    }

    /**
     * Changes the fields the patch sets and leaves every other field as it is.
     *
     * <p>Only called with {@link Capability#UPDATE}. Idempotent: applying the same patch twice stores the same
     * account.
     *
     * @param id    the account to change
     * @param patch the fields to change; never empty when the engine calls
     * @return {@link WriteResult.Stored} with the account as it now is, or {@link WriteResult.Failed} for this
     *         user, with {@link FailureKind#NOT_FOUND} when there is no such account
     * @throws RosterSyncException for a failure that is not about this user (authentication, network,
     *                             throttling)
     */
    default WriteResult update(NativeId id, UserPatch patch) {
        throw new UnsupportedCapabilityException(name(), Capability.UPDATE);
    }

    /**
     * Switches the account off without removing it, so it can be reactivated and its history stays.
     *
     * <p>Only called with {@link Capability#DEACTIVATE}. Idempotent: deactivating an inactive account succeeds.
     *
     * @param id the account to switch off
     * @return {@link WriteResult.Stored} with the account as it now is, or {@link WriteResult.Failed} for this
     *         user, with {@link FailureKind#NOT_FOUND} when there is no such account
     * @throws RosterSyncException for a failure that is not about this user (authentication, network,
     *                             throttling)
     */
    default WriteResult deactivate(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.DEACTIVATE);
    }

    /**
     * Switches a deactivated account back on.
     *
     * <p>Only called with {@link Capability#REACTIVATE}. Idempotent: reactivating an active account succeeds.
     *
     * @param id the account to switch on
     * @return {@link WriteResult.Stored} with the account as it now is, or {@link WriteResult.Failed} for this
     *         user, with {@link FailureKind#NOT_FOUND} when there is no such account
     * @throws RosterSyncException for a failure that is not about this user (authentication, network,
     *                             throttling)
     */
    default WriteResult reactivate(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.REACTIVATE);
    }

    /**
     * Removes the account for good; what it did is lost where the directory works that way.
     *
     * <p>Only called with {@link Capability#DELETE}.
     *
     * @param id the account to remove
     * @return {@link WriteResult.Stored} with the account as it was before removal, or
     *         {@link WriteResult.Failed} for this user, with {@link FailureKind#NOT_FOUND} when there is no such
     *         account
     * @throws RosterSyncException for a failure that is not about this user (authentication, network,
     *                             throttling)
     */
    default WriteResult delete(NativeId id) {
        throw new UnsupportedCapabilityException(name(), Capability.DELETE);
    }

    /**
     * Largest batch {@link #createAll} and {@link #updateAll} accept; 1 without {@link Capability#BATCH_WRITE}.
     *
     * @return at least 1; the engine never passes a larger batch
     */
    default int maxBatchSize() {
        return 1;
    }

    /**
     * Creates several accounts; one result per profile, in order. The default creates one by one.
     *
     * <p>The engine calls it only with {@link Capability#BATCH_WRITE} and at most {@link #maxBatchSize()}
     * profiles; one user's failure is that user's result, not an exception.
     *
     * @param profiles the accounts to create
     * @param options  whether the directory may notify the people
     * @return one result per profile, in the order of {@code profiles}
     * @throws RosterSyncException when the whole batch failed (authentication, network); the executor then
     *                             records the failure against every user of the batch
     */
    default List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        List<WriteResult> results = new ArrayList<>(profiles.size());
        for (UserProfile profile : profiles) {
            results.add(create(profile, options));
        }
        return results;
    }

    /**
     * Updates several accounts; one result per request, in order. The default updates one by one.
     *
     * <p>The engine calls it with at most {@link #maxBatchSize()} updates (one at a time for a directory
     * without {@link Capability#BATCH_WRITE}, which this default serves with {@link #update}); one user's
     * failure is that user's result, not an exception.
     *
     * @param updates the accounts and their patches
     * @return one result per request, in the order of {@code updates}
     * @throws RosterSyncException when the whole batch failed (authentication, network)
     */
    default List<WriteResult> updateAll(List<UpdateRequest> updates) {
        List<WriteResult> results = new ArrayList<>(updates.size());
        for (UpdateRequest u : updates) {
            results.add(update(u.id(), u.patch()));
        }
        return results;
    }
}
