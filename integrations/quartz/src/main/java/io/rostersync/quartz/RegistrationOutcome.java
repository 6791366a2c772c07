package io.rostersync.quartz;

/**
 * What {@link QuartzSyncs#register} did.
 *
 * @since 0.1.0
 */
public enum RegistrationOutcome {
    /** The sync was not registered; its job and trigger were created. */
    CREATED,
    /**
     * The sync was registered with another timing or cadence; the trigger or the job's data were changed,
     * keeping the next firing where the new timing allows.
     */
    UPDATED,
    /** The sync was registered exactly so; nothing was changed (its next firing included). */
    UNCHANGED
}
