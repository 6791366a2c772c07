package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.List;
import java.util.Optional;

/**
 * The engine's indexed view of the target side, handed to an {@link IdentityMatcher}. Read-only.
 *
 * @since 0.1.0
 */
public interface MatchContext {

    /**
     * The target this source user is linked to by an earlier run, if the link exists and the target does.
     *
     * @param sourceId the source account's id
     * @return the linked target, or empty when there is no link or the linked account is gone
     */
    Optional<UserRecord> linkedTarget(NativeId sourceId);

    /**
     * Target records whose {@code key} value equals {@code normalizedValue}, sorted by id.
     *
     * @param key             one of the matcher's {@link IdentityMatcher#keys()}
     * @param normalizedValue the value as the key normalises it
     * @return the fitting targets, sorted by id; empty when none
     * @throws IllegalStateException when {@code key} is not one of the keys the matcher declared
     */
    List<UserRecord> lookup(MatchKey key, String normalizedValue);
}
