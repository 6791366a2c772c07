package io.rostersync.spi;

import io.rostersync.model.UserRecord;
import java.util.List;

/**
 * Finds the target account that belongs to a source account. Built-ins live in
 * {@code io.rostersync.policy.IdentityMatchers} (by stored link, email, username, any attribute, and a
 * precedence chain); a host can write its own.
 *
 * <p>A matcher is pure: it must not do I/O and must give the same answer for the same input.
 *
 * @since 0.1.0
 */
public interface IdentityMatcher {

    /**
     * The keys this matcher looks up, so the engine can index the target side once before matching.
     *
     * @return the keys, in no particular order; empty for a matcher that only follows stored links
     */
    List<MatchKey> keys();

    /**
     * Matches one source record against the indexed target side.
     *
     * @param source  a record from the source side
     * @param context the indexed target side and the stored links
     * @return what was found; never null
     */
    MatchResult match(UserRecord source, MatchContext context);
}
