package io.rostersync.testkit;

import io.rostersync.spi.SyncStateStore;

class InMemorySyncStateStoreTest extends SyncStateStoreContract {

    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    @Override
    protected SyncStateStore store() {
        return store;
    }
}
