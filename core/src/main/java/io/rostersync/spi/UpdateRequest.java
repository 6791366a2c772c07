package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import java.util.Objects;

/** One account's update inside a batch. */
public record UpdateRequest(NativeId id, UserPatch patch) {
    public UpdateRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
    }
}
