package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.List;
import java.util.Objects;

/** What an {@link IdentityMatcher} found for one source record. */
public sealed interface MatchResult {

    static MatchResult matched(UserRecord target, String via) {
        return new Matched(target, via);
    }

    static MatchResult unmatched() {
        return Unmatched.INSTANCE;
    }

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
        public Matched {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(via, "via");
        }
    }

    /** No target. */
    enum Unmatched implements MatchResult {
        INSTANCE
    }

    /**
     * Several targets fit; the engine records a conflict and does nothing for this user.
     *
     * @param candidates the fitting targets' ids, sorted
     * @param via        which rule found them
     */
    record Ambiguous(List<NativeId> candidates, String via) implements MatchResult {
        public Ambiguous {
            candidates = candidates.stream().sorted().toList();
            if (candidates.size() < 2) {
                throw new IllegalArgumentException("ambiguous needs at least two candidates");
            }
            Objects.requireNonNull(via, "via");
        }
    }
}
