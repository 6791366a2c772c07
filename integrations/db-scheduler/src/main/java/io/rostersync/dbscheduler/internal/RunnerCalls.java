package io.rostersync.dbscheduler.internal;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.SyncReport;
import java.time.Instant;

/** The one place this module calls the runner. */
final class RunnerCalls {

    private RunnerCalls() {
    }

    /** A scheduled run: full or incremental as the cadence and the stored state say; the store records {@code nextDue}. */
    static SyncReport runScheduled(SyncRunner runner, Schedule cadence, Instant nextDue) {
        return runner.runScheduled(cadence, nextDue);
    }
}
