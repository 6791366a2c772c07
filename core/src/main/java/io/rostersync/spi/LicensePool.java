package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seats of one license (a Talkdesk add-on, a Salesforce permission set license, the host app's own
 * seat count). Accounts are identified by their id in the sync's target directory.
 *
 * <p>The planner never assigns beyond {@link LicenseSnapshot#free()} seats (counting releases in the
 * same plan first), never assigns on an expired license, and treats pending users as using no seat.
 * {@link #assign} and {@link #revoke} throw a {@link RosterSyncException} on failure
 * ({@link FailureKind#LICENSE_SHORTFALL} when the vendor had no seat after all).
 *
 * @since 0.1.0
 */
public interface LicensePool {

    /**
     * The license's name, unique within a sync.
     *
     * @return the id, never blank; stable across runs
     */
    String licenseId();

    /**
     * Current seats, consumption, expiry and assignees.
     *
     * <p>May call the vendor. The engine takes one snapshot per run, before planning.
     *
     * @return the snapshot
     * @throws RosterSyncException when the vendor cannot be asked
     */
    LicenseSnapshot snapshot();

    /**
     * Gives {@code user} a seat. Assigning to a current assignee does nothing.
     *
     * @param user the account's id in the sync's target directory
     * @throws RosterSyncException when the seat cannot be given; {@link FailureKind#LICENSE_SHORTFALL} when no
     *                             seat was free
     */
    void assign(NativeId user);

    /**
     * Takes {@code user}'s seat back. Revoking from a non-assignee does nothing.
     *
     * @param user the account's id in the sync's target directory
     * @throws RosterSyncException when the seat cannot be taken back
     */
    void revoke(NativeId user);

    /**
     * Gives each of {@code users} a seat, as {@link #assign} would, in as few vendor calls as the pool
     * can. One failing user never stops the others.
     *
     * <p>The default calls {@link #assign} once per user; pools whose vendor has a bulk write override it.
     *
     * @return one entry per user, in order: empty when the user holds a seat now, otherwise why not
     *         ({@link FailureKind#LICENSE_SHORTFALL} when the vendor had no seat after all)
     * @param users the accounts' ids in the sync's target directory
     */
    default List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
        List<Optional<WriteFailure>> results = new ArrayList<>(users.size());
        for (NativeId user : users) {
            results.add(attempt(() -> assign(user)));
        }
        return results;
    }

    /**
     * Takes back the seats of {@code users}, as {@link #revoke} would, in as few vendor calls as the pool
     * can. One failing user never stops the others.
     *
     * <p>The default calls {@link #revoke} once per user.
     *
     * @return one entry per user, in order: empty when the user holds no seat now, otherwise why not
     * @param users the accounts' ids in the sync's target directory
     */
    default List<Optional<WriteFailure>> revokeAll(List<NativeId> users) {
        List<Optional<WriteFailure>> results = new ArrayList<>(users.size());
        for (NativeId user : users) {
            results.add(attempt(() -> revoke(user)));
        }
        return results;
    }

    private static Optional<WriteFailure> attempt(Runnable seatChange) {
        try {
            seatChange.run();
            return Optional.empty();
        } catch (StaleLeaseException stale) {
            throw stale; // not about this user: the whole run must stop
        } catch (RuntimeException e) {
            return Optional.of(WriteFailure.from(e));
        }
    }
}
