package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.plan.Plan;
import io.rostersync.spi.Capability;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.TransientException;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A runner that lost its lease (it stalled, and another node took the sync over) writes nothing more to
 * the target. Writes are counted on the target directory itself. Each test failed before: the executor
 * checked the lease only when a renewal fell due, and went on when a renewal could not reach the store.
 */
class FencingReachesTheTargetTest {

    private static final SyncId SYNC = SyncId.of("hr-to-app");
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(30);

    private final ManualClock clock = new ManualClock(T0);
    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("hr").idPrefix("hr-").build();
        target = InMemoryUserDirectory.builder("app").idPrefix("app-").without(Capability.BATCH_WRITE).build();
        store = new InMemorySyncStateStore();
        for (int i = 0; i < 10; i++) {
            source.add(UserProfile.builder().email("user" + i + "@corp.example").firstName("U").lastName("" + i).build());
        }
    }

    private SyncRunner runner(SyncStateStore s, SyncListener listener) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(s).clock(clock)
                .leaseTtl(TTL).owner("node-a").listener(listener).build();
    }

    @Test
    void aRunnerWhoseLeaseWasTakenOverBeforeItsFirstWriteWritesNothing() {
        SyncListener stall = new SyncListener() {
            @Override
            public void planned(Plan plan) {
                // Node A stalls here. Node B, whose clock runs ahead, finds the lease expired and takes over;
                // on A's clock only a minute passed, so no renewal is due that would have told it.
                store.expireLease(SYNC);
                assertThat(store.tryAcquire(SYNC, "node-b", TTL, T0.plus(Duration.ofMinutes(31)))).isPresent();
                clock.advance(Duration.ofMinutes(1));
            }
        };

        SyncReport report = runner(store, stall).run(RunOptions.defaults());

        assertThat(target.writeCount()).isZero();
        assertThat(target.size()).isZero();
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("no longer current");
    }

    @Test
    void aRunnerThatLosesItsLeaseMidWayStopsBeforeItsNextWrite() {
        AtomicInteger writesAtTakeover = new AtomicInteger(-1);
        SyncListener takeoverAfterThree = new SyncListener() {
            @Override
            public void applied(int done, int total, ActionOutcome outcome) {
                if (done == 3) {
                    store.expireLease(SYNC);
                    assertThat(store.tryAcquire(SYNC, "node-b", TTL, T0.plus(Duration.ofMinutes(31)))).isPresent();
                    writesAtTakeover.set(target.writeCount());
                }
            }
        };

        runner(store, takeoverAfterThree).run(RunOptions.defaults());

        assertThat(writesAtTakeover.get()).isEqualTo(3);
        assertThat(target.writeCount()).as("writes after node B took over").isEqualTo(3);
        assertThat(target.size()).isEqualTo(3);
    }

    @Test
    void aLeaseThatExpiredWhileTheStoreWasUnreachableStopsTheRunOnTheInjectedClock() {
        // Renewals and checks cannot reach the store; A's own clock says the lease ran out meanwhile.
        SyncStateStore flaky = new Unreachable(store);
        SyncListener stall = new SyncListener() {
            @Override
            public void planned(Plan plan) {
                clock.advance(TTL.plusSeconds(1));
            }
        };

        SyncReport report = runner(flaky, stall).run(RunOptions.defaults());

        assertThat(target.writeCount()).isZero();
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aRunnerThatKeepsItsLeaseWritesEverything() {
        SyncReport report = runner(store, SyncListener.none()).run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(10);
    }

    /** A store whose lease renewals and checks fail as if the database were down; everything else works. */
    private static final class Unreachable extends ForwardingStateStore {

        Unreachable(SyncStateStore delegate) {
            super(delegate);
        }

        @Override
        public Lease renew(Lease lease, Duration ttl, Instant now) {
            throw new TransientException("state store: connection refused");
        }

        @Override
        public boolean isCurrent(Lease lease, Instant now) {
            throw new TransientException("state store: connection refused");
        }
    }
}
