package io.rostersync.dbscheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimingTest {

    private static final Instant T = Instant.parse("2026-12-03T10:00:00.250Z");
    private static final SyncTaskData EVERY_SECOND = SyncTaskData.of(SyncId.of("acme"),
            SyncTrigger.every(Duration.ofSeconds(1)).firstRunWithin(Duration.ofMinutes(1)));

    @Test
    void aRunOnTimeIsDueAgainOneIntervalAfterTheTimeItServed() {
        assertThat(Timing.nextDue(EVERY_SECOND, T, T.plusMillis(40))).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void missedIntervalsCollapseIntoTheRunningOneAndThePhaseIsKept() {
        assertThat(Timing.nextDue(EVERY_SECOND, T, T.plusMillis(5_500))).isEqualTo(T.plusSeconds(6));
        assertThat(Timing.nextDue(EVERY_SECOND, T, T.plusSeconds(5))).as("exactly on a later due time")
                .isEqualTo(T.plusSeconds(6));
        assertThat(Timing.nextDue(EVERY_SECOND, T, T.plus(Duration.ofDays(3)).plusMillis(1)))
                .isEqualTo(T.plus(Duration.ofDays(3)).plusSeconds(1));
    }

    @Test
    void aRunStartedEarlyOnASkewedClockIsDueOneIntervalAfterItsTime() {
        assertThat(Timing.nextDue(EVERY_SECOND, T, T.minusMillis(300))).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void aCronSyncIsDueAtTheExpressionsNextTimeInItsZoneOnTheWholeSecond() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SyncTaskData nightly = SyncTaskData.of(SyncId.of("acme"), SyncTrigger.cron("0 30 3 * * *", berlin));

        Instant next = Timing.nextDue(nightly, T, T.plusMillis(10));

        assertThat(next.atZone(berlin)).isEqualTo(ZonedDateTime.of(2026, 12, 4, 3, 30, 0, 0, berlin));
        assertThat(Timing.firstRun(nightly, T)).isEqualTo(next);
        SyncTaskData everySecond = SyncTaskData.of(SyncId.of("acme"), SyncTrigger.cron("* * * * * *", berlin));
        assertThat(Timing.nextDue(everySecond, T, T)).isEqualTo(Instant.parse("2026-12-03T10:00:01Z"));
    }

    @Test
    void firstRunsAreSpreadOverTheWindowTheSameOnEveryNode() {
        Duration window = Duration.ofMinutes(10);
        int[] deciles = new int[10];
        Set<Instant> distinct = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SyncTaskData data = SyncTaskData.of(SyncId.of("tenant-" + i), SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(window));
            Instant first = Timing.firstRun(data, T);
            assertThat(first).isEqualTo(Timing.firstRun(SyncTaskData.of(SyncId.of("tenant-" + i),
                    SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(window)), T));
            assertThat(first).isBetween(T, T.plus(window).minusMillis(1));
            distinct.add(first);
            deciles[(int) (Timing.spread("tenant-" + i) * 10)]++;
        }
        assertThat(distinct).hasSizeGreaterThan(990);
        assertThat(java.util.Arrays.stream(deciles).boxed()).allSatisfy(n -> assertThat(n).isBetween(60, 140));
        assertThat(Timing.firstRun(SyncTaskData.of(SyncId.of("x"), SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO)), T))
                .isEqualTo(T);
    }

    @Test
    void storedDataRoundTripsThroughJavaSerializationAndBackToItsTrigger() throws Exception {
        SyncTrigger trigger = SyncTrigger.cron("0 0 0/6 * * *", ZoneId.of("America/New_York")).fullEvery(3, Duration.ofHours(30));
        SyncTaskData data = SyncTaskData.of(SyncId.of("acme"), trigger);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(data);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }

        assertThat(read).isEqualTo(data);
        assertThat(((SyncTaskData) read).trigger()).isEqualTo(trigger);
        assertThat(data.getData()).isEqualTo("acme");
        assertThat(SyncTaskData.of(SyncId.of("b"), SyncTrigger.of(Schedule.everySixHours())).trigger())
                .isEqualTo(SyncTrigger.of(Schedule.everySixHours()));
    }

    @Test
    void storedDataThatWasChangedByHandIsRefusedWhenRead() {
        assertThatThrownBy(() -> new SyncTaskData("acme", 0, 0, 10, 10_000, "0 0 * * * *", "", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time zone");
        assertThatThrownBy(() -> new SyncTaskData("no spaces allowed", 1000, 0, 10, 10_000, "", "", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync id");
        assertThatThrownBy(() -> new SyncTaskData("acme", 0, 0, 10, 10_000, "", "", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> new SyncTaskData("acme", 1000, 0, 0, 10_000, "", "", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullEveryRuns");
        assertThatThrownBy(() -> new SyncTaskData("acme", 1000, 0, 10, 10_000, "", "", -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busyRetry");
    }

    @Test
    void aRowStoredBeforeTheBusyRetryWasPartOfTheTriggerReadsAsTheTriggersDefault() {
        SyncTaskData old = new SyncTaskData("acme", 3_600_000, 0, 10, 36_000_000, "", "", 0);

        assertThat(old.busyRetry()).isEqualTo(Duration.ofMinutes(1));
        assertThat(old).isEqualTo(SyncTaskData.of(SyncId.of("acme"),
                SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO)));
    }

    @Test
    void theTriggersBusyRetryIsStoredAndReadBack() {
        SyncTrigger trigger = SyncTrigger.every(Duration.ofHours(1)).retryBusyAfter(Duration.ofMillis(300));
        SyncTaskData data = SyncTaskData.of(SyncId.of("acme"), trigger);

        assertThat(data.busyRetryMillis()).isEqualTo(300);
        assertThat(data.trigger()).isEqualTo(trigger);
    }
}
