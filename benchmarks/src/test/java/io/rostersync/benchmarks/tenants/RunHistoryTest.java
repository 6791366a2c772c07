package io.rostersync.benchmarks.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's reading of the run history: runs per tenant in a window, runs too close together, starved tenants. */
class RunHistoryTest {

    private static final Instant FROM = Instant.parse("2026-12-03T18:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private static SyncReport run(String sync, int secondsAfterFrom, RunStatus status, int planned) {
        Instant start = FROM.plusSeconds(secondsAfterFrom);
        return new SyncReport(SyncId.of(sync), start, start.plusMillis(80), status, PlanMode.INCREMENTAL, 24, 24,
                planned == 0 ? Map.of() : Map.of(ActionKind.CREATE, planned), planned, List.of(), List.of(), List.of(), "run");
    }

    @Test
    void aTenantRunningOncePerIntervalIsNeitherCloseNorStarved() {
        RunHistory history = RunHistory.of(Map.of("tenant-00000", List.of(run("tenant-00000", -5, RunStatus.SUCCEEDED, 0),
                run("tenant-00000", 5, RunStatus.SUCCEEDED, 0), run("tenant-00000", 15, RunStatus.SUCCEEDED, 0),
                run("tenant-00000", 25, RunStatus.SUCCEEDED, 2))));

        RunHistory.Window w = history.window(FROM, FROM.plusSeconds(30), INTERVAL);

        assertThat(w.runs()).isEqualTo(3);
        assertThat(w.emptySucceeded()).as("the run that planned two creates is not a no-change run").isEqualTo(2);
        assertThat(w.due()).isEqualTo(3.0);
        assertThat(w.minRuns()).isEqualTo(3);
        assertThat(w.closeRuns()).isZero();
        assertThat(w.starved()).isZero();
        assertThat(w.longestGap()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aDuplicateFiringAndATenantLeftWithoutRunsAreCounted() {
        RunHistory history = RunHistory.of(Map.of(
                "tenant-00000", List.of(run("tenant-00000", 5, RunStatus.SUCCEEDED, 0), run("tenant-00000", 6, RunStatus.SUCCEEDED, 0),
                        run("tenant-00000", 15, RunStatus.SUCCEEDED, 0), run("tenant-00000", 25, RunStatus.SUCCEEDED, 0)),
                "tenant-00001", List.of(run("tenant-00001", -3, RunStatus.SUCCEEDED, 0), run("tenant-00001", 4, RunStatus.SUCCEEDED, 0))));

        RunHistory.Window w = history.window(FROM, FROM.plusSeconds(30), INTERVAL);

        assertThat(w.closeRuns()).as("tenant 0 ran twice for one firing").isEqualTo(1);
        assertThat(w.starved()).as("tenant 1 had no run for the last 26 s").isEqualTo(1);
        assertThat(w.longestGap()).isEqualTo(Duration.ofSeconds(26));
        assertThat(w.minRuns()).isEqualTo(1);
        assertThat(w.maxRuns()).isEqualTo(4);
    }

    @Test
    void theFirstSucceededRunAfterAMomentSkipsFailedOnes() {
        RunHistory history = RunHistory.of(Map.of("tenant-00000", List.of(run("tenant-00000", 12, RunStatus.SUCCEEDED, 0),
                run("tenant-00000", 3, RunStatus.FAILED, 0), run("tenant-00000", -2, RunStatus.SUCCEEDED, 0))));

        assertThat(history.firstSucceededAfter("tenant-00000", FROM)).contains(FROM.plusSeconds(12));
        assertThat(history.firstSucceededAfter("tenant-00000", FROM.plusSeconds(20))).isEmpty();
        assertThat(history.firstSucceededAfter("tenant-00009", FROM)).isEmpty();
    }
}
