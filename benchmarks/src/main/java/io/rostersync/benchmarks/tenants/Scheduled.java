package io.rostersync.benchmarks.tenants;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.SyncReport;
import java.time.Instant;

/** A firing of a tenant's sync, as an engine that owns the timing runs it: {@code runScheduled} with its next firing. */
final class Scheduled {

    private Scheduled() {
    }

    static SyncReport run(SyncRunner runner, Schedule schedule, Instant nextDue) {
        return runner.runScheduled(schedule, nextDue);
    }
}
