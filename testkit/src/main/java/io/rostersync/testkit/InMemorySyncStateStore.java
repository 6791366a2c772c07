package io.rostersync.testkit;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.WaitingUser;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SyncStateStore} in memory: for tests, demos and single-process hosts that can afford to
 * lose state on restart (the next run then re-matches by key, and the schedule starts afresh). Thread-safe; leases are fenced like the
 * JDBC store's. Persistence steps can be made to fail, to test crash convergence.
 *
 * @since 0.1.0
 */
public final class InMemorySyncStateStore implements SyncStateStore {

    /** A persistence step that can be made to fail. */
    public enum Step {
        /** {@link #saveLink} and {@link #removeLink}. */
        LINK,
        /** {@link #saveCursor}. */
        CURSOR,
        /** {@link #saveReport}. */
        REPORT,
        /** {@link #saveHeldDeprovisions}. */
        HELD,
        /** {@link #saveWaitingUsers}. */
        WAITING,
        /** {@link #saveScheduleState}. */
        SCHEDULE,
        /** {@link #saveEventPosition}. */
        EVENT_POSITION
    }

    private static final class State {
        final Map<NativeId, Link> links = new LinkedHashMap<>();
        /** Source id by target id, so checking a new link stays constant-time at 100k links. */
        final Map<NativeId, NativeId> sourceByTarget = new java.util.HashMap<>();
        @Nullable Cursor cursor;
        @Nullable String cursorFingerprint;
        List<HeldDeprovision> held = List.of();
        List<WaitingUser> waiting = List.of();
        @Nullable SyncReport report;
        /** Newest first, at most {@code reportHistory} long. */
        final java.util.ArrayDeque<SyncReport> history = new java.util.ArrayDeque<>();
        ScheduleState schedule = ScheduleState.never();
        final Map<String, EventPosition> eventPositions = new HashMap<>();
        @Nullable Lease lease;
        long fencing;
    }

    private final Map<SyncId, State> states = new HashMap<>();
    private final Map<Step, Integer> failAfter = new HashMap<>();
    private final int reportHistory;

    /** A store keeping the last {@value SyncStateStore#DEFAULT_REPORT_HISTORY} reports per sync. */
    public InMemorySyncStateStore() {
        this(DEFAULT_REPORT_HISTORY);
    }

    /**
     * A store keeping the last {@code reportHistory} reports per sync.
     *
     * @param reportHistory how many reports per sync to keep
     * @throws IllegalArgumentException when {@code reportHistory} is less than 1
     */
    public InMemorySyncStateStore(int reportHistory) {
        if (reportHistory < 1) {
            throw new IllegalArgumentException("reportHistory must be at least 1 (the last report is always kept), was " + reportHistory);
        }
        this.reportHistory = reportHistory;
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
        State s = state(syncId);
        if (s.lease != null && now.isBefore(s.lease.expiresAt())) {
            return Optional.empty();
        }
        s.lease = new Lease(syncId, owner, ++s.fencing, now.plus(ttl));
        return Optional.of(s.lease);
    }

    @Override
    public synchronized Lease renew(Lease lease, Duration ttl, Instant now) {
        State s = state(lease.syncId());
        if (s.lease == null || s.lease.fencingToken() != lease.fencingToken()) {
            throw new StaleLeaseException(lease);
        }
        s.lease = new Lease(lease.syncId(), s.lease.owner(), lease.fencingToken(), now.plus(ttl));
        return s.lease;
    }

    @Override
    public synchronized boolean isCurrent(Lease lease, Instant now) {
        State s = state(lease.syncId());
        return s.lease != null && s.lease.fencingToken() == lease.fencingToken() && now.isBefore(s.lease.expiresAt());
    }

    @Override
    public synchronized void release(Lease lease) {
        State s = state(lease.syncId());
        if (s.lease != null && s.lease.fencingToken() == lease.fencingToken()) {
            s.lease = null;
        }
    }

    @Override
    public synchronized Links links(SyncId syncId) {
        return Links.of(state(syncId).links.values());
    }

    @Override
    public synchronized void saveLink(Lease lease, Link link) {
        State s = checked(lease, Step.LINK);
        NativeId previousSource = s.sourceByTarget.get(link.targetId());
        if (previousSource != null && !previousSource.equals(link.sourceId())) {
            throw new ConflictException("target " + link.targetId()
                    + " is already linked to source " + previousSource);
        }
        Link replaced = s.links.put(link.sourceId(), link);
        if (replaced != null) {
            s.sourceByTarget.remove(replaced.targetId());
        }
        s.sourceByTarget.put(link.targetId(), link.sourceId());
    }

    @Override
    public synchronized void removeLink(Lease lease, NativeId sourceId) {
        State s = checked(lease, Step.LINK);
        Link removed = s.links.remove(sourceId);
        if (removed != null) {
            s.sourceByTarget.remove(removed.targetId());
        }
    }

    @Override
    public synchronized Optional<Cursor> cursor(SyncId syncId) {
        return Optional.ofNullable(state(syncId).cursor);
    }

