package io.rostersync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.spi.InvalidConfigurationException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyncTriggerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void anIntervalTriggersDefaultsAreAFirstRunWithinTheShorterOfOneIntervalAndAnHourAndAFullReadEveryTenRuns() {
        SyncTrigger six = SyncTrigger.every(Duration.ofHours(6));
        assertThat(six.interval()).contains(Duration.ofHours(6));
        assertThat(six.cronExpression()).isEmpty();
        assertThat(six.zone()).isEmpty();
        assertThat(six.firstRunWithin()).isEqualTo(Duration.ofHours(1));
        assertThat(six.fullEveryRuns()).isEqualTo(10);
        assertThat(six.fullAfter()).isEqualTo(Duration.ofHours(60));
        assertThat(six.busyRetryAfter()).isEqualTo(Duration.ofMinutes(1));

        assertThat(SyncTrigger.every(Duration.ofMinutes(5)).firstRunWithin()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aCronTriggerKeepsItsTrimmedExpressionAndZoneAndReadsInFullWeekly() {
        SyncTrigger nightly = SyncTrigger.cron("  0 15 2 * * ?\t", BERLIN);
        assertThat(nightly.cronExpression()).contains("0 15 2 * * ?");
        assertThat(nightly.zone()).contains(BERLIN);
        assertThat(nightly.interval()).isEmpty();
        assertThat(nightly.firstRunWithin()).isZero();
        assertThat(nightly.fullEveryRuns()).isEqualTo(10);
        assertThat(nightly.fullAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(SyncTrigger.cron("0 0 0 1 1 ? 2099", ZoneOffset.UTC).cronExpression()).contains("0 0 0 1 1 ? 2099");
    }

    @Test
    void ofTakesAnEngineSchedulesIntervalFirstDelayAndCadenceButNotItsJitter() {
        SyncTrigger t = SyncTrigger.of(Schedule.everySixHours());
        assertThat(t).isEqualTo(SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofMinutes(5))
                .fullEvery(4, Duration.ofHours(24)));
    }

    @Test
    void withersReturnNewTriggersAndLeaveTheOriginalUnchanged() {
        SyncTrigger base = SyncTrigger.every(Duration.ofHours(1));
        SyncTrigger changed = base.firstRunWithin(Duration.ZERO).fullEvery(3, Duration.ofDays(1))
                .retryBusyAfter(Duration.ofSeconds(20));

        assertThat(base).isEqualTo(SyncTrigger.every(Duration.ofHours(1))).isNotEqualTo(changed);
        assertThat(changed.firstRunWithin()).isZero();
        assertThat(changed.fullEveryRuns()).isEqualTo(3);
        assertThat(changed.fullAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(changed.busyRetryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(changed.interval()).contains(Duration.ofHours(1));
    }

    @Test
    void equalityComparesEveryPart() {
        SyncTrigger a = SyncTrigger.every(Duration.ofHours(1));
        assertThat(a).isEqualTo(SyncTrigger.every(Duration.ofHours(1))).hasSameHashCodeAs(SyncTrigger.every(Duration.ofHours(1)));
        assertThat(a).isNotEqualTo(SyncTrigger.every(Duration.ofHours(2)))
                .isNotEqualTo(a.firstRunWithin(Duration.ofMinutes(1)))
                .isNotEqualTo(a.fullEvery(2, a.fullAfter()))
                .isNotEqualTo(a.fullEvery(a.fullEveryRuns(), Duration.ofDays(30)))
                .isNotEqualTo(a.retryBusyAfter(Duration.ofSeconds(5)));
        SyncTrigger c = SyncTrigger.cron("0 0 * * * ?", BERLIN);
        assertThat(c).isEqualTo(SyncTrigger.cron(" 0 0 * * * ? ", BERLIN))
                .isNotEqualTo(SyncTrigger.cron("0 0 * * * ?", ZoneOffset.UTC))
                .isNotEqualTo(SyncTrigger.cron("0 30 * * * ?", BERLIN));
    }

    @Test
    void durationsAreKeptInWholeMilliseconds() {
        SyncTrigger t = SyncTrigger.every(Duration.ofMillis(1500).plusNanos(999_999))
                .firstRunWithin(Duration.ofNanos(1_500_000)).fullEvery(2, Duration.ofSeconds(3).plusNanos(1))
                .retryBusyAfter(Duration.ofMillis(300).plusNanos(5));
        assertThat(t.interval()).contains(Duration.ofMillis(1500));
        assertThat(t.firstRunWithin()).isEqualTo(Duration.ofMillis(1));
        assertThat(t.fullAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.busyRetryAfter()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void toStringSaysTheTimingCadenceAndBusyRetry() {
        assertThat(SyncTrigger.every(Duration.ofHours(6)).toString())
                .isEqualTo("SyncTrigger[every PT6H, first within PT1H, full every 10 runs or after PT60H, busy retried after PT1M]");
        assertThat(SyncTrigger.cron("0 0 * * * ?", BERLIN).toString())
                .isEqualTo("SyncTrigger[cron '0 0 * * * ?' in Europe/Berlin, full every 10 runs or after PT168H, "
                        + "busy retried after PT1M]");
    }

    @Test
    void outOfRangeDurationsAndCountsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval must be at least a millisecond");
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofNanos(999_999))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).fullEvery(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullEveryRuns");
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).fullEvery(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fullAfter");
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).retryBusyAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy retry delay");
    }

    @Test
    void aCronTriggerHasNoFirstRunWindow() {
        assertThatThrownBy(() -> SyncTrigger.cron("0 0 * * * ?", ZoneOffset.UTC).firstRunWithin(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval triggers only");
    }

    @Test
    void aBlankCronExpressionOrOneWithoutSixOrSevenFieldsIsAnInvalidConfigurationNamingIt() {
        assertThatThrownBy(() -> SyncTrigger.cron("  ", ZoneOffset.UTC)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> SyncTrigger.cron("0 0 */6 * *", ZoneOffset.UTC))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("'0 0 */6 * *'").hasMessageContaining("has 5 fields");
        assertThatThrownBy(() -> SyncTrigger.cron("every six hours", ZoneOffset.UTC))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("has 3 fields");
        assertThatThrownBy(() -> SyncTrigger.cron("-", ZoneOffset.UTC))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("has 1 field;");
        assertThatThrownBy(() -> SyncTrigger.cron("0 0 0 1 1 ? 2099 x", ZoneOffset.UTC))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("has 8 fields");
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> SyncTrigger.every(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.cron(null, ZoneOffset.UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.cron("0 0 * * * ?", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).fullEvery(1, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SyncTrigger.every(Duration.ofHours(1)).retryBusyAfter(null))
                .isInstanceOf(NullPointerException.class);
    }
}
