package io.rostersync.testkit.contracts;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import java.util.function.Supplier;

/** The state store contract over whatever store {@link #use} last set; run by {@link SyncStateStoreContractCatchesBrokenStoresTest}. */
public class StoreUnderContract extends SyncStateStoreContract {

    private static volatile Supplier<SyncStateStore> stores = io.rostersync.testkit.InMemorySyncStateStore::new;

    static void use(Supplier<SyncStateStore> newStore) {
        stores = newStore;
    }

    @Override
    protected SyncStateStore store() {
        return stores.get();
    }
}
