package io.rostersync.testkit.contracts;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.WaitingUser;
import io.rostersync.testkit.InMemorySyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A state store that passes every call to an in-memory one; a broken store overrides the call it gets wrong. */
class ForwardingSyncStateStore implements SyncStateStore {

    final InMemorySyncStateStore real = new InMemorySyncStateStore();

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
    public Optional<String> cursorFingerprint(SyncId syncId) {
        return real.cursorFingerprint(syncId);
    }

    @Override
    public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        real.saveCursor(lease, cursor, policyFingerprint);
    }

    @Override
    public List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
        return real.heldDeprovisions(syncId);
    }

    @Override
    public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
        real.saveHeldDeprovisions(lease, held);
    }

    @Override
    public List<WaitingUser> waitingUsers(SyncId syncId) {
        return real.waitingUsers(syncId);
    }

    @Override
    public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
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
    public List<SyncReport> reports(SyncId syncId, int limit) {
        return real.reports(syncId, limit);
    }
}
