package io.rostersync.policy;

/** Whether a source user active again brings back a deactivated target account. */
public enum Reactivation {
    NEVER,
    /** Only accounts this sync deactivated; an administrator's own deactivation stands (the default). */
    IF_DEACTIVATED_BY_SYNC,
    ALWAYS
}
