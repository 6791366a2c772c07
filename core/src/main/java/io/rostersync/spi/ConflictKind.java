package io.rostersync.spi;

/**
 * Why the engine did nothing for a user and wants a person to look.
 *
 * @since 0.1.0
 */
public enum ConflictKind {
    /** The matcher found several target accounts. */
    AMBIGUOUS_MATCH,
    /** The only candidate is already linked to a different source account. */
    CANDIDATE_LINKED_ELSEWHERE,
    /** Two or more source accounts share a matching key (one user per email, as seed 001 warns). */
    DUPLICATE_SOURCE_KEY,
    /** Two unlinked source accounts matched the same target account. */
    CANDIDATE_CLAIMED_TWICE,
    /** A stored link points at a target account that no longer exists. */
    LINKED_TARGET_MISSING,
    /** No seat was free for this user within the license's entitlement. */
    LICENSE_SHORTFALL,
    /** The license has expired, so nothing is assigned. */
    LICENSE_EXPIRED,
    /**
     * A key of an unlinked source user (email, username, attribute) is not the same as a key of a target
     * account, or of another source user about to be created, but would pass for it: it differs only by
     * characters from outside ASCII that look like ASCII ones (a Kelvin sign for a {@code k}, a dotless
     * {@code ı}, a Cyrillic {@code а}, fullwidth letters), by invisible characters (zero-width joiners), by
     * accents, or by case where the key keeps case. Such a user could be a different person, or someone
     * passing for one: nothing is matched, linked, updated or created for them until a person decides (for
     * instance by linking the accounts, or by correcting the key in the source).
     */
    LOOKALIKE_KEY,
    /**
     * The deletion guard holds this account's deactivation or deletion until the host releases it (named
     * by the target account's id). Raised when a plan is applied, not by the planner.
     */
    DEPROVISION_HELD,
    /**
     * A deactivation or deletion the plan would make (the source says the account is inactive or out of
     * scope) that waits because the source read had problems: a read that is not complete and consistent
     * takes nobody's access away, for any reason. The next complete read plans it again.
     */
    DEPROVISION_DEFERRED;

    /**
     * Whether the user waits for a license seat: the runner keeps them and plans them again on every run.
     *
     * @return {@code true} for {@link #LICENSE_SHORTFALL} and {@link #LICENSE_EXPIRED}
     */
    public boolean isWaitingForSeat() {
        return this == LICENSE_SHORTFALL || this == LICENSE_EXPIRED;
    }
}
