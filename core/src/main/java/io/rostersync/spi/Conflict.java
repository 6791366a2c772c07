package io.rostersync.spi;

import java.util.List;
import java.util.Objects;

/**
 * Something the engine refused to decide.
 *
 * @param kind   what went wrong
 * @param users  the users involved, sorted
 * @param detail human explanation
 * @since 0.1.0
 */
public record Conflict(ConflictKind kind, List<UserRef> users, String detail) {

    /**
     * Sorts and copies the users.
     *
     * @param kind   what went wrong
     * @param users  the users involved, sorted
     * @param detail human explanation
     * @throws IllegalArgumentException if no user is involved
     * @throws NullPointerException if a part is null
     */
    public Conflict {
        Objects.requireNonNull(kind, "kind");
        users = users.stream().sorted().toList();
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a conflict involves at least one user");
        }
        Objects.requireNonNull(detail, "detail");
    }
}
