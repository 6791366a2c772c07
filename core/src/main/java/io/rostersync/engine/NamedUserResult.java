package io.rostersync.engine;

import io.rostersync.spi.UserRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a named sync did for one name it was asked about, step by step, like a provision-on-demand: found in
 * the source or not, matched how (by an earlier link, by a key, not at all), and what was done or why not.
 *
 * @param asked   the name as asked, such as {@code "id 123"} or {@code "email kate@example.com"}
 * @param outcome how it ended for this user
 * @param user    the source user the name stands for (with its target account when there is one); empty when
 *                the name was not found in the source or the run did not get as far as reading it
 * @param steps   what happened, in order, as sentences for people
 * @since 0.3.0
 */
public record NamedUserResult(String asked, Outcome outcome, Optional<UserRef> user, List<String> steps) {

    /** How a named sync ended for one user. */
    public enum Outcome {
        /** Not in the source: nothing was done; the next full run decides whether the user is gone. */
        NOT_FOUND,
        /**
         * The source answered that this user is removed (deleted there, or no longer listed by it), and nothing was
         * to be written: no account is linked to it, or the policy leaves the linked one as it is. When the linked
         * account is deprovisioned the outcome is {@link #APPLIED} (or {@link #HELD}, {@link #FAILED}).
         *
         * @since 0.3.0
         */
        GONE,
        /** Found, and its target account is already as the policy wants it: nothing to write. */
        IN_SYNC,
        /** Found, and every planned change was applied. */
        APPLIED,
        /** Found, but a planned change failed, was skipped or was refused; the next full run tries again. */
        FAILED,
        /** Found, but the engine refused to decide (an ambiguous match, a shared key, a missing account, no free seat). */
        CONFLICT,
        /** Found, and a deprovision of it is held by the deletion guard for the host to release. */
        HELD,
        /** Not synced: another run held the lease, the run failed, or it was a dry run. */
        NOT_RUN
    }

    /**
     * Copies the steps.
     *
     * @param asked   the name as asked
     * @param outcome how it ended for this user
     * @param user    the source user, or empty
     * @param steps   what happened, in order
     * @throws IllegalArgumentException when {@code asked} is blank or there is no step
     * @throws NullPointerException     when a part is null
     */
    public NamedUserResult {
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(user, "user");
        steps = List.copyOf(steps);
        if (asked.isBlank()) {
            throw new IllegalArgumentException("asked must not be blank");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a result says at least one step");
        }
    }
}