    @Override
    public synchronized Optional<String> cursorFingerprint(SyncId syncId) {
        return Optional.ofNullable(state(syncId).cursorFingerprint);
    }

    @Override
    public synchronized void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        Objects.requireNonNull(cursor, "cursor");
        requireFingerprint(policyFingerprint);
        State s = checked(lease, Step.CURSOR);
        s.cursor = cursor;
        s.cursorFingerprint = policyFingerprint;
    }

    @Override
    public synchronized List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
        return state(syncId).held;
    }

    @Override
    public synchronized void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
        List<HeldDeprovision> copy = distinct(held, HeldDeprovision::targetId, "target account");
        checked(lease, Step.HELD).held = copy;
    }

    @Override
    public synchronized List<WaitingUser> waitingUsers(SyncId syncId) {
        return state(syncId).waiting;
    }

    @Override
    public synchronized void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
        List<WaitingUser> copy = distinct(waiting, WaitingUser::sourceId, "source user");
        checked(lease, Step.WAITING).waiting = copy;
    }

    private static <T> List<T> distinct(List<T> entries, Function<T, NativeId> key, String what) {
        List<T> copy = List.copyOf(entries);
        Set<NativeId> seen = new HashSet<>();
        for (T e : copy) {
            if (!seen.add(key.apply(e))) {
                throw new IllegalArgumentException("two entries name the same " + what + " " + key.apply(e));
            }
        }
        return copy;
    }

    private static void requireFingerprint(String fingerprint) {
        Objects.requireNonNull(fingerprint, "policyFingerprint");
        if (fingerprint.isBlank() || fingerprint.length() > 1000) {
            throw new IllegalArgumentException("policy fingerprint must be 1 to 1000 characters, not blank");
        }
    }

    @Override
    public synchronized Optional<SyncReport> lastReport(SyncId syncId) {
        return Optional.ofNullable(state(syncId).report);
    }

    @Override
    public synchronized void saveReport(Lease lease, SyncReport report) {
        State s = checked(lease, Step.REPORT);
        s.report = report;
        s.history.addFirst(report);
        while (s.history.size() > reportHistory) {
            s.history.removeLast();
        }
    }

    @Override
    public synchronized List<SyncReport> reports(SyncId syncId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return state(syncId).history.stream().limit(limit).toList();
    }

    @Override
    public synchronized ScheduleState scheduleState(SyncId syncId) {
        return state(syncId).schedule;
    }

    @Override
    public synchronized void saveScheduleState(Lease lease, ScheduleState state) {
        Objects.requireNonNull(state, "state");
        checked(lease, Step.SCHEDULE).schedule = state;
    }

    @Override
    public synchronized Optional<EventPosition> eventPosition(SyncId syncId, String stream) {
        requireStream(stream);
        return Optional.ofNullable(state(syncId).eventPositions.get(stream));
    }

    /**
     * {@inheritDoc}
     *
     * <p>No lease is checked; a failure injected for {@link Step#EVENT_POSITION} still applies.
     */
    @Override
    public synchronized void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
        Objects.requireNonNull(syncId, "syncId");
        requireStream(stream);
        Objects.requireNonNull(position, "position");
        injectedFailure(Step.EVENT_POSITION);
        state(syncId).eventPositions.put(stream, position);
    }

    private static void requireStream(String stream) {
        Objects.requireNonNull(stream, "stream");
        if (stream.isBlank() || stream.length() > 200) {
            throw new IllegalArgumentException("event stream name must be 1 to 200 characters, not blank (was "
                    + stream.length() + " characters)");
        }
    }

    /**
     * After {@code k} more successful writes of {@code step}, the next one throws (a crash at that step).
     *
     * @param step the step
     * @param k    successful writes of that step before the failure
     * @return this store
     */
    public synchronized InMemorySyncStateStore failAfter(Step step, int k) {
        failAfter.put(step, k);
        return this;
    }

    /**
     * Removes every injected failure.
     *
     * @return this store
     */
    public synchronized InMemorySyncStateStore heal() {
        failAfter.clear();
        return this;
    }

    /**
     * Forgets the lease of {@code syncId}, as if it expired.
     *
     * @param syncId the sync
     */
    public synchronized void expireLease(SyncId syncId) {
        state(syncId).lease = null;
    }

    private State checked(Lease lease, Step step) {
        State s = state(lease.syncId());
        if (s.lease == null || s.lease.fencingToken() != lease.fencingToken()) {
            throw new StaleLeaseException(lease);
        }
        injectedFailure(step);
        return s;
    }

    private void injectedFailure(Step step) {
        Integer remaining = failAfter.get(step);
        if (remaining != null) {
            if (remaining == 0) {
                throw new TransientException("injected failure storing " + step);
            }
            failAfter.put(step, remaining - 1);
        }
    }

    private State state(SyncId syncId) {
        return states.computeIfAbsent(syncId, k -> new State());
    }
}
