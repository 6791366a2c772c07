package io.rostersync.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.testkit.InMemoryLicensePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The license pool contract can fail: each deliberately broken pool fails the checks meant to catch it. */
class LicensePoolContractCatchesBrokenPoolsTest {

    @ParameterizedTest
    @EnumSource(BrokenLicensePools.class)
    void theContractFailsABrokenPool(BrokenLicensePools broken) {
        PoolUnderContract.use(broken::newPool);
        ContractRun run = ContractRun.of(PoolUnderContract.class);
        assertThat(run.failed()).as("%s: %s", broken, run).containsAll(broken.caughtBy());
    }

    @Test
    void theInMemoryPoolPassesEveryCheck() {
        PoolUnderContract.use(seats -> InMemoryLicensePool.of("seats", seats));
        ContractRun run = ContractRun.of(PoolUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
        assertThat(run.skipped()).isEmpty();
    }

    @Test
    void aForwardingPoolThatChangesNothingPassesEveryCheck() {
        PoolUnderContract.use(BrokenLicensePools.ForwardingPool::new);
        ContractRun run = ContractRun.of(PoolUnderContract.class);
        assertThat(run.failed()).as("%s", run).isEmpty();
    }
}
