package io.rostersync.policy;

/**
 * Profile fields whose ownership a policy sets. Free attributes are owned by name instead.
 *
 * @since 0.1.0
 */
public enum Field {
    /** The email address. */
    EMAIL,
    /** The login name. */
    USERNAME,
    /** The given name. */
    FIRST_NAME,
    /** The family name. */
    LAST_NAME,
    /** The role names. */
    ROLES,
    /** The group memberships. */
    GROUPS
}
