package io.rostersync.policy;

/**
 * Whether the source owns a target field.
 *
 * @since 0.1.0
 */
public enum Ownership {
    /** The source value always wins. */
    ALWAYS,
    /** The source fills the field only while the target's is empty; host edits stay. */
    WHEN_EMPTY,
    /** The sync never writes the field, not even on create. */
    NEVER
}
