package io.rostersync.engine;

import io.rostersync.plan.Plan;
import io.rostersync.spi.SyncReport;

/**
 * Progress of a sync run, for progress bars, logs and metrics. Every method has an empty default; the
 * runner calls them on its own thread, so a slow listener slows the run. Whatever a listener throws
 * ({@link Error}s included) is logged and otherwise ignored, on every event and every outcome, except a
 * {@link VirtualMachineError} such as {@link OutOfMemoryError} thrown before the run is over, which ends
 * the run {@link io.rostersync.spi.RunStatus#FAILED} like any other error in it.
 *
 * @since 0.1.0
 */
public interface SyncListener {

    /**
     * {@code count} source records read so far (called once per page).
     *
     * @param count records read so far
     */
    default void sourceRead(int count) {
    }

    /**
     * {@code count} target records read so far (called once per page).
     *
     * @param count records read so far
     */
    default void targetRead(int count) {
    }

    /**
     * The plan is ready.
     *
     * @param plan the plan
     */
    default void planned(Plan plan) {
    }

    /**
     * An action finished; {@code done} of {@code total} actions have been attempted.
     *
     * @param done    actions attempted so far
     * @param total   actions in the plan
     * @param outcome the outcome of the last one
     */
    default void applied(int done, int total, ActionOutcome outcome) {
    }

    /**
     * An action failed or was skipped (also reported through {@link #applied}).
     *
     * @param outcome the outcome
     */
    default void failed(ActionOutcome outcome) {
    }

    /**
     * The run is over.
     *
     * @param report the run's report
     */
    default void finished(SyncReport report) {
    }

    /**
     * A listener that ignores everything.
     *
     * @return the listener
     */
    static SyncListener none() {
        return new SyncListener() {
        };
    }
}
