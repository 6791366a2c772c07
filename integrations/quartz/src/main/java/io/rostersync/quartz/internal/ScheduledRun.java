package io.rostersync.quartz.internal;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.SyncReport;
import java.time.Instant;

/** The one call from a Quartz firing into the engine. */
public final class ScheduledRun {

    private ScheduledRun() {
    }

    /**
     * Runs the sync now, full or incremental as the cadence and the stored state say, and records
     * {@code nextDue} (Quartz's next firing of this sync) as when it is next due.
     *
     * @param runner   the sync's runner
     * @param schedule the cadence (interval and full reads); Quartz owns the timing, so no jitter
     * @param nextDue  when Quartz fires this sync next
     * @return the run's report; the runner never throws for a failed run
     */
    public static SyncReport run(SyncRunner runner, Schedule schedule, Instant nextDue) {
        return runner.runScheduled(schedule, nextDue);
    }
}
