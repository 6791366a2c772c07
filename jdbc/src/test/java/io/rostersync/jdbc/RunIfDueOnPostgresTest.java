package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17: hosts that poll ({@code runIfDue}) on several nodes over one PostgreSQL database run each firing of a
 * sync exactly once, because due-ness is checked under the lease against the state the previous run stored.
 */
@Timeout(180)
class RunIfDueOnPostgresTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Schedule HOURLY = Schedule.every(HOUR).withJitter(0).withFullEvery(4, Duration.ofDays(1));

    /** A source whose reads wait until the test lets them go, so the two nodes' polls overlap for sure. */
    private static final class GatedSource implements UserDirectory {
        private final InMemoryUserDirectory real;
        private final CountDownLatch reading;
        private final CountDownLatch release;

        GatedSource(InMemoryUserDirectory real, CountDownLatch reading, CountDownLatch release) {
            this.real = real;
            this.reading = reading;
            this.release = release;
        }

        @Override
        public String name() {
            return "gated-source";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.READ);
        }

        @Override
        public UserPages readAll() {
            UserPages pages = real.readAll();
            return () -> {
                reading.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return pages.next();
            };
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return real.get(id);
        }
    }

    private static JdbcSyncStateStore newStore() {
        JdbcSyncStateStore store = JdbcSyncStateStore.create(PostgresTestServer.dataSource());
        store.migrate();
        return store;
    }

    private static SyncId newSync() {
        return SyncId.of("poll-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aNodePollingWhileAnotherRunsGetsNothingAndAfterwardsFindsTheSyncNotDue() throws Exception {
        SyncId sync = newSync();
        ManualClock clock = new ManualClock(T0);
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(17).profiles(12).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcSyncStateStore storeA = newStore();
        SyncRunner nodeA = SyncRunner.builder().syncId(sync).owner("node-a").clock(clock)
                .source(new GatedSource(source, reading, release)).target(target).stateStore(storeA).build();
        SyncRunner nodeB = SyncRunner.builder().syncId(sync).owner("node-b").clock(clock)
                .source(source).target(target).stateStore(newStore()).build();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Optional<SyncReport>> a = pool.submit(() -> nodeA.runIfDue(HOURLY));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(nodeB.runIfDue(HOURLY)).as("node A holds the lease").isEmpty();
            release.countDown();
            SyncReport ran = a.get(60, TimeUnit.SECONDS).orElseThrow();
            assertThat(ran.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(nodeB.runIfDue(HOURLY)).as("node A recorded the firing").isEmpty();

            assertThat(storeA.reports(sync, 10)).containsExactly(ran);
            assertThat(nodeB.scheduleState()).isEqualTo(
                    new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0.plus(HOUR))));
            assertThat(target.size()).isEqualTo(12);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void twoNodesPollingTogetherRunEveryFiringExactlyOnceAndKeepOneCadence() throws Exception {
        SyncId sync = newSync();
        ManualClock clock = new ManualClock(T0);
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(23).profiles(8).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        JdbcSyncStateStore storeA = newStore();
        SyncRunner nodeA = SyncRunner.builder().syncId(sync).owner("node-a").clock(clock)
                .source(source).target(target).stateStore(storeA).build();
        SyncRunner nodeB = SyncRunner.builder().syncId(sync).owner("node-b").clock(clock)
                .source(source).target(target).stateStore(newStore()).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<PlanMode> modes = new ArrayList<>();
        try {
            for (int firing = 0; firing < 8; firing++) {
                for (int poll = 0; poll < 3; poll++) { // each node polls three times within the hour
                    Instant pollTime = T0.plus(HOUR.multipliedBy(firing)).plus(Duration.ofMinutes(15L * poll));
                    clock.advance(Duration.between(clock.instant(), pollTime));
                    CyclicBarrier together = new CyclicBarrier(2);
                    Future<Optional<SyncReport>> a = pool.submit(() -> {
                        together.await();
                        return nodeA.runIfDue(HOURLY);
                    });
                    Future<Optional<SyncReport>> b = pool.submit(() -> {
                        together.await();
                        return nodeB.runIfDue(HOURLY);
                    });
                    List<SyncReport> ran = new ArrayList<>();
                    a.get(60, TimeUnit.SECONDS).ifPresent(ran::add);
                    b.get(60, TimeUnit.SECONDS).ifPresent(ran::add);
                    assertThat(ran).as("firing %d, poll %d", firing, poll).hasSize(poll == 0 ? 1 : 0);
                    ran.forEach(r -> {
                        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                        modes.add(r.mode());
                    });
                }
                assertThat(storeA.scheduleState(sync).nextDue()).contains(T0.plus(HOUR.multipliedBy(firing + 1)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(modes).containsExactly(PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL,
                PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL);
        assertThat(storeA.reports(sync, 100)).hasSize(8);
        assertThat(target.size()).isEqualTo(8);
    }
}
