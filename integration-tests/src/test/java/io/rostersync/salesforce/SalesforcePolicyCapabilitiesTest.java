package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Salesforce cannot delete users, so a policy that deletes is refused when the runner is built, with a
 * message that says what to use, and nothing is sent to the org.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforcePolicyCapabilitiesTest {

    private SalesforceEmulator org;
    private SalesforceUserDirectory salesforce;

    @BeforeEach
    void start() {
        org = SalesforceEmulator.start();
        salesforce = Orgs.directory(org);
    }

    @AfterEach
    void stop() {
        org.close();
    }

    private SyncRunner.Builder runner(SyncPolicy policy) {
        return SyncRunner.builder().syncId(SyncId.of("hr-to-salesforce")).source(InMemoryUserDirectory.create("hr"))
                .target(salesforce).policy(policy).stateStore(new InMemorySyncStateStore());
    }

    @Test
    void deletingGoneUsersInSalesforceIsRefusedWhenTheRunnerIsBuilt() {
        assertThat(salesforce.capabilities()).doesNotContain(Capability.DELETE).contains(Capability.DEACTIVATE);

        assertThatThrownBy(() -> runner(SyncPolicy.builder().onGone(Deprovision.DELETE).build()).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining("salesforce:emulator")
                .hasMessageContaining("onGone(Deprovision.DELETE)")
                .hasMessageContaining("cannot delete accounts; use Deprovision.DEACTIVATE")
                .hasMessageNotContaining("onOutOfScope");
        assertThat(org.requestCounts()).as("building sends nothing").isEmpty();
    }

    @Test
    void deletingOutOfScopeUsersInSalesforceIsRefusedToo() {
        assertThatThrownBy(() -> runner(SyncPolicy.builder().onOutOfScope(Deprovision.DELETE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onOutOfScope(Deprovision.DELETE)")
                .hasMessageContaining("use Deprovision.DEACTIVATE");
    }

    @Test
    void whatSalesforceCanDoBuilds() {
        assertThatCode(() -> runner(SyncPolicy.defaults()).build()).doesNotThrowAnyException();
        assertThatCode(() -> runner(SyncPolicy.builder().onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.DEACTIVATE)
                .permissions(TalkdeskPermissionSets.mapper()).build()).build()).doesNotThrowAnyException();
        assertThat(org.requestCounts()).as("building sends nothing").isEmpty();
    }
}
