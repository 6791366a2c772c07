package io.rostersync.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.testkit.InMemorySyncStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The state store contract can fail: each deliberately broken store fails the checks meant to catch it. */
class SyncStateStoreContractCatchesBrokenStoresTest {

    @ParameterizedTest
    @EnumSource(BrokenSyncStateStores.class)
    void theContractFailsABrokenStore(BrokenSyncStateStores broken) {
        StoreUnderContract.use(broken::newStore);
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s: %s", broken, run).containsAll(broken.caughtBy());
    }

    @Test
    void theInMemoryStorePassesEveryCheck() {
        StoreUnderContract.use(InMemorySyncStateStore::new);
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).isEmpty();
    }

    @Test
    void aForwardingStoreThatChangesNothingPassesEveryCheck() {
        StoreUnderContract.use(ForwardingSyncStateStore::new);
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
    }
}
