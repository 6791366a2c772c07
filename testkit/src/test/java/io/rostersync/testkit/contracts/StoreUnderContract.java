package io.rostersync.testkit.contracts;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The state store contract over whatever store {@link #use} last set; run by {@link SyncStateStoreContractCatchesBrokenStoresTest}. */
public class StoreUnderContract extends SyncStateStoreContract {

    private static volatile Supplier<SyncStateStore> stores = io.rostersync.testkit.InMemorySyncStateStore::new;
    /** A new instance over the storage of the given store, or empty for a store that is not durable. */
    private static volatile Function<SyncStateStore, Optional<SyncStateStore>> reopen = s -> Optional.empty();

    private SyncStateStore current;

    static void use(Supplier<SyncStateStore> newStore) {
        use(newStore, s -> Optional.empty());
    }

    static void use(Supplier<SyncStateStore> newStore, Function<SyncStateStore, Optional<SyncStateStore>> reopening) {
        stores = newStore;
        reopen = reopening;
    }

    @Override
    protected SyncStateStore store() {
        current = stores.get();
        return current;
    }

    @Override
    protected Optional<SyncStateStore> reopened() {
        return reopen.apply(current);
    }
}
