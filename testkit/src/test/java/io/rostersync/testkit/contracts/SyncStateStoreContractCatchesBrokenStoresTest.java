package io.rostersync.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.SyncId;
import io.rostersync.spi.EventPosition;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.engine.ForwardingStateStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The state store contract can fail: each deliberately broken store fails the checks meant to catch it. */
class SyncStateStoreContractCatchesBrokenStoresTest {

    private static final List<String> DURABILITY_CHECKS = List.of("aDurableStoreKeepsTheScheduleStateForANewInstance",
            "aDurableStoreKeepsEventPositionsForANewInstance");
    private static final List<String> EVENT_POSITION_CHECKS = List.of("anEventPositionIsKeptExactlyAndTheLastSaveWins",
            "eventPositionsAreSavedWithoutALeaseAlsoWhileARunHoldsIt", "eachSyncAndStreamHasItsOwnEventPosition",
            "aStreamNameMustBeOneTo200Characters", "concurrentFirstSavesOfOneEventPositionAllSucceedAndOneOfThemIsKept",
            "aDurableStoreKeepsEventPositionsForANewInstance");

    @ParameterizedTest
    @EnumSource(BrokenSyncStateStores.class)
    void theContractFailsABrokenStore(BrokenSyncStateStores broken) {
        StoreUnderContract.use(broken::newStore, broken::reopened);
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s: %s", broken, run).containsAll(broken.caughtBy());
    }

    @Test
    void theInMemoryStorePassesEveryCheck() {
        StoreUnderContract.use(InMemorySyncStateStore::new);
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).as("the in-memory store is not durable: only those checks are skipped")
                .containsExactlyInAnyOrderElementsOf(DURABILITY_CHECKS);
    }

    @Test
    void aDurableStorePassesTheDurabilityCheckToo() {
        StoreUnderContract.use(ForwardingSyncStateStore::new,
                s -> Optional.of(new ForwardingStateStore(((ForwardingSyncStateStore) s).real)));
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

    @Test
    void aStoreWithoutEventPositionsHasThoseChecksSkippedNotPassed() {
        StoreUnderContract.use(() -> new ForwardingSyncStateStore() {
            @Override
            public Optional<EventPosition> eventPosition(SyncId syncId, String stream) {
                throw new UnsupportedOperationException("no event positions here");
            }

            @Override
            public void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
                throw new UnsupportedOperationException("no event positions here");
            }
        }, s -> Optional.of(new ForwardingStateStore(((ForwardingSyncStateStore) s).real)));
        ContractRun run = ContractRun.of(StoreUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).containsExactlyInAnyOrderElementsOf(EVENT_POSITION_CHECKS);
    }
}
