package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
