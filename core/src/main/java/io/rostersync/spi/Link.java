package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.util.Objects;

/**
 * The stored pairing of a source account with the target account it manages.
 *
 * @param sourceId          the account's id in the source directory
 * @param targetId          the account's id in the target directory
 * @param deactivatedBySync whether this sync switched the target off (so it may switch it back on)
 */
public record Link(NativeId sourceId, NativeId targetId, boolean deactivatedBySync) {

    public Link {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
    }

    public static Link of(NativeId sourceId, NativeId targetId) {
        return new Link(sourceId, targetId, false);
    }

    public Link withDeactivatedBySync(boolean value) {
        return new Link(sourceId, targetId, value);
    }
}
