package io.rostersync.engine;

import io.rostersync.plan.Plan;
import io.rostersync.spi.SyncReport;

/**
 * Progress of a sync run, for progress bars, logs and metrics. Every method has an empty default; the
 * runner calls them on its own thread, so a slow listener slows the run. Whatever a listener throws
 * ({@link Error}s included) is logged and otherwise ignored, on every event and every outcome, except a
 * {@link VirtualMachineError} such as {@link OutOfMemoryError} thrown before the run is over, which ends
 * the run {@link io.rostersync.spi.RunStatus#FAILED} like any other error in it.
 */
public interface SyncListener {

    /** {@code count} source records read so far (called once per page). */
    default void sourceRead(int count) {
    }

    /** {@code count} target records read so far (called once per page). */
    default void targetRead(int count) {
    }

    /** The plan is ready. */
    default void planned(Plan plan) {
    }

    /** An action finished; {@code done} of {@code total} actions have been attempted. */
    default void applied(int done, int total, ActionOutcome outcome) {
    }

    /** An action failed or was skipped (also reported through {@link #applied}). */
    default void failed(ActionOutcome outcome) {
    }

    /** The run is over. */
    default void finished(SyncReport report) {
    }

    /** A listener that ignores everything. */
    static SyncListener none() {
        return new SyncListener() {
        };
    }
}
