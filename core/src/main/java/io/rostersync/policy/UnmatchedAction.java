package io.rostersync.policy;

/** What to do with an in-scope source user who has no target account. */
public enum UnmatchedAction {
    /** Create an active account. */
    CREATE_ACTIVE,
    /** Create a pending account an administrator activates later; it uses no seat. */
    CREATE_PENDING,
    /** Leave the user out. */
    IGNORE
}
