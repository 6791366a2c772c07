package io.rostersync.engine;

import java.util.List;

/**
 * Outcomes of applying a plan, one per action in plan order.
 *
 * @param outcomes per-action outcomes
 */
public record ApplyResult(List<ActionOutcome> outcomes) {

    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }

    public int applied() {
        return (int) outcomes.stream().filter(o -> o.status() == ActionOutcome.Status.APPLIED).count();
    }

    public List<ActionOutcome> unsuccessful() {
        return outcomes.stream().filter(o -> o.status() != ActionOutcome.Status.APPLIED).toList();
    }
}
