package io.rostersync.engine;

import io.rostersync.internal.Planner;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import java.util.Objects;

/**
 * Turns a source read, a target read, the stored links and license snapshots into a {@link Plan}.
 *
 * <p>Pure and deterministic: no I/O of its own (the pages it is given may read lazily), no clock reads
 * (time is {@link PlanInput#now()}), and the same input always gives the same plan in the same order.
 * Cost is linear: the target is indexed once (by id and by each of the matcher's keys), the source is
 * streamed against the index, and "gone" users are found from the marks the pass leaves on the target index.
 *
 * <p>Situations and their default decisions:
 * <ul>
 *   <li>linked, target exists: update owned fields that differ and follow the status rules;</li>
 *   <li>not linked, exactly one match: link, then update;</li>
 *   <li>not linked, no match: create (active or pending per policy) and link, or ignore;</li>
 *   <li>several candidates, or the candidate is linked to another source user: conflict, no action;</li>
 *   <li>two source users share a matching key (and one of them is not yet linked): conflict for all;</li>
 *   <li>linked, source user gone (full reads) or removed (incremental reads): deprovision per policy;</li>
 *   <li>linked, source user now out of scope: deprovision per the out-of-scope policy;</li>
 *   <li>target user never linked: untouched unless the policy is authoritative.</li>
 * </ul>
 * Status: a disabled source user disables the target; a pending target stays pending while the source is
 * active; a target this sync deactivated comes back when the source user is active again.
 *
 * <p>Thread-safe: a reconciler holds only its immutable policy.
 *
 * @since 0.1.0
 */
public final class Reconciler {

    private final SyncPolicy policy;

    /**
     * A reconciler for one policy.
     *
     * @param policy the policy
     * @throws NullPointerException if the policy is null
     */
    public Reconciler(SyncPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The policy this reconciler plans by.
     *
     * @return the policy
     */
    public SyncPolicy policy() {
        return policy;
    }

    /**
     * Plans one run.
     *
     * @param input what to plan from; read once
     * @return the plan; the same input gives the same plan
     * @throws IllegalArgumentException when a license rule's snapshot is missing from the input
     */
    public Plan plan(PlanInput input) {
        return new Planner(policy, input.forPlanner()).plan();
    }
}
