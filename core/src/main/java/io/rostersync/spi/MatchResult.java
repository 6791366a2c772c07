package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link IdentityMatcher} found for one source record.
 *
 * @since 0.1.0
 */
public sealed interface MatchResult {

    /**
     * Exactly one target fits.
     *
     * @param target the target record
     * @param via    which rule matched, for explanations
     * @return a {@link Matched} result
     */
    static MatchResult matched(UserRecord target, String via) {
        return new Matched(target, via);
    }

    /**
     * No target fits.
     *
     * @return the {@link Unmatched} result
     */
    static MatchResult unmatched() {
        return Unmatched.INSTANCE;
    }

    /**
     * Several targets fit.
     *
     * @param candidates the fitting targets' ids, at least two
     * @param via        which rule found them
     * @return an {@link Ambiguous} result
     * @throws IllegalArgumentException when there are fewer than two candidates
     */
    static MatchResult ambiguous(List<NativeId> candidates, String via) {
        return new Ambiguous(candidates, via);
    }

    /**
     * Exactly one target.
     *
     * @param target the target record
     * @param via    which rule matched, for explanations ({@code "link"}, {@code "email"})
     */
    record Matched(UserRecord target, String via) implements MatchResult {
        /**
         * Checks both parts are present.
         *
         * @param target the target record
         * @param via    which rule matched, for explanations ({@code "link"}, {@code "email"})
         * @throws NullPointerException if a part is null
         */
        public Matched {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(via, "via");
        }
    }

    /** No target. */
    enum Unmatched implements MatchResult {
        /** The one value. */
        INSTANCE
    }

    /**
     * Several targets fit; the engine records a conflict and does nothing for this user.
     *
     * @param candidates the fitting targets' ids, sorted
     * @param via        which rule found them
     */
    record Ambiguous(List<NativeId> candidates, String via) implements MatchResult {
        /**
         * Sorts and copies the candidates.
         *
         * @param candidates the fitting targets' ids, sorted
         * @param via        which rule found them
         * @throws IllegalArgumentException when there are fewer than two candidates
         * @throws NullPointerException if a part is null
         */
        public Ambiguous {
            candidates = candidates.stream().sorted().toList();
            if (candidates.size() < 2) {
                throw new IllegalArgumentException("ambiguous needs at least two candidates");
            }
            Objects.requireNonNull(via, "via");
        }
    }
}
