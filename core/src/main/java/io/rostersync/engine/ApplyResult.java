package io.rostersync.engine;

import java.util.List;

/**
 * Outcomes of applying a plan: one per planned action in plan order, and after an adopted create the
 * outcomes of the actions that brought the adopted account up to date (with the create's index).
 *
 * @param outcomes per-action outcomes
 */
public record ApplyResult(List<ActionOutcome> outcomes) {

    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Actions that went through: applied, adopted, or superseded by what the executor did instead. */
    public int applied() {
        return (int) outcomes.stream().filter(o -> o.status().successful()).count();
    }

    /** Actions that failed, were skipped or were refused. */
    public List<ActionOutcome> unsuccessful() {
        return outcomes.stream().filter(o -> !o.status().successful()).toList();
    }

    /** Outcomes with this status. */
    public List<ActionOutcome> withStatus(ActionOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }
}
