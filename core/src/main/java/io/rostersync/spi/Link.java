package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.util.Objects;

/**
 * The stored pairing of a source account with the target account it manages.
 *
 * @param sourceId          the account's id in the source directory
 * @param targetId          the account's id in the target directory
 * @param deactivatedBySync whether this sync switched the target off (so it may switch it back on)
 * @since 0.1.0
 */
public record Link(NativeId sourceId, NativeId targetId, boolean deactivatedBySync) {

    /**
     * Checks both ids are present.
     *
     * @param sourceId          the account's id in the source directory
     * @param targetId          the account's id in the target directory
     * @param deactivatedBySync whether this sync switched the target off (so it may switch it back on)
     * @throws NullPointerException if an id is null
     */
    public Link {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
    }

    /**
     * A link made by a create or an adoption: the target is not deactivated by the sync.
     *
     * @param sourceId the source account's id
     * @param targetId the target account's id
     * @return the link
     */
    public static Link of(NativeId sourceId, NativeId targetId) {
        return new Link(sourceId, targetId, false);
    }

    /**
     * This link with another deactivated-by-sync flag.
     *
     * @param value whether this sync has switched the target off
     * @return a new link; this one is unchanged
     */
    public Link withDeactivatedBySync(boolean value) {
        return new Link(sourceId, targetId, value);
    }
}
