package io.rostersync.policy;

/**
 * Whether a source user active again brings back a deactivated target account.
 *
 * @since 0.1.0
 */
public enum Reactivation {
    /** Never: a deactivated target account stays off until a person switches it on. */
    NEVER,
    /** Only accounts this sync deactivated; an administrator's own deactivation stands (the default). */
    IF_DEACTIVATED_BY_SYNC,
    /** Every deactivated target account of an active source user, whoever switched it off. */
    ALWAYS
}
