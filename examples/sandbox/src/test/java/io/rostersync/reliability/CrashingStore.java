package io.rostersync.reliability;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A state store that dies at its k-th persistence step (a link saved or removed, the held and waiting
 * lists, the cursor, the report):
 * that write and every later one, the lease release included, fail as if the process had crashed there.
 * Counts the steps it saw, so a clean run tells how many there are.
 */
final class CrashingStore implements SyncStateStore {

    private final SyncStateStore delegate;
    private final int crashAtStep;
    private int steps;
    private boolean dead;
    private final List<String> seen = new ArrayList<>();

    /** @param crashAtStep 1-based step to die at; 0 never dies */
    CrashingStore(SyncStateStore delegate, int crashAtStep) {
        this.delegate = delegate;
        this.crashAtStep = crashAtStep;
    }

    int steps() {
        return steps;
    }

    List<String> seen() {
        return seen;
    }

    private void step(String what) {
        steps++;
        seen.add(what);
        if (crashAtStep > 0 && steps >= crashAtStep) {
            dead = true;
        }
        if (dead) {
            throw new IllegalStateException("injected crash at persistence step " + steps + " (" + what + ")");
        }
    }

    @Override
    public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
        return delegate.tryAcquire(syncId, owner, ttl, now);
    }

    @Override
    public Lease renew(Lease lease, Duration ttl, Instant now) {
        return delegate.renew(lease, ttl, now);
    }

    @Override
    public boolean isCurrent(Lease lease, Instant now) {
        return delegate.isCurrent(lease, now);
    }

    @Override
    public void release(Lease lease) {
        if (dead) {
            throw new IllegalStateException("crashed: the lease is never released");
        }
        delegate.release(lease);
    }

    @Override
    public Links links(SyncId syncId) {
        return delegate.links(syncId);
    }

    @Override
    public void saveLink(Lease lease, Link link) {
        step("link");
        delegate.saveLink(lease, link);
    }

    @Override
    public void removeLink(Lease lease, NativeId sourceId) {
        step("unlink");
        delegate.removeLink(lease, sourceId);
    }

    @Override
    public Optional<Cursor> cursor(SyncId syncId) {
        return delegate.cursor(syncId);
    }

    @Override
    public Optional<String> cursorFingerprint(SyncId syncId) {
        return delegate.cursorFingerprint(syncId);
    }

    @Override
    public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        step("cursor");
        delegate.saveCursor(lease, cursor, policyFingerprint);
    }

    @Override
    public List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
        return delegate.heldDeprovisions(syncId);
    }

    @Override
    public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
        step("held");
        delegate.saveHeldDeprovisions(lease, held);
    }

    @Override
    public List<WaitingUser> waitingUsers(SyncId syncId) {
        return delegate.waitingUsers(syncId);
    }

    @Override
    public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
        step("waiting");
        delegate.saveWaitingUsers(lease, waiting);
    }

    @Override
    public Optional<SyncReport> lastReport(SyncId syncId) {
        return delegate.lastReport(syncId);
    }

    @Override
    public void saveReport(Lease lease, SyncReport report) {
        step("report");
        delegate.saveReport(lease, report);
    }

    @Override
    public io.rostersync.spi.ScheduleState scheduleState(SyncId syncId) {
        return delegate.scheduleState(syncId);
    }

    /** Not one of the counted steps (it comes after the report); after a crash it fails like every write. */
    @Override
    public void saveScheduleState(Lease lease, io.rostersync.spi.ScheduleState state) {
        if (dead) {
            throw new IllegalStateException("crashed: the schedule state is never saved");
        }
        delegate.saveScheduleState(lease, state);
    }

    @Override
    public Optional<io.rostersync.spi.EventPosition> eventPosition(SyncId syncId, String stream) {
        return delegate.eventPosition(syncId, stream);
    }

    /** Not one of a run's steps (subscribers save positions); after a crash it fails like every write. */
    @Override
    public void saveEventPosition(SyncId syncId, String stream, io.rostersync.spi.EventPosition position) {
        if (dead) {
            throw new IllegalStateException("crashed: the event position is never saved");
        }
        delegate.saveEventPosition(syncId, stream, position);
    }
}
