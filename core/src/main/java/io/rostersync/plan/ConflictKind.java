package io.rostersync.plan;

/** Why the engine did nothing for a user and wants a person to look. */
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
    /** No seat was free for this user within the licence's entitlement. */
    LICENCE_SHORTFALL,
    /** The licence has expired, so nothing is assigned. */
    LICENCE_EXPIRED,
    /**
     * The deletion guard holds this account's deactivation or deletion until the host releases it (named
     * by the target account's id). Raised when a plan is applied, not by the planner.
     */
    DEPROVISION_HELD;

    /** Whether the user waits for a licence seat: the runner keeps them and plans them again on every run. */
    public boolean isWaitingForSeat() {
        return this == LICENCE_SHORTFALL || this == LICENCE_EXPIRED;
    }
}
