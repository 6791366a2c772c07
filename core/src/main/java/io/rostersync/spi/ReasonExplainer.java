package io.rostersync.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows {@link Reason}s and {@link Conflict}s in words. The engine's own text is {@link #english()}; a host
 * that shows plans and reports in another language implements {@link #reason(Reason)} (a {@code switch}
 * over {@link ReasonCode} without a {@code default} branch makes the compiler name any code it forgets) and,
 * for the framing, {@link #conflict(Conflict)}. To explain plan actions too, implement
 * {@code io.rostersync.plan.PlanExplainer}, which extends this interface.
 *
 * <p>Implementations should be stateless and thread-safe.
 *
 * @since 0.2.0
 */
public interface ReasonExplainer {

    /**
     * One reason in words.
     *
     * @param reason the reason
     * @return its text
     */
    String reason(Reason reason);

    /**
     * Several reasons of one action or conflict in words: by default each one's {@link #reason(Reason)},
     * joined by {@code "; "}.
     *
     * @param reasons the reasons, in order
     * @return their text
     */
    default String reasons(List<Reason> reasons) {
        List<String> parts = new ArrayList<>(reasons.size());
        for (Reason r : reasons) {
            parts.add(reason(r));
        }
        return String.join("; ", parts);
    }

    /**
     * A conflict in one line: by default {@code "conflict "}, its kind in lower case, {@code ": "} and its
     * {@link #reasons(List)}.
     *
     * @param conflict the conflict
     * @return for example {@code "conflict dangling link: linked to target account t1, which no longer exists"}
     */
    default String conflict(Conflict conflict) {
        return "conflict " + conflict.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + reasons(conflict.reasons());
    }

    /**
     * The engine's English explanations: the text plans and reports have always shown.
     *
     * @return the English explainer; stateless and thread-safe
     */
    static ReasonExplainer english() {
        return EnglishReasons.INSTANCE;
    }
}
