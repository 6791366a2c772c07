package io.rostersync.spi;

/**
 * What the source read covered.
 *
 * @since 0.1.0
 */
public enum PlanMode {
    /** A complete snapshot: linked users missing from it are gone. */
    FULL,
    /** Only changes since a cursor: absence means nothing; removals are explicit. */
    INCREMENTAL
}
