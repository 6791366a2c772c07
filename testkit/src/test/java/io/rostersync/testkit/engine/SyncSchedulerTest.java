package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SyncSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void seedCadenceRunsFirstWithinTheHourThenEverySixHours() {
        Schedule s = Schedule.everySixHours();
        Random r = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(s.delayBefore(0, r)).isLessThanOrEqualTo(Duration.ofHours(1));
            Duration next = s.delayBefore(1, r);
            assertThat(next).isBetween(Duration.ofHours(6), Duration.ofHours(6).plusMinutes(36));
        }
    }

    @Test
    void fullReconciliationIsDueEveryNRunsOrAfterTheMaximumAge() {
        Schedule s = Schedule.every(Duration.ofHours(1)).withFullEvery(3, Duration.ofHours(12));
        assertThat(s.fullDue(0, Optional.empty(), T0)).isTrue();
        assertThat(s.fullDue(0, Optional.of(T0), T0.plusSeconds(3600))).isFalse();
        assertThat(s.fullDue(1, Optional.of(T0), T0.plusSeconds(7200))).isFalse();
        assertThat(s.fullDue(2, Optional.of(T0), T0.plusSeconds(10800))).isTrue();
        assertThat(s.fullDue(0, Optional.of(T0), T0.plus(Duration.ofHours(12)))).isTrue();
    }

    @Test
    void invalidSchedulesAreRejected() {
        assertThatThrownBy(() -> new Schedule(Duration.ZERO, Duration.ZERO, 0, 1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> Schedule.every(Duration.ofMinutes(1)).withJitter(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scheduledSyncRunsRepeatedlyFullFirstThenIncrementalAndStopsOnClose() throws Exception {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(3).profiles(5).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("scheduled")).source(source).target(target)
                .stateStore(new InMemorySyncStateStore()).build();
        List<SyncReport> reports = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        SyncScheduler scheduler = new SyncScheduler(1, Clock.fixed(T0, ZoneOffset.UTC), 7);
        scheduler.schedule(runner, Schedule.every(Duration.ofMillis(20)).withFullEvery(10, Duration.ofDays(1)), r -> {
            reports.add(r);
            three.countDown();
        });
        assertThat(three.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.close(Duration.ofSeconds(10))).isTrue();
        int afterClose = reports.size();
        assertThat(reports.get(0).mode()).isEqualTo(PlanMode.FULL);
        assertThat(reports.get(1).mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(reports).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(5);
        assertThat(reports).hasSize(afterClose);
    }

    @Test
    void aSyncCannotBeScheduledTwice() {
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("twice")).source(InMemoryUserDirectory.create("s"))
                .target(InMemoryUserDirectory.create("t")).stateStore(new InMemorySyncStateStore()).build();
        try (SyncScheduler scheduler = new SyncScheduler(1, Clock.systemUTC(), 1)) {
            scheduler.schedule(runner, Schedule.every(Duration.ofHours(1)).withFirstDelay(Duration.ofHours(1)), r -> { });
            assertThatThrownBy(() -> scheduler.schedule(runner, Schedule.every(Duration.ofHours(1)), r -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already scheduled");
            assertThat(scheduler.runNow(SyncId.of("twice"))).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        }
    }

    @Test
    void aNewSchedulerOverTheSameStoreKeepsTheStoredNextDueAndFullCadence() {
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(4).profiles(3).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        ManualClock clock = new ManualClock(T0);
        Schedule hourly = Schedule.every(Duration.ofHours(1)).withFirstDelay(Duration.ZERO).withJitter(0)
                .withFullEvery(3, Duration.ofDays(1));
        List<SyncReport> reports = new ArrayList<>();

        SchedulerKeepsSyncsScheduledTest.ManualExecutor first = new SchedulerKeepsSyncsScheduledTest.ManualExecutor();
        SyncScheduler before = new SyncScheduler(first, clock, 1);
        before.schedule(runner(source, target, store, clock), hourly, reports::add);
        assertThat(first.nextDelay()).as("nothing stored: the schedule's first delay").isZero();
        first.runNext(); // T0: full
        assertThat(first.nextDelay()).as("until the stored nextDue").isEqualTo(Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        first.runNext(); // T0+1h: incremental
        before.close(Duration.ofSeconds(1));

        clock.advance(Duration.ofMinutes(30)); // the process restarts half-way to the next due time
        SchedulerKeepsSyncsScheduledTest.ManualExecutor second = new SchedulerKeepsSyncsScheduledTest.ManualExecutor();
        SyncScheduler after = new SyncScheduler(second, clock, 2);
        after.schedule(runner(source, target, store, clock), hourly, reports::add);
        assertThat(second.nextDelay()).as("first delay from the stored nextDue, not the schedule's zero")
                .isEqualTo(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30));
        second.runNext(); // T0+2h: the third run, still incremental
        clock.advance(Duration.ofHours(1));
        second.runNext(); // T0+3h: every third finished run since the last full one is full
        after.close(Duration.ofSeconds(1));

        assertThat(reports).extracting(SyncReport::mode).containsExactly(
                PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.FULL);
        assertThat(reports).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
        assertThat(store.scheduleState(SyncId.of("restarted")).nextDue()).contains(T0.plus(Duration.ofHours(4)));
    }

    @Test
    void aStoreThatCannotRecordNeverMakesTheSchedulerRunBackToBack() {
        InMemorySyncStateStore store = new InMemorySyncStateStore().failAfter(InMemorySyncStateStore.Step.SCHEDULE, 0);
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        ManualClock clock = new ManualClock(T0);
        SchedulerKeepsSyncsScheduledTest.ManualExecutor executor = new SchedulerKeepsSyncsScheduledTest.ManualExecutor();
        try (SyncScheduler scheduler = new SyncScheduler(executor, clock, 1)) {
            scheduler.schedule(runner(source, InMemoryUserDirectory.create("target"), store, clock),
                    Schedule.every(Duration.ofHours(2)).withFirstDelay(Duration.ZERO).withJitter(0), r -> { });
            executor.runNext();
            assertThat(store.scheduleState(SyncId.of("restarted"))).isEqualTo(ScheduleState.never());
            assertThat(executor.nextDelay()).as("one interval, not zero").isEqualTo(Duration.ofHours(2));
        }
    }

    private static SyncRunner runner(InMemoryUserDirectory source, InMemoryUserDirectory target,
                                     InMemorySyncStateStore store, ManualClock clock) {
        return SyncRunner.builder().syncId(SyncId.of("restarted")).source(source).target(target).stateStore(store)
                .clock(clock).build();
    }
}
