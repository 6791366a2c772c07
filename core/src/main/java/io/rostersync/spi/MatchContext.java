package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.List;
import java.util.Optional;

/** The engine's indexed view of the target side, handed to an {@link IdentityMatcher}. Read-only. */
public interface MatchContext {

    /** The target this source user is linked to by an earlier run, if the link exists and the target does. */
    Optional<UserRecord> linkedTarget(NativeId sourceId);

    /** Target records whose {@code key} value equals {@code normalizedValue}, sorted by id. */
    List<UserRecord> lookup(MatchKey key, String normalizedValue);
}
