package io.rostersync.spi;

/**
 * What a {@link UserDirectory} can do. Declared once; the engine reads it and never probes.
 *
 * @since 0.1.0
 */
public enum Capability {
    /** Full paged read of every account. */
    READ,
    /** Changes since a cursor. */
    INCREMENTAL_READ,
    /** Creates accounts: {@link UserDirectory#create}. */
    CREATE,
    /** Changes fields of existing accounts: {@link UserDirectory#update}. */
    UPDATE,
    /** Deactivates accounts (suspends, frozen, inactive: the directory's own word) without deleting them. */
    DEACTIVATE,
    /** Turns a deactivated account active again. */
    REACTIVATE,
    /** Removes accounts for good: {@link UserDirectory#delete}. */
    DELETE,
    /** Several creates or updates in one call ({@link UserDirectory#createAll}, {@link UserDirectory#updateAll}). */
    BATCH_WRITE,
    /**
     * Reads chosen accounts by id, email or username without a full read: {@link UserDirectory#lookUp}.
     *
     * @since 0.3.0
     */
    LOOKUP
}
