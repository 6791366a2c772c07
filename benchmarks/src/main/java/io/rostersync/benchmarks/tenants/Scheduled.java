package io.rostersync.benchmarks.tenants;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.SyncReport;

/** The scheduled run, in one place until {@code runScheduled} is on main. */
final class Scheduled {

    private Scheduled() {
    }

    static SyncReport run(SyncRunner runner, Schedule schedule) {
        return runner.run(RunOptions.defaults());
    }
}
