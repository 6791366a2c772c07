package io.rostersync.dbscheduler;

/**
 * What {@link DbSchedulerSyncs#unregister} did.
 *
 * @since 0.1.0
 */
public enum Unregistration {
    /** The sync's task instance is deleted; it runs no more. */
    REMOVED,
    /** There was no task instance for the sync; nothing was written. */
    NOT_REGISTERED,
    /**
     * The sync is running on some node right now, and db-scheduler does not let anyone delete a running
     * execution: nothing was written. Unregister it again after the run, or let the host's
     * {@link io.rostersync.engine.SyncRunnerFactory} throw {@link io.rostersync.engine.UnknownSyncException} for
     * it, which removes it at its next firing.
     */
    RUNNING
}
