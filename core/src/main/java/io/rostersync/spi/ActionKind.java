package io.rostersync.spi;

/**
 * Kinds of planned action, in the order the executor applies them: releases before assignments,
 * deprovisioning before provisioning, creates before anything that needs the created account, and a
 * license before the permissions that may require it (Salesforce refuses a permission set whose
 * license the user does not hold yet, and a license removal while such a set is still assigned).
 *
 * @since 0.1.0
 */
public enum ActionKind {
    // A permission set that needs a license must go before the license does, and come after it.
    /** Takes a managed permission (set) away from a target account. */
    REVOKE_PERMISSION,
    /** Gives a license seat back. */
    REVOKE_LICENSE,
    /** Switches a target account off. */
    DEACTIVATE,
    /** Removes a target account for good. */
    DELETE,
    /** Records that a source account and an existing target account are the same person. */
    LINK,
    /** Creates a target account and links it. */
    CREATE,
    /** Changes owned fields of a target account. */
    UPDATE,
    /** Switches a deactivated target account back on. */
    REACTIVATE,
    /** Gives a target account a license seat. */
    ASSIGN_LICENSE,
    /** Grants a managed permission (set) to a target account. */
    GRANT_PERMISSION;

    /**
     * Whether the action takes access away from a person (what the deletion guard counts).
     *
     * @return {@code true} for {@link #DEACTIVATE} and {@link #DELETE}
     */
    public boolean isDeprovisioning() {
        return this == DEACTIVATE || this == DELETE;
    }
}
