package io.rostersync.spi;

/**
 * Kinds of planned action, in the order the executor applies them: releases before assignments,
 * deprovisioning before provisioning, creates before anything that needs the created account, and a
 * license before the permissions that may require it (Salesforce refuses a permission set whose
 * license the user does not hold yet, and a license removal while such a set is still assigned).
 */
public enum ActionKind {
    // A permission set that needs a license must go before the license does, and come after it.
    REVOKE_PERMISSION,
    REVOKE_LICENSE,
    DEACTIVATE,
    DELETE,
    LINK,
    CREATE,
    UPDATE,
    REACTIVATE,
    ASSIGN_LICENSE,
    GRANT_PERMISSION;

    /** Whether the action takes access away from a person (what the deletion guard counts). */
    public boolean isDeprovisioning() {
        return this == DEACTIVATE || this == DELETE;
    }
}
