package io.rostersync.testkit.engine;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A state store that forwards every call to a real one; tests override the calls they make fail (the engine
 * tests here, and the contract tests' deliberately broken stores).
 */
public class ForwardingStateStore implements SyncStateStore {
    private final SyncStateStore real;

    public ForwardingStateStore(SyncStateStore real) {
        this.real = real;
    }

    @Override
    public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
        return real.tryAcquire(syncId, owner, ttl, now);
    }

    @Override
    public Lease renew(Lease lease, Duration ttl, Instant now) {
        return real.renew(lease, ttl, now);
    }

    @Override
    public boolean isCurrent(Lease lease, Instant now) {
        return real.isCurrent(lease, now);
    }

    @Override
    public void release(Lease lease) {
        real.release(lease);
    }

    @Override
    public Links links(SyncId syncId) {
        return real.links(syncId);
    }

    @Override
    public void saveLink(Lease lease, Link link) {
        real.saveLink(lease, link);
    }

    @Override
    public void removeLink(Lease lease, NativeId sourceId) {
        real.removeLink(lease, sourceId);
    }

    @Override
    public Optional<Cursor> cursor(SyncId syncId) {
        return real.cursor(syncId);
    }

    @Override
    public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        real.saveCursor(lease, cursor, policyFingerprint);
    }

    @Override
    public Optional<String> cursorFingerprint(SyncId syncId) {
        return real.cursorFingerprint(syncId);
    }

    @Override
    public java.util.List<io.rostersync.spi.HeldDeprovision> heldDeprovisions(SyncId syncId) {
        return real.heldDeprovisions(syncId);
    }

    @Override
    public void saveHeldDeprovisions(Lease lease, java.util.List<io.rostersync.spi.HeldDeprovision> held) {
        real.saveHeldDeprovisions(lease, held);
    }

    @Override
    public java.util.List<io.rostersync.spi.WaitingUser> waitingUsers(SyncId syncId) {
        return real.waitingUsers(syncId);
    }

    @Override
    public void saveWaitingUsers(Lease lease, java.util.List<io.rostersync.spi.WaitingUser> waiting) {
        real.saveWaitingUsers(lease, waiting);
    }

    @Override
    public Optional<SyncReport> lastReport(SyncId syncId) {
        return real.lastReport(syncId);
    }

    @Override
    public void saveReport(Lease lease, SyncReport report) {
        real.saveReport(lease, report);
    }

    @Override
    public java.util.List<SyncReport> reports(SyncId syncId, int limit) {
        return real.reports(syncId, limit);
    }

    @Override
    public io.rostersync.spi.ScheduleState scheduleState(SyncId syncId) {
        return real.scheduleState(syncId);
    }

    @Override
    public void saveScheduleState(Lease lease, io.rostersync.spi.ScheduleState state) {
        real.saveScheduleState(lease, state);
    }

    @Override
    public Optional<io.rostersync.spi.EventPosition> eventPosition(SyncId syncId, String stream) {
        return real.eventPosition(syncId, stream);
    }

    @Override
    public void saveEventPosition(SyncId syncId, String stream, io.rostersync.spi.EventPosition position) {
        real.saveEventPosition(syncId, stream, position);
    }
}
