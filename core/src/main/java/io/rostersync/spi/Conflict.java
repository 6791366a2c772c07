package io.rostersync.spi;

import java.util.List;
import java.util.Objects;

/**
 * Something the engine refused to decide.
 *
 * @param kind    what went wrong
 * @param users   the users involved, sorted
 * @param reasons why, as codes a {@link ReasonExplainer} shows in words; not empty, immutable
 * @since 0.1.0
 */
public record Conflict(ConflictKind kind, List<UserRef> users, List<Reason> reasons) {

    /**
     * Sorts and copies the users, copies the reasons.
     *
     * @param kind    what went wrong
     * @param users   the users involved, sorted
     * @param reasons why, not empty
     * @throws IllegalArgumentException if no user is involved or there is no reason
     * @throws NullPointerException if a part is null
     */
    public Conflict {
        Objects.requireNonNull(kind, "kind");
        users = users.stream().sorted().toList();
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a conflict involves at least one user");
        }
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a conflict needs at least one reason");
        }
    }

    /**
     * A conflict with a single reason.
     *
     * @param kind   what went wrong
     * @param users  the users involved
     * @param reason why
     */
    public Conflict(ConflictKind kind, List<UserRef> users, Reason reason) {
        this(kind, users, List.of(reason));
    }
}
