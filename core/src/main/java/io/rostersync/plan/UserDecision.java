package io.rostersync.plan;

import io.rostersync.spi.UserRef;
import java.util.List;
import java.util.Objects;

/**
 * Everything a plan decided about one user, in plain words.
 *
 * @param user      who
 * @param decisions one line per action or conflict, in execution order
 * @since 0.1.0
 */
public record UserDecision(UserRef user, List<String> decisions) {
    /**
     * Copies the decisions.
     *
     * @param user      who
     * @param decisions one line per action or conflict, in execution order
     * @throws NullPointerException if a part or a decision is null
     */
    public UserDecision {
        Objects.requireNonNull(user, "user");
        decisions = List.copyOf(decisions);
    }
}
