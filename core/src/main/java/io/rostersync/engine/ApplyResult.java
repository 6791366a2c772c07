package io.rostersync.engine;

import io.rostersync.policy.GuardVerdict;
import java.util.List;

/**
 * Outcomes of applying a plan, one per action in plan order.
 *
 * @param outcomes per-action outcomes
 * @param guard    the deletion guard's verdict on the plan when it was applied
 */
public record ApplyResult(List<ActionOutcome> outcomes, GuardVerdict guard) {

    public ApplyResult {
        outcomes = List.copyOf(outcomes);
        java.util.Objects.requireNonNull(guard, "guard");
    }

    /** Outcomes of a plan the guard let through whole. */
    public ApplyResult(List<ActionOutcome> outcomes) {
        this(outcomes, GuardVerdict.pass("not checked"));
    }

    public int applied() {
        return (int) outcomes.stream().filter(o -> o.status() == ActionOutcome.Status.APPLIED).count();
    }

    /** Actions that failed or were skipped: what a later run retries. Held actions are not among them. */
    public List<ActionOutcome> unsuccessful() {
        return outcomes.stream().filter(o -> o.status() == ActionOutcome.Status.FAILED
                || o.status() == ActionOutcome.Status.SKIPPED).toList();
    }

    /** Actions the deletion guard held back, in plan order. */
    public List<ActionOutcome> held() {
        return outcomes.stream().filter(o -> o.status() == ActionOutcome.Status.HELD).toList();
    }
}
