package io.rostersync.internal;

import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Link;
import io.rostersync.spi.MatchKey;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one situation a source user of this read is in, as the README's planning table names them. The
 * {@link Planner} classifies each user while the source streams, settles the situations that depend on
 * other users (a key two of them share, a target two of them match, new users whose keys look alike) once
 * the read is complete, and only then decides each one with an exhaustive switch over {@link #kind()}.
 *
 * <p>Users read twice (the first copy stands) and records beyond the policy's bounds (a read problem) are
 * set aside before classifying; so are linked users whose pair is already in sync with nothing licensed,
 * whose decision would be empty whatever else the read shows.
 */
sealed interface Situation {

    /** The rows of the table; a switch over it without a default is checked for every row by javac. */
    enum Kind {
        OUT_OF_SCOPE, DANGLING_LINK, LINKED, MATCHED, AMBIGUOUS, LOOKALIKE_KEY, LINKED_ELSEWHERE, CLAIMED_TWICE,
        DUPLICATE_SOURCE_KEY, UNMATCHED
    }

    Kind kind();

    UserRecord source();

    /** Calls the decider's method for this situation's row. */
    void accept(Decider decider);

    /**
     * One method per row of the table: a new situation cannot be added without every decider deciding it.
     */
    interface Decider {
        void outOfScope(OutOfScope u);

        void danglingLink(DanglingLink u);

        void linked(Linked u);

        void matched(Matched u);

        void ambiguous(Ambiguous u);

        void lookalikeKey(LookalikeKey u);

        void linkedElsewhere(LinkedElsewhere u);

        void claimedTwice(ClaimedTwice u);

        void duplicateSourceKey(DuplicateSourceKey u);

        void unmatched(Unmatched u);
    }

    /** Whether the user ends in a conflict (counted apart from unchanged users in the plan's stats). */
    default boolean conflicted() {
        return switch (kind()) {
            case DANGLING_LINK, AMBIGUOUS, LOOKALIKE_KEY, LINKED_ELSEWHERE, CLAIMED_TWICE, DUPLICATE_SOURCE_KEY -> true;
            case OUT_OF_SCOPE, LINKED, MATCHED, UNMATCHED -> false;
        };
    }

    /** The source user and the target account a decision would bring in line with it. */
    record Pair(UserRecord source, UserRecord target, @Nullable Link link) {
        /** A disabled source user deactivates an enabled target. */
        boolean wouldDeactivate() {
            return source.status().isDisabled() && !target.status().isDisabled();
        }
    }

    /** In the read, no longer in scope; {@code linked} is its linked account, if it was read. */
    record OutOfScope(UserRecord source, Optional<Pair> linked) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.outOfScope(this);
        }

        @Override
        public Kind kind() {
            return Kind.OUT_OF_SCOPE;
        }
    }

    /** Linked to an account that the target read does not have any more. */
    record DanglingLink(UserRecord source, Link link) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.danglingLink(this);
        }

        @Override
        public Kind kind() {
            return Kind.DANGLING_LINK;
        }
    }

    /** Linked, and the linked account exists. */
    record Linked(Pair pair) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.linked(this);
        }

        @Override
        public Kind kind() {
            return Kind.LINKED;
        }

        @Override
        public UserRecord source() {
            return pair.source();
        }
    }

    /** Not linked; the matcher found exactly one account, which nobody else is linked to or claims. */
    record Matched(Pair pair, String via) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.matched(this);
        }

        @Override
        public Kind kind() {
            return Kind.MATCHED;
        }

        @Override
        public UserRecord source() {
            return pair.source();
        }
    }

    /** Not linked; the matcher found several accounts. */
    record Ambiguous(UserRecord source, List<NativeId> candidates, String via) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.ambiguous(this);
        }

        @Override
        public Kind kind() {
            return Kind.AMBIGUOUS;
        }
    }

    /**
     * Not linked, and a key only looks like another one: like a target account's ({@code twins}, a conflict of
     * its own), or like another new user's ({@code twins} empty: the conflict names the whole group).
     */
    record LookalikeKey(UserRecord source, MatchKey key, String value, List<TargetIndex.Twin> twins)
            implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.lookalikeKey(this);
        }

        @Override
        public Kind kind() {
            return Kind.LOOKALIKE_KEY;
        }
    }

    /** Not linked; the one account matched is linked to another source user. */
    record LinkedElsewhere(UserRecord source, UserRecord target, String via, NativeId linkedSource) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.linkedElsewhere(this);
        }

        @Override
        public Kind kind() {
            return Kind.LINKED_ELSEWHERE;
        }
    }

    /**
     * Not linked; the one account matched is matched by another source user too. The conflict names each
     * later claimer with the first one; {@code firstClaim} is the first claimer's own match.
     */
    record ClaimedTwice(Pair pair, String via, boolean firstClaim) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.claimedTwice(this);
        }

        @Override
        public Kind kind() {
            return Kind.CLAIMED_TWICE;
        }

        @Override
        public UserRecord source() {
            return pair.source();
        }
    }

    /**
     * Holds a key value that another source user holds too, and not every holder is linked. The conflict names
     * them all; {@code shadowed} is the situation the user would otherwise be in.
     */
    record DuplicateSourceKey(Situation shadowed) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.duplicateSourceKey(this);
        }

        @Override
        public Kind kind() {
            return Kind.DUPLICATE_SOURCE_KEY;
        }

        @Override
        public UserRecord source() {
            return shadowed.source();
        }
    }

    /** Not linked, no account matched. */
    record Unmatched(UserRecord source) implements Situation {
        @Override
        public void accept(Decider decider) {
            decider.unmatched(this);
        }

        @Override
        public Kind kind() {
            return Kind.UNMATCHED;
        }
    }
}
