package io.rostersync.spi;

/** What a {@link UserDirectory} can do. Declared once; the engine reads it and never probes. */
public enum Capability {
    /** Full paged read of every account. */
    READ,
    /** Changes since a cursor. */
    INCREMENTAL_READ,
    CREATE,
    UPDATE,
    DEACTIVATE,
    REACTIVATE,
    DELETE,
    /** Several creates or updates in one call ({@link UserDirectory#createAll}, {@link UserDirectory#updateAll}). */
    BATCH_WRITE
}
