package io.rostersync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.TransientException;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(9);
    private static final Lease LEASE = new Lease(SyncId.of("s"), "runner", 7, T0.plus(TTL));

    /** Only the lease part of a store: renewals are recorded, and fail as told. */
    private static final class LeaseOnlyStore implements SyncStateStore {
        final List<Instant> renewals = new ArrayList<>();
        final List<RuntimeException> failures = new ArrayList<>();
        /** What isCurrent answers; null makes it throw as if the store could not be reached. */
        Boolean current = Boolean.TRUE;
        int checks;

        @Override
        public boolean isCurrent(Lease lease, Instant now) {
            checks++;
            if (current == null) {
                throw new TransientException("state store: connection refused");
            }
            return current;
        }

        @Override
        public Lease renew(Lease lease, Duration ttl, Instant now) {
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            renewals.add(now);
            return new Lease(lease.syncId(), lease.owner(), lease.fencingToken(), now.plus(ttl));
        }

        @Override
        public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(Lease lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Links links(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveLink(Lease lease, Link link) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeLink(Lease lease, NativeId sourceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Cursor> cursor(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> cursorFingerprint(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.rostersync.spi.HeldDeprovision> heldDeprovisions(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveHeldDeprovisions(Lease lease, List<io.rostersync.spi.HeldDeprovision> held) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<io.rostersync.spi.WaitingUser> waitingUsers(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveWaitingUsers(Lease lease, List<io.rostersync.spi.WaitingUser> waiting) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<io.rostersync.spi.SyncReport> lastReport(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveReport(Lease lease, io.rostersync.spi.SyncReport report) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.rostersync.spi.ScheduleState scheduleState(SyncId syncId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void saveScheduleState(Lease lease, io.rostersync.spi.ScheduleState state) {
            throw new UnsupportedOperationException();
        }
    }

    /** Moves the clock to {@code t}, never back. */
    private static void setTo(ManualClock clock, Instant t) {
        clock.advance(Duration.between(clock.instant(), t));
    }

    @Test
    void renewsOnceAThirdOfTheTimeToLiveHasPassedAndNotBefore() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.renewing(store, LEASE, TTL, clock);

        setTo(clock, T0.plus(Duration.ofMinutes(2)));
        keeper.checkpoint();
        assertThat(store.renewals).isEmpty();

        setTo(clock, T0.plus(Duration.ofMinutes(3)));
        keeper.checkpoint();
        keeper.checkpoint();
        assertThat(store.renewals).containsExactly(T0.plus(Duration.ofMinutes(3)));
        assertThat(keeper.lease().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        assertThat(keeper.lease().fencingToken()).isEqualTo(7);
    }

    @Test
    void aStoreThatCannotBeReachedIsTriedAgainAtTheNextCheckpoint() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.renewing(store, LEASE, TTL, clock);
        store.failures.add(new TransientException("state store: connection refused"));

        setTo(clock, T0.plus(Duration.ofMinutes(3)));
        keeper.checkpoint();
        assertThat(store.renewals).isEmpty();
        setTo(clock, T0.plus(Duration.ofMinutes(4)));
        keeper.checkpoint();
        assertThat(store.renewals).containsExactly(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void aLeaseTakenOverStopsTheRun() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.renewing(store, LEASE, TTL, clock);
        store.failures.add(new StaleLeaseException(LEASE));

        setTo(clock, T0.plus(Duration.ofMinutes(5)));
        assertThatThrownBy(keeper::checkpoint).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void aFixedLeaseIsNeverRenewed() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        LeaseKeeper keeper = LeaseKeeper.fixed(store, LEASE, new ManualClock(T0));
        keeper.checkpoint();
        keeper.verify();
        assertThat(keeper.lease()).isSameAs(LEASE);
        assertThat(store.renewals).isEmpty();
    }

    @Test
    void verifyAsksTheStoreEveryTimeNotOnlyWhenARenewalIsDue() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.renewing(store, LEASE, TTL, clock);
        keeper.verify();
        keeper.verify();
        assertThat(store.checks).isEqualTo(2);
        assertThat(store.renewals).isEmpty();
        store.current = false; // taken over by a node whose clock runs ahead, before any renewal was due
        assertThatThrownBy(keeper::verify).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void aLeaseExpiredOnTheInjectedClockIsLostEvenWhenTheStoreCannotBeAsked() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.renewing(store, LEASE, TTL, clock);
        store.current = null;
        keeper.verify(); // unexpired: nobody can have taken it over, so an unreachable store does not stop the run
        for (int i = 0; i < 5; i++) {
            store.failures.add(new TransientException("state store: connection refused"));
        }
        setTo(clock, T0.plus(TTL)); // every renewal failed meanwhile
        assertThatThrownBy(keeper::verify).isInstanceOf(StaleLeaseException.class);
        assertThat(store.renewals).isEmpty();
    }

    @Test
    void aFixedLeaseIsVerifiedToo() {
        LeaseOnlyStore store = new LeaseOnlyStore();
        ManualClock clock = new ManualClock(T0);
        LeaseKeeper keeper = LeaseKeeper.fixed(store, LEASE, clock);
        store.current = false;
        assertThatThrownBy(keeper::verify).isInstanceOf(StaleLeaseException.class);
        store.current = true;
        setTo(clock, LEASE.expiresAt());
        assertThatThrownBy(keeper::verify).isInstanceOf(StaleLeaseException.class);
    }
}
