package io.rostersync.spi;

/**
 * How a sync run ended.
 *
 * @since 0.1.0
 */
public enum RunStatus {
    /** Every action applied (conflicts, if any, are listed for a person to resolve). */
    SUCCEEDED,
    /** Some actions failed; they are listed and the next run retries them. */
    PARTIAL,
    /**
     * Every action applied except deprovisions the deletion guard holds (beyond its limit, or held on an
     * earlier run); they are listed in {@link SyncReport#held()} and wait for the host to release them.
     */
    HELD,
    /** The deletion guard refused the whole plan (the source read was empty); nothing was written. */
    REFUSED_BY_GUARD,
    /** Another runner holds the lease for this sync; nothing was read or written. */
    BUSY,
    /** The run stopped with an error before or while applying (a failed read, lost lease). */
    FAILED
}
