package io.rostersync.engine;

/** How a sync run ended. */
public enum RunStatus {
    /** Every action applied (conflicts, if any, are listed for a person to resolve). */
    SUCCEEDED,
    /** Some actions failed; they are listed and the next run retries them. */
    PARTIAL,
    /** The deletion guard refused the plan; nothing was written. */
    REFUSED_BY_GUARD,
    /** Another runner holds the lease for this sync; nothing was read or written. */
    BUSY,
    /** The run stopped with an error before or while applying (a failed read, lost lease). */
    FAILED
}
