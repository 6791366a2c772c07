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
    LICENCE_EXPIRED
}
