package io.rostersync.spi;

import io.rostersync.engine.SyncReport;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of syncs: links, cursors (with the fingerprint of the policy they were read under), the
 * deprovisions the deletion guard holds, the users waiting for a licence seat, the last report, and the
 * single-flight lease. Every write takes
 * the caller's {@link Lease} and fails with {@link StaleLeaseException} when it is no longer current, so a
 * stalled runner cannot overwrite a newer one's state.
 *
 * <p>Implementations are thread-safe.
 */
public interface SyncStateStore {

    /**
     * Takes the lease for {@code syncId} if nobody holds an unexpired one.
     *
     * @return the new lease, or empty when another runner holds it
     */
    Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now);

    /**
     * Extends a lease its holder still holds to {@code now + ttl}, keeping its fencing token, so that a
     * run longer than the lease's time to live is not taken over half-way.
     *
     * @return the lease with its new expiry
     * @throws StaleLeaseException when the lease was taken over or given up
     */
    Lease renew(Lease lease, Duration ttl, Instant now);

    /** Gives the lease up; a stale lease is ignored. */
    void release(Lease lease);

    /** All links of a sync. */
    Links links(SyncId syncId);

    /** Adds or replaces the link for {@code link.sourceId()}. */
    void saveLink(Lease lease, Link link);

    /** Removes the link of {@code sourceId}, if any. */
    void removeLink(Lease lease, NativeId sourceId);

    /** Where the next incremental read starts, if a previous run stored one. */
    Optional<Cursor> cursor(SyncId syncId);

    /**
     * The fingerprint of the policy the stored cursor was read under, stored with it by
     * {@link #saveCursor(Lease, Cursor, String)}; empty when there is no cursor or it was stored without one.
     */
    Optional<String> cursorFingerprint(SyncId syncId);

    /**
     * Stores the cursor together with the fingerprint of the policy it was read under (one write: a reader
     * never sees the new cursor with the old fingerprint or the other way round).
     *
     * @param policyFingerprint not blank, at most 1,000 characters
     * @throws IllegalArgumentException for a blank or longer fingerprint
     */
    void saveCursor(Lease lease, Cursor cursor, String policyFingerprint);

    /** The deprovisions the deletion guard holds for the host to release, in the order they were saved. */
    List<HeldDeprovision> heldDeprovisions(SyncId syncId);

    /**
     * Replaces the held deprovisions of the lease's sync with {@code held} (an empty list clears them).
     *
     * @throws IllegalArgumentException when two entries name the same target account
     */
    void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held);

    /** The users waiting for a licence seat, in the order they were saved. */
    List<WaitingUser> waitingUsers(SyncId syncId);

    /**
     * Replaces the waiting users of the lease's sync with {@code waiting} (an empty list clears them).
     *
     * @throws IllegalArgumentException when two entries name the same source user
     */
    void saveWaitingUsers(Lease lease, List<WaitingUser> waiting);

    /** The report of the last finished run. */
    Optional<SyncReport> lastReport(SyncId syncId);

    void saveReport(Lease lease, SyncReport report);
}
