package io.rostersync.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The directory contract can fail: each deliberately broken directory fails the checks meant to catch it. */
class UserDirectoryContractCatchesBrokenDirectoriesTest {

    @ParameterizedTest
    @EnumSource(BrokenUserDirectories.class)
    void theContractFailsABrokenDirectory(BrokenUserDirectories broken) {
        DirectoryUnderContract.use(broken::newDirectory);
        ContractRun run = ContractRun.of(DirectoryUnderContract.class);
        assertThat(run.failed()).as("%s: %s", broken, run).containsAll(broken.caughtBy());
    }

    @Test
    void theInMemoryDirectoryPassesEveryCheckItDeclares() {
        DirectoryUnderContract.use(() -> {
            InMemoryUserDirectory dir = InMemoryUserDirectory.builder("in-memory").pageSize(2).build();
            dir.addAll(new RosterGenerator(4).records("seed-", 3));
            return dir;
        });
        ContractRun run = ContractRun.of(DirectoryUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).as("only the check of undeclared capabilities, as it declares them all")
                .containsExactly("anUndeclaredCapabilityThrowsTheTypedErrorAndChangesNothing");
    }

    @Test
    void aSmallHonestDirectoryPassesEveryCheckItDeclares() {
        DirectoryUnderContract.use(() -> new SimpleUserDirectory(2));
        ContractRun run = ContractRun.of(DirectoryUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).as("batches, incremental reads and look-ups, which it does not declare")
                .containsExactlyInAnyOrder("batchCreateGivesOneStoredResultPerProfileInOrder", "incrementalReadReturnsChangesAfterTheCursor",
                        "lookUpByIdsReturnsTheAccountsAskedForAndNoOther", "lookUpByEmailAndByUsernameFindsTheAccountHoldingIt",
                        "lookUpOfValuesNobodyHasIsEmpty", "lookUpOfMoreIdsThanOneRequestTakesFindsThemAll",
                        "lookUpAnswersADeletedAccountRemovedAndNeverFound");
    }

    @Test
    void theContractDeletesTheAccountsItCreated() {
        InMemoryUserDirectory shared = InMemoryUserDirectory.builder("shared").pageSize(2).build();
        shared.addAll(new RosterGenerator(5).records("seed-", 3));
        DirectoryUnderContract.use(() -> shared);
        ContractRun run = ContractRun.of(DirectoryUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(shared.all()).extracting(r -> r.id().value()).containsExactly("seed-1", "seed-2", "seed-3");
    }

    @Test
    void aDirectoryWhoseReadsFitOnOnePageHasItsPagingCheckSkippedNotPassed() {
        DirectoryUnderContract.use(() -> InMemoryUserDirectory.builder("big-pages").pageSize(100).build());
        ContractRun run = ContractRun.of(DirectoryUnderContract.class);
        assertThat(run.skipped()).contains("aReadOverSeveralPagesListsEveryAccountOnce");
    }
}
