package io.rostersync.plan;

/**
 * Kinds of planned action, in the order the executor applies them: releases before assignments,
 * deprovisioning before provisioning, creates before anything that needs the created account.
 */
public enum ActionKind {
    REVOKE_LICENCE,
    REVOKE_PERMISSION,
    DEACTIVATE,
    DELETE,
    LINK,
    CREATE,
    UPDATE,
    REACTIVATE,
    GRANT_PERMISSION,
    ASSIGN_LICENCE;

    /** Whether the action takes access away from a person (what the deletion guard counts). */
    public boolean isDeprovisioning() {
        return this == DEACTIVATE || this == DELETE;
    }
}
