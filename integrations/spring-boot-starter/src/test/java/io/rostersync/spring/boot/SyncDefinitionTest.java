package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncTrigger;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SyncDefinitionTest {

    private static SyncDefinition.Builder builder() {
        return SyncDefinition.builder("s").source(Fixtures.directory("a", 0)).target(Fixtures.directory("b", 0));
    }

    @Test
    void aScheduleImpliesAnIntervalTriggerWithItsCadence() {
        Schedule schedule = Schedule.every(Duration.ofMinutes(30)).withFullEvery(3, Duration.ofHours(5));
        SyncDefinition sync = builder().schedule(schedule).build();
        assertThat(sync.schedule()).isEqualTo(schedule);
        assertThat(sync.trigger()).isEqualTo(SyncTrigger.of(schedule));
        assertThat(sync.isCron()).isFalse();
        assertThat(sync.timing()).isEqualTo("every PT30M");
    }

    @Test
    void aCronTriggerKeepsItsCadenceOfFullReadsInTheSchedule() {
        SyncTrigger cron = SyncTrigger.cron("0 0 2 * * ?", ZoneId.of("Europe/Berlin")).fullEvery(2, Duration.ofDays(3));
        SyncDefinition sync = builder().trigger(cron).build();
        assertThat(sync.trigger()).isEqualTo(cron);
        assertThat(sync.isCron()).isTrue();
        assertThat(sync.schedule().fullEveryRuns()).isEqualTo(2);
        assertThat(sync.schedule().fullAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(sync.timing()).isEqualTo("cron '0 0 2 * * ?' in Europe/Berlin");
        assertThat(sync).hasToString("SyncDefinition[s, cron '0 0 2 * * ?' in Europe/Berlin]");
    }

    @Test
    void theLastOfScheduleAndTriggerWins() {
        SyncTrigger cron = SyncTrigger.cron("0 0 2 * * ?", ZoneId.of("UTC"));
        assertThat(builder().trigger(cron).schedule(Schedule.everySixHours()).build().isCron()).isFalse();
        assertThat(builder().schedule(Schedule.everySixHours()).trigger(cron).build().isCron()).isTrue();
    }

    @Test
    void anIntervalTriggerBecomesAnUnjitteredSchedule() {
        SyncDefinition sync = builder().trigger(SyncTrigger.every(Duration.ofHours(2)).firstRunWithin(Duration.ofMinutes(7))).build();
        assertThat(sync.schedule().interval()).isEqualTo(Duration.ofHours(2));
        assertThat(sync.schedule().firstDelay()).isEqualTo(Duration.ofMinutes(7));
        assertThat(sync.schedule().jitter()).isZero();
    }

    @Test
    void sourceAndTargetAreRequired() {
        assertThatThrownBy(() -> SyncDefinition.builder("s").target(Fixtures.directory("b", 0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no source directory");
        assertThatThrownBy(() -> SyncDefinition.builder("s").source(Fixtures.directory("b", 0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no target directory");
    }

    @Test
    void licencePoolsAccumulate() {
        SyncDefinition sync = builder().licensePool(io.rostersync.testkit.InMemoryLicensePool.of("a", 1))
                .licensePool(io.rostersync.testkit.InMemoryLicensePool.of("b", 1)).build();
        assertThat(sync.licensePools()).hasSize(2);
    }
}
