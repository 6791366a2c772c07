package io.rostersync.policy;

/**
 * What to do with a target account whose source user is gone or out of scope.
 *
 * @since 0.1.0
 */
public enum Deprovision {
    /** Switch it off and keep its history (the default). */
    DEACTIVATE,
    /** Remove it for good; what it did is lost in directories that work that way. */
    DELETE,
    /** Leave it as it is. */
    LEAVE
}
