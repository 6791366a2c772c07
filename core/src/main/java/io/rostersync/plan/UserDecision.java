package io.rostersync.plan;

import io.rostersync.spi.Conflict;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a plan decided about one user: its actions and conflicts, each with its reasons.
 *
 * @param user      who
 * @param actions   the user's actions, in execution order
 * @param conflicts the conflicts that involve the user
 * @since 0.1.0
 */
public record UserDecision(UserRef user, List<PlanAction> actions, List<Conflict> conflicts) {
    /**
     * Copies the lists.
     *
     * @param user      who
     * @param actions   the user's actions, in execution order
     * @param conflicts the conflicts that involve the user
     * @throws NullPointerException if a part or an element is null
     */
    public UserDecision {
        Objects.requireNonNull(user, "user");
        actions = List.copyOf(actions);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * The decisions in English: one line per action ({@link PlanExplainer#action}), then one per conflict
     * ({@link PlanExplainer#conflict}).
     *
     * @return the lines, in that order
     */
    public List<String> decisions() {
        return decisions(PlanExplainer.english());
    }

    /**
     * The decisions in the words of {@code explainer}: one line per action, then one per conflict.
     *
     * @param explainer the host's explainer, or {@link PlanExplainer#english()}
     * @return the lines, in that order
     */
    public List<String> decisions(PlanExplainer explainer) {
        List<String> lines = new ArrayList<>(actions.size() + conflicts.size());
        actions.forEach(a -> lines.add(explainer.action(a)));
        conflicts.forEach(c -> lines.add(explainer.conflict(c)));
        return lines;
    }
}
