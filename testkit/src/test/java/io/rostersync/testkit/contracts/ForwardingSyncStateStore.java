package io.rostersync.testkit.contracts;

import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.engine.ForwardingStateStore;

/** A state store that passes every call to an in-memory one; a broken store overrides the call it gets wrong. */
class ForwardingSyncStateStore extends ForwardingStateStore {

    final InMemorySyncStateStore real;

    ForwardingSyncStateStore() {
        this(new InMemorySyncStateStore());
    }

    private ForwardingSyncStateStore(InMemorySyncStateStore real) {
        super(real);
        this.real = real;
    }
}
