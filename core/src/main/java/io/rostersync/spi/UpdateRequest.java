package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import java.util.Objects;

/**
 * One account's update inside a batch.
 *
 * @param id    the account to update
 * @param patch the fields to change
 * @since 0.1.0
 */
public record UpdateRequest(NativeId id, UserPatch patch) {
    /**
     * Checks both parts are present.
     *
     * @param id    the account to update
     * @param patch the fields to change
     * @throws NullPointerException if a part is null
     */
    public UpdateRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
    }
}
