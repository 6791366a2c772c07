package io.rostersync.policy;

/** Profile fields whose ownership a policy sets. Free attributes are owned by name instead. */
public enum Field {
    EMAIL, USERNAME, FIRST_NAME, LAST_NAME, ROLES, GROUPS
}
