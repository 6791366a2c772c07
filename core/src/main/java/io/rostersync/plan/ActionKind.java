package io.rostersync.plan;

/**
 * Kinds of planned action, in the order the executor applies them: releases before assignments,
 * deprovisioning before provisioning, creates before anything that needs the created account, and a
 * licence before the permissions that may require it (Salesforce refuses a permission set whose
 * licence the user does not hold yet, and a licence removal while such a set is still assigned).
 */
public enum ActionKind {
    // A permission set that needs a licence must go before the licence does, and come after it.
    REVOKE_PERMISSION,
    REVOKE_LICENCE,
    DEACTIVATE,
    DELETE,
    LINK,
    CREATE,
    UPDATE,
    REACTIVATE,
    ASSIGN_LICENCE,
    GRANT_PERMISSION;

    /** Whether the action takes access away from a person (what the deletion guard counts). */
    public boolean isDeprovisioning() {
        return this == DEACTIVATE || this == DELETE;
    }
}
