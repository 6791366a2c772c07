package io.rostersync.emulators.zendesk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** Told of each user the store creates ({@code before} null) or changes; called under the store's lock. */
@FunctionalInterface
public interface UserChangeListener {

    /** Nobody listens. */
    UserChangeListener NONE = (before, after) -> { };

    /** {@code after} is the store's live object: copy what is kept. */
    void changed(@Nullable ObjectNode before, ObjectNode after);
}
