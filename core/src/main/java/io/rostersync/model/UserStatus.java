package io.rostersync.model;

/**
 * Lifecycle state of an account in one directory.
 *
 * @since 0.1.0
 */
public enum UserStatus {
    /** Can log in and, where licenses apply, holds a seat. */
    ACTIVE,
    /** Deactivated: cannot log in, history kept, holds no seat. */
    INACTIVE,
    /** Created but not yet activated by an administrator; holds no seat. */
    PENDING,
    /** Temporarily blocked by the directory (for example Zendesk's suspended flag). */
    SUSPENDED;

    /**
     * Whether an account in this state consumes a license seat. Only active accounts do.
     *
     * @return {@code true} for {@link #ACTIVE} only
     */
    public boolean holdsSeat() {
        return this == ACTIVE;
    }

    /**
     * Whether the account is switched off (inactive or suspended).
     *
     * @return {@code true} for {@link #INACTIVE} and {@link #SUSPENDED}
     */
    public boolean isDisabled() {
        return this == INACTIVE || this == SUSPENDED;
    }
}
