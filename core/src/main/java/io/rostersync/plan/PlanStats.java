package io.rostersync.plan;

/**
 * Counts describing the input of a plan.
 *
 * @param sourceUsers  source records read
 * @param targetUsers  target records read (0 for an incremental plan of an empty change set, which reads no target)
 * @param inScope      source records in the policy's scope
 * @param unchanged    in-scope users that needed no action
 * @param ignored      in-scope users left alone by policy (unmatched with "ignore", inactive and unmatched)
 * @param managedUsers target accounts this sync manages (linked ones, plus all of them when authoritative):
 *                     the base of the deletion guard's fraction; the number of stored links when no target was read
 * @since 0.1.0
 */
public record PlanStats(int sourceUsers, int targetUsers, int inScope, int unchanged, int ignored, int managedUsers) {

    /**
     * Checks the counts.
     *
     * @param sourceUsers  source records read
     * @param targetUsers  target records read (0 for an incremental plan of an empty change set, which reads no target)
     * @param inScope      source records in the policy's scope
     * @param unchanged    in-scope users that needed no action
     * @param ignored      in-scope users left alone by policy (unmatched with "ignore", inactive and unmatched)
     * @param managedUsers target accounts this sync manages (linked ones, plus all of them when authoritative): the base of the deletion guard's fraction; the number of stored links when no target was read
     * @throws IllegalArgumentException if a count is negative
     */
    public PlanStats {
        if (sourceUsers < 0 || targetUsers < 0 || inScope < 0 || unchanged < 0 || ignored < 0 || managedUsers < 0) {
            throw new IllegalArgumentException("plan counts must not be negative");
        }
    }
}
