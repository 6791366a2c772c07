package io.rostersync.dbscheduler.internal;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.SyncReport;
import java.time.Instant;

/** The one place this module calls the runner. */
final class RunnerCalls {

    private RunnerCalls() {
    }

    /** A scheduled run; the store records {@code nextDue}. TEMPORARY: a plain run until sched-state is on main. */
    static SyncReport runScheduled(SyncRunner runner, Schedule schedule, Instant nextDue) {
        return runner.run(RunOptions.defaults());
    }
}
