package io.rostersync.plan;

import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonExplainer;

/**
 * Shows plans in words: each {@link PlanAction}'s what and why, each conflict, each {@link Reason}. The
 * engine's own text is {@link #english()}; a host that shows plans in another language implements
 * {@link #reason(Reason)}, {@link #what(PlanAction)} and, where its framing differs,
 * {@link #why(PlanAction)} and {@link #conflict(io.rostersync.spi.Conflict)}, and passes it to
 * {@link UserDecision#decisions(PlanExplainer)} or {@link #action(PlanAction)}.
 *
 * <p>Implementations should be stateless and thread-safe.
 *
 * @since 0.2.0
 */
public interface PlanExplainer extends ReasonExplainer {

    /**
     * What an action does, without why.
     *
     * @param action the action
     * @return for example {@code "create as active (silently)"} or {@code "grant 'Agent Set'"}
     */
    String what(PlanAction action);

    /**
     * Why an action was planned: by default its {@link #reasons(java.util.List)}, after {@code "source changed "}
     * for an update (whose reasons are the changed fields).
     *
     * @param action the action
     * @return for example {@code "source changed last name 'Jones' -> 'Smith'"}
     */
    default String why(PlanAction action) {
        String reasons = reasons(action.reasons());
        return switch (action.kind()) {
            case UPDATE -> "source changed " + reasons;
            case CREATE, LINK, DEACTIVATE, REACTIVATE, DELETE, GRANT_PERMISSION, REVOKE_PERMISSION, ASSIGN_LICENSE,
                    REVOKE_LICENSE -> reasons;
        };
    }

    /**
     * An action in one line: by default {@link #what(PlanAction)}, {@code ": "} and {@link #why(PlanAction)}.
     *
     * @param action the action
     * @return for example {@code "link to t1: matched an existing account by email"}
     */
    default String action(PlanAction action) {
        return what(action) + ": " + why(action);
    }

    /**
     * The engine's English explanations: the text plans have always shown.
     *
     * @return the English explainer; stateless and thread-safe
     */
    static PlanExplainer english() {
        return EnglishPlanExplainer.INSTANCE;
    }
}
