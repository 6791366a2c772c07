package io.rostersync.dbscheduler;

/**
 * What {@link DbSchedulerSyncs#register} did.
 *
 * @since 0.1.0
 */
public enum Registration {
    /** The sync was not registered; its first run is scheduled. */
    CREATED,
    /**
     * The sync was registered with another trigger; the stored one is replaced. When only the cadence of full runs
     * changed, the next run keeps its time; otherwise it moves to the earlier of its current time and the first
     * run under the new trigger, so a change never postpones a run that is due.
     */
    UPDATED,
    /** The sync was registered with this trigger already; nothing was written (its next run keeps its time). */
    UNCHANGED,
    /**
     * The sync is running on some node right now and was registered with another trigger, which db-scheduler
     * does not let anyone change during a run: nothing was written. Register it again once the run is over (the
     * next start-up does).
     */
    RUNNING
}
