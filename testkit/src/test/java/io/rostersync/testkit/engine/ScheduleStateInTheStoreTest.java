package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.model.SyncId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 17: the schedule's memory lives in the state store, so every node and every restart decides the same. */
@Timeout(60)
class ScheduleStateInTheStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final SyncId SYNC = SyncId.of("tenant-1");
    private static final Duration HOUR = Duration.ofHours(1);
    /** Hourly, no jitter, a full read every third run or after a day. */
    private static final Schedule HOURLY = Schedule.every(HOUR).withJitter(0).withFullEvery(3, Duration.ofDays(1));

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;
    private ManualClock clock;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.create("source");
        new RosterGenerator(11).profiles(4).forEach(source::add);
        target = InMemoryUserDirectory.create("target");
        store = new InMemorySyncStateStore();
        clock = new ManualClock(T0);
    }

    private SyncRunner runner(String owner) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(store).clock(clock).owner(owner).build();
    }

    private SyncRunner runner() {
        return runner("node-a");
    }

    private void at(Instant t) {
        clock.advance(Duration.between(clock.instant(), t));
    }

    @Test
    void aSyncThatNeverRanHasTheEmptyState() {
        assertThat(runner().scheduleState()).isEqualTo(ScheduleState.never());
        assertThat(ScheduleState.never().isDue(T0)).isTrue();
    }

    @Test
    void aScheduledRunRecordsItsFullReadAndIsNextDueOneIntervalAfterItsStart() {
        SyncReport report = runner().runScheduled(HOURLY);

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.mode()).isEqualTo(PlanMode.FULL);
        assertThat(store.scheduleState(SYNC)).isEqualTo(
                new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0.plus(HOUR))));
    }

    @Test
    void theStoredCountDecidesFullOrIncrementalAndAFullReadResetsIt() {
        List<PlanMode> modes = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            at(T0.plus(HOUR.multipliedBy(i)));
            modes.add(runner("node-" + i).runScheduled(HOURLY).mode()); // a different runner each time, one store
            counts.add(store.scheduleState(SYNC).runsSinceFull());
        }
        assertThat(modes).containsExactly(PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.FULL,
                PlanMode.INCREMENTAL);
        assertThat(counts).containsExactly(0, 1, 2, 0, 1);
        ScheduleState state = store.scheduleState(SYNC);
        assertThat(state.lastFullRun()).contains(T0.plus(HOUR.multipliedBy(3)));
        assertThat(state.lastIncrementalRun()).contains(T0.plus(HOUR.multipliedBy(4)));
    }

    @Test
    void aLateRunIsNextDueOneIntervalAfterTheDueTimeItServedNotAfterItsStart() {
        runner().runScheduled(HOURLY);
        at(T0.plus(HOUR).plus(Duration.ofMinutes(10))); // the trigger fired ten minutes late

        runner().runScheduled(HOURLY);

        assertThat(store.scheduleState(SYNC).nextDue()).contains(T0.plus(HOUR.multipliedBy(2)));
    }

    @Test
    void aNodeDownForADayRunsOnceAndContinuesFromNowWithoutCatchUpRuns() {
        runner().runScheduled(HOURLY);
        Instant back = T0.plus(Duration.ofHours(25)).plus(Duration.ofMinutes(7));
        at(back);

        assertThat(runner().runIfDue(HOURLY)).isPresent();
        assertThat(store.scheduleState(SYNC).nextDue()).contains(back.plus(HOUR));
        assertThat(runner().runIfDue(HOURLY)).as("no burst of missed firings").isEmpty();
    }

    @Test
    void aRunMadeEarlyRestartsTheCadenceFromItsStart() {
        runner().runScheduled(HOURLY);
        at(T0.plus(Duration.ofMinutes(20)));

        runner().runScheduled(HOURLY);

        assertThat(store.scheduleState(SYNC).nextDue()).contains(T0.plus(Duration.ofMinutes(80)));
    }

    @Test
    void anEngineThatOwnsTheTimingHasItsNextFireTimeStoredAsItIs() {
        Instant engineNext = T0.plus(Duration.ofMinutes(37));

        runner().runScheduled(HOURLY, engineNext);

        assertThat(store.scheduleState(SYNC).nextDue()).contains(engineNext);
        assertThat(store.scheduleState(SYNC).lastFullRun()).contains(T0);
    }

    @Test
    void aFailedRunAdvancesNextDueButDoesNotCountAsTheFullRunItTriedToBe() {
        source.failReadsAfterPages(0);
        SyncReport failed = runner().runScheduled(HOURLY);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(store.scheduleState(SYNC)).isEqualTo(
                new ScheduleState(Optional.empty(), Optional.empty(), 0, Optional.of(T0.plus(HOUR))));
        assertThat(runner().runIfDue(HOURLY)).as("not retried on every poll").isEmpty();

        source.heal();
        at(T0.plus(HOUR));
        SyncReport next = runner().runIfDue(HOURLY).orElseThrow();
        assertThat(next.mode()).as("still owes the full read").isEqualTo(PlanMode.FULL);
        assertThat(store.scheduleState(SYNC).lastFullRun()).contains(T0.plus(HOUR));
    }

    @Test
    void aFailedIncrementalRunDoesNotCountEither() {
        runner().runScheduled(HOURLY);
        at(T0.plus(HOUR));
        source.failReadsAfterPages(0);

        assertThat(runner().runScheduled(HOURLY).status()).isEqualTo(RunStatus.FAILED);

        assertThat(store.scheduleState(SYNC)).isEqualTo(
                new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0.plus(HOUR.multipliedBy(2)))));
    }

    @Test
    void aBusyRunRecordsNothingAndRunIfDueReturnsNothingWhileAnotherNodeHoldsTheLease() {
        runner().runScheduled(HOURLY);
        at(T0.plus(HOUR));
        ScheduleState before = store.scheduleState(SYNC);
        Lease other = store.tryAcquire(SYNC, "node-b", Duration.ofMinutes(5), clock.instant()).orElseThrow();

        assertThat(runner().runScheduled(HOURLY).status()).isEqualTo(RunStatus.BUSY);
        assertThat(runner().runIfDue(HOURLY)).isEmpty();

        assertThat(store.scheduleState(SYNC)).isEqualTo(before);
        store.release(other);
    }

    @Test
    void aDryRunRecordsNothing() {
        assertThat(runner().run(RunOptions.defaults().withDryRun().withForceFull()).status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(store.scheduleState(SYNC)).isEqualTo(ScheduleState.never());
    }

    @Test
    void aRunMadeByHandCountsTowardsTheCadenceButKeepsTheStoredNextDue() {
        runner().runScheduled(HOURLY);
        at(T0.plus(Duration.ofMinutes(30)));

        assertThat(runner().run(RunOptions.defaults().withForceFull()).mode()).isEqualTo(PlanMode.FULL);

        assertThat(store.scheduleState(SYNC)).isEqualTo(
                new ScheduleState(Optional.of(T0.plus(Duration.ofMinutes(30))), Optional.empty(), 0, Optional.of(T0.plus(HOUR))));
    }

    @Test
    void runIfDueRunsOnlyOnceTheStoredNextDueHasComeAndLeavesTheLeaseFree() {
        assertThat(runner().runIfDue(HOURLY)).as("never ran: due now").isPresent();
        int reports = store.reports(SYNC, 100).size();

        at(T0.plus(Duration.ofMinutes(59)));
        assertThat(runner().runIfDue(HOURLY)).isEmpty();
        assertThat(store.reports(SYNC, 100)).as("nothing saved when not due").hasSize(reports);
        assertThat(store.tryAcquire(SYNC, "probe", Duration.ofMinutes(1), clock.instant())).as("lease released")
                .hasValueSatisfying(store::release);

        at(T0.plus(HOUR));
        assertThat(runner().runIfDue(HOURLY)).hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(PlanMode.INCREMENTAL));
    }

    @Test
    void twoNodesPollingOneStoreAtTheSameMomentRunEachFiringExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int firing = 0; firing < 30; firing++) {
                at(T0.plus(HOUR.multipliedBy(firing)));
                SyncRunner a = runner("node-a");
                SyncRunner b = runner("node-b");
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Optional<SyncReport>> fa = pool.submit(() -> {
                    together.await();
                    return a.runIfDue(HOURLY);
                });
                Future<Optional<SyncReport>> fb = pool.submit(() -> {
                    together.await();
                    return b.runIfDue(HOURLY);
                });
                List<SyncReport> ran = new ArrayList<>();
                fa.get().ifPresent(ran::add);
                fb.get().ifPresent(ran::add);
                assertThat(ran).as("firing %d", firing).hasSize(1);
                assertThat(ran.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(store.scheduleState(SYNC).nextDue()).contains(T0.plus(HOUR.multipliedBy(firing + 1)));
            }
            assertThat(store.reports(SYNC, 100)).as("one report per firing, up to the history kept").hasSize(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCrashBeforeTheScheduleStateIsWrittenLeavesTheFiringUnrecordedSoTheNextTriggerRunsAgain() {
        store.failAfter(InMemorySyncStateStore.Step.SCHEDULE, 0);

        SyncReport first = runner().runIfDue(HOURLY).orElseThrow();

        assertThat(first.status()).as("the run itself is not failed by it").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.lastReport(SYNC)).contains(first);
        assertThat(store.scheduleState(SYNC)).isEqualTo(ScheduleState.never());
        assertThat(store.tryAcquire(SYNC, "probe", Duration.ofMinutes(1), clock.instant())).as("lease released")
                .hasValueSatisfying(store::release);

        store.heal();
        at(T0.plus(Duration.ofMinutes(1)));
        SyncReport again = runner().runIfDue(HOURLY).orElseThrow();
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.scheduleState(SYNC).nextDue()).contains(T0.plus(Duration.ofMinutes(61)));
        assertThat(target.size()).as("converged: nobody twice").isEqualTo(4);
    }

    @Test
    void aLeaseLostBeforeTheScheduleWriteLeavesTheFiringUnrecorded() {
        // the store's lease expires during the run: the report and the state are refused, the next trigger runs
        SyncRunner stalled = SyncRunner.builder().syncId(SYNC).source(source).target(target).clock(clock)
                .stateStore(new ForwardingStateStore(store) {
                    @Override
                    public void saveScheduleState(Lease lease, ScheduleState state) {
                        store.expireLease(SYNC);
                        store.tryAcquire(SYNC, "node-b", Duration.ofMinutes(1), clock.instant()).ifPresent(store::release);
                        super.saveScheduleState(lease, state);
                    }
                }).build();

        assertThat(stalled.runScheduled(HOURLY).status()).isEqualTo(RunStatus.SUCCEEDED);

        assertThat(store.scheduleState(SYNC)).isEqualTo(ScheduleState.never());
    }

    @Test
    void jitterIsTheSameOnEveryNodeForOneFiringAndWithinTheSchedulesFraction() {
        Schedule jittered = Schedule.every(HOUR).withJitter(0.5);
        Set<Instant> dues = new HashSet<>();
        for (String sync : List.of("a", "b", "c", "d", "e", "f")) {
            Instant due = null;
            for (int node = 0; node < 3; node++) {
                InMemorySyncStateStore own = new InMemorySyncStateStore(); // separate stores: nothing shared but the rule
                SyncRunner r = SyncRunner.builder().syncId(SyncId.of(sync)).source(source)
                        .target(InMemoryUserDirectory.create("t")).stateStore(own).clock(clock).build();
                r.runScheduled(jittered);
                Instant next = own.scheduleState(SyncId.of(sync)).nextDue().orElseThrow();
                assertThat(next).isBetween(T0.plus(HOUR), T0.plus(HOUR).plus(Duration.ofMinutes(30)));
                if (due != null) {
                    assertThat(next).as("node %d of sync %s", node, sync).isEqualTo(due);
                }
                due = next;
            }
            dues.add(due);
        }
        assertThat(dues).as("tenants spread out").hasSizeGreaterThan(1);
    }

    @Test
    void scheduleStateRejectsANegativeCountAndNulls() {
        assertThatThrownBy(() -> new ScheduleState(Optional.empty(), Optional.empty(), -1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runsSinceFull");
        assertThatThrownBy(() -> new ScheduleState(null, Optional.empty(), 0, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("lastFullRun");
        assertThatThrownBy(() -> new ScheduleState(Optional.empty(), Optional.empty(), 0, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("nextDue");
        assertThatThrownBy(() -> store.saveScheduleState(
                store.tryAcquire(SYNC, "a", HOUR, T0).orElseThrow(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anUnknownSyncNamesTheIdAndIsANotFound() {
        UnknownSyncException e = new UnknownSyncException(SyncId.of("deleted-tenant"));

        assertThat(e.syncId()).isEqualTo(SyncId.of("deleted-tenant"));
        assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(e.getMessage()).contains("deleted-tenant", "unschedule");
    }
}
