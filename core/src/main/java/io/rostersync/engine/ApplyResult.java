package io.rostersync.engine;

import io.rostersync.policy.GuardVerdict;
import java.util.List;

/**
 * Outcomes of applying a plan: one per planned action in plan order, and after an adopted create the
 * outcomes of the actions that brought the adopted account up to date (with the create's index).
 *
 * @param outcomes per-action outcomes
 * @param guard    the deletion guard's verdict on the plan when it was applied
 * @since 0.1.0
 */
public record ApplyResult(List<ActionOutcome> outcomes, GuardVerdict guard) {

    /**
     * Copies the outcomes.
     *
     * @param outcomes per-action outcomes
     * @param guard    the deletion guard's verdict on the plan when it was applied
     * @throws NullPointerException if a part or an outcome is null
     */
    public ApplyResult {
        outcomes = List.copyOf(outcomes);
        java.util.Objects.requireNonNull(guard, "guard");
    }

    /**
     * Outcomes of a plan the guard let through whole.
     *
     * @param outcomes per-action outcomes
     */
    public ApplyResult(List<ActionOutcome> outcomes) {
        this(outcomes, GuardVerdict.pass("not checked"));
    }

    /**
     * Actions that went through: applied, adopted, or superseded by what the executor did instead.
     *
     * @return the number of successful outcomes
     */
    public int applied() {
        return (int) outcomes.stream().filter(o -> o.status().successful()).count();
    }

    /**
     * Actions that failed, were skipped or were refused: what a later run retries. Held actions are not among
     * them.
     *
     * @return the outcomes, in plan order
     */
    public List<ActionOutcome> unsuccessful() {
        return outcomes.stream().filter(o -> !o.status().successful() && o.status() != ActionOutcome.Status.HELD).toList();
    }

    /**
     * Outcomes with this status.
     *
     * @param status the status
     * @return the outcomes, in plan order
     */
    public List<ActionOutcome> withStatus(ActionOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    /**
     * Actions the deletion guard held back, in plan order.
     *
     * @return the held outcomes
     */
    public List<ActionOutcome> held() {
        return withStatus(ActionOutcome.Status.HELD);
    }
}
