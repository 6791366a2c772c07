package io.rostersync.spi;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of syncs: links, cursors (with the fingerprint of the policy they were read under), the
 * deprovisions the deletion guard holds, the users waiting for a license seat, a history of run reports,
 * each sync's {@link ScheduleState} (when it last ran in full and when it is next due), the single-flight
 * lease, and the {@link EventPosition}s of event subscribers. Every write of a run's state takes
 * the caller's {@link Lease} and fails with {@link StaleLeaseException} when it is no longer current, so a
 * stalled runner cannot overwrite a newer one's state; event positions, written by subscribers that are not
 * runs, are the exception (see {@link #saveEventPosition}).
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface SyncStateStore {

    /** How many reports per sync a store keeps unless the host sets another number. */
    int DEFAULT_REPORT_HISTORY = 20;

    /**
     * Takes the lease for {@code syncId} if nobody holds an unexpired one.
     *
     * @param syncId the sync to lease
     * @param owner  who asks, for the lease's record (host name and thread, say)
     * @param ttl    how long the lease lasts unless renewed
     * @param now    the caller's clock reading
     * @return the new lease, or empty when another runner holds it
     */
    Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now);

    /**
     * Extends a lease its holder still holds to {@code now + ttl}, keeping its fencing token, so that a
     * run longer than the lease's time to live is not taken over half-way.
     *
     * @param lease the lease its holder holds
     * @param ttl   how long from {@code now} the lease lasts
     * @param now   the caller's clock reading
     * @return the lease with its new expiry
     * @throws StaleLeaseException when the lease was taken over or given up
     */
    Lease renew(Lease lease, Duration ttl, Instant now);

    /**
     * Whether {@code lease} is still the current lease of its sync at {@code now}: the same fencing token,
     * not given up, and not expired by {@code now} (the caller's clock). Read-only. The executor asks before
     * every write to the target directory and stops when the answer is no, so a runner that stalled past
     * its lease while another node took over writes nothing more to the target.
     *
     * @param lease the lease to check
     * @param now   the caller's clock reading
     * @return {@code true} while the lease is current
     */
    boolean isCurrent(Lease lease, Instant now);

    /**
     * Gives the lease up; a stale lease is ignored.
     *
     * @param lease the lease to give up
     */
    void release(Lease lease);

    /**
     * All links of a sync.
     *
     * @param syncId the sync
     * @return its links; empty for a sync that never linked anyone
     */
    Links links(SyncId syncId);

    /**
     * Adds or replaces the link for {@code link.sourceId()}.
     *
     * @param lease the caller's current lease
     * @param link  the link to store
     * @throws StaleLeaseException when the lease is no longer current
     * @throws RosterSyncException of kind {@link FailureKind#CONFLICT} when another source is already linked to
     *                             the link's target
     */
    void saveLink(Lease lease, Link link);

    /**
     * Removes the link of {@code sourceId}, if any.
     *
     * @param lease    the caller's current lease
     * @param sourceId the source account whose link goes
     * @throws StaleLeaseException when the lease is no longer current
     */
    void removeLink(Lease lease, NativeId sourceId);

    /**
     * Where the next incremental read starts, if a previous run stored one.
     *
     * @param syncId the sync
     * @return the stored cursor, or empty when there is none
     */
    Optional<Cursor> cursor(SyncId syncId);

    /**
     * The fingerprint of the policy the stored cursor was read under, stored with it by
     * {@link #saveCursor(Lease, Cursor, String)}; empty when there is no cursor or it was stored without one.
     *
     * @param syncId the sync
     * @return the fingerprint, or empty
     */
    Optional<String> cursorFingerprint(SyncId syncId);

    /**
     * Stores the cursor together with the fingerprint of the policy it was read under (one write: a reader
     * never sees the new cursor with the old fingerprint or the other way round).
     *
     * @param lease  the caller's current lease
     * @param cursor where the next incremental read starts
     * @param policyFingerprint not blank, at most 1,000 characters
     * @throws IllegalArgumentException for a blank or longer fingerprint
     * @throws StaleLeaseException when the lease is no longer current
     */
    void saveCursor(Lease lease, Cursor cursor, String policyFingerprint);

    /**
     * The deprovisions the deletion guard holds for the host to release, in the order they were saved.
     *
     * @param syncId the sync
     * @return the held deprovisions; empty when none
     */
    List<HeldDeprovision> heldDeprovisions(SyncId syncId);

    /**
     * Replaces the held deprovisions of the lease's sync with {@code held} (an empty list clears them).
     *
     * @param lease the caller's current lease
     * @param held  every deprovision now held, replacing those stored
     * @throws IllegalArgumentException when two entries name the same target account
     * @throws StaleLeaseException when the lease is no longer current
     */
    void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held);

    /**
     * The users waiting for a license seat, in the order they were saved.
     *
     * @param syncId the sync
     * @return the waiting users; empty when none
     */
    List<WaitingUser> waitingUsers(SyncId syncId);

    /**
     * Replaces the waiting users of the lease's sync with {@code waiting} (an empty list clears them).
     *
     * @param lease   the caller's current lease
     * @param waiting every user now waiting, replacing those stored
     * @throws IllegalArgumentException when two entries name the same source user
     * @throws StaleLeaseException when the lease is no longer current
     */
    void saveWaitingUsers(Lease lease, List<WaitingUser> waiting);

    /**
     * The schedule state of {@code syncId} as last saved: when it last ran in full and incrementally, how many
     * runs finished since the last full one, and when it is next due. Every node reading one store sees the
     * same state, and a durable store keeps it across restarts.
     *
     * @param syncId the sync
     * @return the stored state, or {@link ScheduleState#never()} for a sync that never saved one
     * @since 0.2.0
     */
    ScheduleState scheduleState(SyncId syncId);

    /**
     * Replaces the schedule state of the lease's sync with {@code state}, all parts in one write: a reader
     * never sees a new next due time with the old run counts or the other way round.
     *
     * @param lease the caller's current lease
     * @param state the sync's new schedule state
     * @throws StaleLeaseException when the lease is no longer current
     * @since 0.2.0
     */
    void saveScheduleState(Lease lease, ScheduleState state);

    /**
     * The report of the last finished run.
     *
     * @param syncId the sync
     * @return the report, or empty for a sync that never finished a run
     * @throws RosterSyncException of kind {@link FailureKind#VALIDATION} when a report is stored but cannot be
     *         read (damaged, or written by another version); the runner then reads the source in full and
     *         its report replaces the unreadable one
     */
    Optional<SyncReport> lastReport(SyncId syncId);

    /**
     * Keeps {@code report} as the sync's last report and adds it to its run history. A store keeps the
     * last N reports per sync, N set by the host when it builds the store ({@link #DEFAULT_REPORT_HISTORY}
     * unless told otherwise), and drops older ones as new ones arrive.
     *
     * @param lease  the caller's current lease
     * @param report the finished run's report
     * @throws StaleLeaseException when the lease is no longer current
     */
    void saveReport(Lease lease, SyncReport report);

    /**
     * The run history of {@code syncId}: the reports of its latest runs, newest (most recently saved)
     * first, at most {@code limit} of them and at most the N the store keeps. The first one, if any, is
     * {@link #lastReport}. Empty for a sync that never finished a run.
     *
     * <p>The default keeps no history and returns the last report only; stores that keep one override it
     * (both shipped stores do, and {@code SyncStateStoreContract} checks it).
     *
     * @param syncId the sync
     * @param limit  at most this many reports
     * @return the reports, newest first
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    default List<SyncReport> reports(SyncId syncId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return lastReport(syncId).map(List::of).orElse(List.of());
    }

    /**
     * Where the subscriber of {@code stream} for {@code syncId} resumes, as it last saved it with
     * {@link #saveEventPosition}. Each (sync, stream) pair has at most one position, apart from every other
     * pair's; a durable store keeps it across restarts.
     *
     * <p>The default throws {@link UnsupportedOperationException}: a store written before event positions
     * existed keeps none. Both shipped stores override it, and {@code SyncStateStoreContract} checks it (and
     * skips its checks, reported as skipped, for a store that throws).
     *
     * @param syncId the sync
     * @param stream the event stream, e.g. {@code /data/UserChangeEvent}: not blank, at most 200 characters
     * @return the saved position, or empty when none was saved
     * @throws IllegalArgumentException for a blank or longer stream name
     * @throws UnsupportedOperationException when the store keeps no event positions
     * @since 0.3.0
     */
    default Optional<EventPosition> eventPosition(SyncId syncId, String stream) {
        throw new UnsupportedOperationException(noEventPositions(getClass()));
    }

    /**
     * Saves where the subscriber of {@code stream} for {@code syncId} resumes, replacing the position saved
     * before. No lease is needed: a subscriber is not a run and may save while a run holds the sync's lease.
     * The last writer wins; a subscriber that must not move its position backwards keeps one writer per
     * (sync, stream).
     *
     * <p>The default throws {@link UnsupportedOperationException}, as {@link #eventPosition} does.
     *
     * @param syncId   the sync
     * @param stream   the event stream, e.g. {@code /data/UserChangeEvent}: not blank, at most 200 characters
     * @param position where the subscriber resumes
     * @throws IllegalArgumentException for a blank or longer stream name
     * @throws UnsupportedOperationException when the store keeps no event positions
     * @since 0.3.0
     */
    default void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
        throw new UnsupportedOperationException(noEventPositions(getClass()));
    }

    private static String noEventPositions(Class<?> store) {
        return store.getName() + " keeps no event positions: implement SyncStateStore.eventPosition and"
                + " saveEventPosition in it (and run SyncStateStoreContract), or give the event subscriber a store"
                + " that keeps them (JdbcSyncStateStore, InMemorySyncStateStore)";
    }
}
