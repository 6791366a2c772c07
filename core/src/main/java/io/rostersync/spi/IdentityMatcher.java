package io.rostersync.spi;

import io.rostersync.model.UserRecord;
import java.util.List;

/**
 * Finds the target account that belongs to a source account. Built-ins live in
 * {@code io.rostersync.policy.IdentityMatchers} (by stored link, email, username, any attribute, and a
 * precedence chain); a host can write its own.
 *
 * <p>A matcher is pure: it must not do I/O and must give the same answer for the same input.
 */
public interface IdentityMatcher {

    /** The keys this matcher looks up, so the engine can index the target side once before matching. */
    List<MatchKey> keys();

    /** Matches one source record against the indexed target side. */
    MatchResult match(UserRecord source, MatchContext context);
}
