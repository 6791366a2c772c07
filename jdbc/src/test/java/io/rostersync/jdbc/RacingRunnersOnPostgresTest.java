package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runners of two nodes (each with its own store) racing one sync on one PostgreSQL database, by hand ({@code run})
 * or polling ({@code runIfDue}, issue 17): the sync runs exactly once at a time, and each firing of a schedule
 * exactly once, because the lease is taken first and due-ness is checked under it against what the previous run
 * stored.
 */
@Timeout(180)
class RacingRunnersOnPostgresTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Schedule HOURLY = Schedule.every(HOUR).withJitter(0).withFullEvery(4, Duration.ofDays(1));

    private final SyncId sync = SyncId.of("race-" + UUID.randomUUID().toString().substring(0, 8));
    private final InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
    private final InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void letGo() {
        release.countDown();
        pool.shutdownNow();
    }

    /** A source whose reads wait until the test lets them go, so that two nodes' runs overlap for sure. */
    private final class GatedSource implements UserDirectory {

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
            UserPages pages = source.readAll();
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
            return source.get(id);
        }
    }

    private static JdbcSyncStateStore newStore() {
        JdbcSyncStateStore store = JdbcSyncStateStore.create(PostgresTestServer.dataSource());
        store.migrate();
        return store;
    }

    private SyncRunner.Builder node(String owner, UserDirectory from, JdbcSyncStateStore store) {
        return SyncRunner.builder().syncId(sync).owner(owner).source(from).target(target).stateStore(store);
    }

    /**
     * Starts {@code first} (whose source is gated), runs {@code second} once {@code first} is reading, then lets
     * {@code first} finish.
     */
    private <T> List<T> overlapping(Callable<T> first, Callable<T> second) throws Exception {
        Future<T> a = pool.submit(first);
        assertThat(reading.await(30, TimeUnit.SECONDS)).as("the first run reads").isTrue();
        T b = pool.submit(second).get(30, TimeUnit.SECONDS);
        release.countDown();
        return List.of(a.get(60, TimeUnit.SECONDS), b);
    }

    @Test
    void twoRunnersOnOneDatabaseRunTheSyncExactlyOnce() throws Exception {
        new RosterGenerator(11).profiles(30).forEach(source::add);
        JdbcSyncStateStore store = newStore();
        SyncRunner first = node("node-a", new GatedSource(), store).build();
        SyncRunner second = node("node-b", source, newStore()).build();

        List<SyncReport> reports = overlapping(() -> first.run(RunOptions.defaults()), () -> second.run(RunOptions.defaults()));

        assertThat(reports).extracting(SyncReport::status).containsExactly(RunStatus.SUCCEEDED, RunStatus.BUSY);
        assertThat(target.size()).isEqualTo(30);
        assertThat(store.links(sync).size()).isEqualTo(30);
        assertThat(reports).filteredOn(r -> r.plannedTotal() > 0).hasSize(1);
    }

    @Test
    void aNodePollingWhileAnotherRunsGetsNothingAndAfterwardsFindsTheSyncNotDue() throws Exception {
        ManualClock clock = new ManualClock(T0);
        new RosterGenerator(17).profiles(12).forEach(source::add);
        JdbcSyncStateStore storeA = newStore();
        SyncRunner nodeA = node("node-a", new GatedSource(), storeA).clock(clock).build();
        SyncRunner nodeB = node("node-b", source, newStore()).clock(clock).build();

        List<Optional<SyncReport>> polls = overlapping(() -> nodeA.runIfDue(HOURLY), () -> nodeB.runIfDue(HOURLY));

        assertThat(polls.get(1)).as("node A holds the lease").isEmpty();
        SyncReport ran = polls.get(0).orElseThrow();
        assertThat(ran.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(nodeB.runIfDue(HOURLY)).as("node A recorded the firing").isEmpty();
        assertThat(storeA.reports(sync, 10)).containsExactly(ran);
        assertThat(nodeB.scheduleState()).isEqualTo(
                new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0.plus(HOUR))));
        assertThat(target.size()).isEqualTo(12);
    }

    @Test
    void twoNodesPollingTogetherRunEveryFiringExactlyOnceAndKeepOneCadence() throws Exception {
        ManualClock clock = new ManualClock(T0);
        new RosterGenerator(23).profiles(8).forEach(source::add);
        JdbcSyncStateStore storeA = newStore();
        SyncRunner nodeA = node("node-a", source, storeA).clock(clock).build();
        SyncRunner nodeB = node("node-b", source, newStore()).clock(clock).build();
        List<PlanMode> modes = new ArrayList<>();
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
        assertThat(modes).containsExactly(PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL,
                PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL);
        assertThat(storeA.reports(sync, 100)).hasSize(8);
        assertThat(target.size()).isEqualTo(8);
    }
}
