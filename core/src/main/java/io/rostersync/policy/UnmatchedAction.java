package io.rostersync.policy;

/**
 * What to do with an in-scope source user who has no target account.
 *
 * @since 0.1.0
 */
public enum UnmatchedAction {
    /** Create an active account. */
    CREATE_ACTIVE,
    /** Create a pending account an administrator activates later; it uses no seat. */
    CREATE_PENDING,
    /** Leave the user out. */
    IGNORE
}
