package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Executor;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Capability;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.Lease;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A policy that asks the target for something it does not declare is an invalid configuration, refused when
 * the runner or executor is built with a message that says what to change. Each refusal here failed before:
 * the runner was built and the same actions failed as unsupported on every run.
 */
class PolicyMeetsTargetCapabilitiesTest {

    private static final SyncId SYNC = SyncId.of("hr-to-app");

    private final InMemoryUserDirectory source = InMemoryUserDirectory.create("hr");
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    private static InMemoryUserDirectory app(Capability... without) {
        return InMemoryUserDirectory.builder("app").without(without).build();
    }

    private SyncRunner.Builder runner(UserDirectory target, SyncPolicy policy) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store);
    }

    /** Nothing but creating accounts and reading them: what a create-only target can follow. */
    private static SyncPolicy.Builder createOnly() {
        return SyncPolicy.builder().own(Field.EMAIL, Ownership.NEVER).own(Field.USERNAME, Ownership.NEVER)
                .own(Field.FIRST_NAME, Ownership.NEVER).own(Field.LAST_NAME, Ownership.NEVER)
                .onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.LEAVE).reactivation(Reactivation.NEVER);
    }

    @Test
    void deletingInADirectoryThatCannotDeleteSaysToDeactivate() {
        InMemoryUserDirectory noDelete = app(Capability.DELETE);

        assertThatThrownBy(() -> runner(noDelete, SyncPolicy.builder().onGone(Deprovision.DELETE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("app cannot do what the sync policy asks of it: ")
                .hasMessageContaining("onGone(Deprovision.DELETE) deletes accounts, but app cannot delete accounts;"
                        + " use Deprovision.DEACTIVATE");
        assertThatThrownBy(() -> runner(noDelete, SyncPolicy.builder().onOutOfScope(Deprovision.DELETE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onOutOfScope(Deprovision.DELETE)").hasMessageContaining("use Deprovision.DEACTIVATE");
        assertThatCode(() -> runner(noDelete, SyncPolicy.defaults()).build()).doesNotThrowAnyException();
    }

    @Test
    void deletingInADirectoryThatCanNeitherDeleteNorDeactivateSaysToLeave() {
        InMemoryUserDirectory neither = app(Capability.DELETE, Capability.DEACTIVATE, Capability.REACTIVATE);

        assertThatThrownBy(() -> runner(neither, SyncPolicy.builder().onGone(Deprovision.DELETE)
                .onOutOfScope(Deprovision.LEAVE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onGone(Deprovision.DELETE)").hasMessageContaining("use Deprovision.LEAVE")
                .hasMessageNotContaining("Reactivation");
        assertThatThrownBy(() -> runner(neither, SyncPolicy.builder().onGone(Deprovision.LEAVE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onOutOfScope(Deprovision.DEACTIVATE) deactivates accounts, but app cannot"
                        + " deactivate accounts; use Deprovision.LEAVE");
        // Reactivating only what the sync deactivated asks nothing of a target the sync can never deactivate.
        assertThatCode(() -> runner(neither, SyncPolicy.builder().onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.LEAVE)
                .build()).build()).doesNotThrowAnyException();
    }

    @Test
    void deactivatingInADirectoryThatCanOnlyDeleteOffersBothWays() {
        assertThatThrownBy(() -> runner(app(Capability.DEACTIVATE, Capability.REACTIVATE), SyncPolicy.defaults()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onGone(Deprovision.DEACTIVATE) deactivates accounts, but app cannot deactivate"
                        + " accounts; use Deprovision.LEAVE (or Deprovision.DELETE to remove them for good)");
    }

    @Test
    void reactivatingInADirectoryThatCannotReactivateSaysNever() {
        InMemoryUserDirectory noReactivate = app(Capability.REACTIVATE);

        assertThatThrownBy(() -> runner(noReactivate, SyncPolicy.builder().reactivation(Reactivation.ALWAYS).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("reactivation(Reactivation.ALWAYS)").hasMessageContaining("use Reactivation.NEVER");
        // The default reactivates what the sync deactivated, and this target can be deactivated.
        assertThatThrownBy(() -> runner(noReactivate, SyncPolicy.defaults()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("reactivation(Reactivation.IF_DEACTIVATED_BY_SYNC)")
                .hasMessageContaining("use Reactivation.NEVER");
        assertThatCode(() -> runner(noReactivate, SyncPolicy.builder().reactivation(Reactivation.NEVER).build()).build())
                .doesNotThrowAnyException();
    }

    @Test
    void creatingInADirectoryThatCannotCreateSaysToIgnore() {
        InMemoryUserDirectory noCreate = app(Capability.CREATE);

        assertThatThrownBy(() -> runner(noCreate, SyncPolicy.defaults()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("onUnmatched(UnmatchedAction.CREATE_ACTIVE) creates accounts, but app cannot create"
                        + " accounts; use UnmatchedAction.IGNORE");
        assertThatThrownBy(() -> runner(noCreate, SyncPolicy.builder().onUnmatched(UnmatchedAction.CREATE_PENDING).build()).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("CREATE_PENDING");
        assertThatCode(() -> runner(noCreate, SyncPolicy.builder().onUnmatched(UnmatchedAction.IGNORE).build()).build())
                .doesNotThrowAnyException();
    }

    @Test
    void updatingInADirectoryThatCannotUpdateNamesWhatThePolicyOwns() {
        InMemoryUserDirectory noUpdate = app(Capability.UPDATE);

        assertThatThrownBy(() -> runner(noUpdate, SyncPolicy.defaults()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("the policy updates accounts (EMAIL ALWAYS, USERNAME WHEN_EMPTY, FIRST_NAME ALWAYS,"
                        + " LAST_NAME ALWAYS), but app cannot update accounts; set those fields and attributes to Ownership.NEVER");
        assertThatThrownBy(() -> runner(noUpdate, createOnly().ownAttribute("costCentre", Ownership.ALWAYS).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("(attribute 'costCentre' ALWAYS)");
        assertThatThrownBy(() -> runner(noUpdate, createOnly().permissions(RuleBasedPermissionMapper.builder()
                .otherwise("Agent").build()).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("(permissions)").hasMessageContaining("without a permission mapper");
        assertThatCode(() -> runner(noUpdate, createOnly().reactivation(Reactivation.IF_DEACTIVATED_BY_SYNC)
                .onGone(Deprovision.DEACTIVATE).build()).build()).doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        UserDirectory readOnly = app(Capability.CREATE, Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE,
                Capability.DELETE, Capability.BATCH_WRITE);

        assertThatThrownBy(() -> runner(readOnly, SyncPolicy.builder().onGone(Deprovision.DELETE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("UnmatchedAction.IGNORE")
                .hasMessageContaining("Ownership.NEVER")
                .hasMessageContaining("onGone(Deprovision.DELETE)")
                .hasMessageContaining("onOutOfScope(Deprovision.DEACTIVATE)")
                .hasMessageContaining("(the target's capabilities: [READ, INCREMENTAL_READ, LOOKUP])");
        assertThatCode(() -> runner(readOnly, createOnly().onUnmatched(UnmatchedAction.IGNORE).build()).build())
                .as("a policy that only reads and links").doesNotThrowAnyException();
    }

    @Test
    void aReadOnlySourceIsFineOnlyTheTargetIsChecked() {
        InMemoryUserDirectory readOnlySource = InMemoryUserDirectory.builder("hr").without(Capability.CREATE, Capability.UPDATE,
                Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE, Capability.BATCH_WRITE).build();
        readOnlySource.add(UserProfile.builder().email("ann@corp.example").firstName("Ann").lastName("Lee").build());
        InMemoryUserDirectory target = app();

        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(readOnlySource).target(target)
                .policy(SyncPolicy.builder().onGone(Deprovision.DELETE).build()).stateStore(store).build();

        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(1);
    }

    @Test
    void anExecutorIsCheckedWhenBuiltToo() {
        Lease lease = store.tryAcquire(SYNC, "host", Duration.ofMinutes(5), Instant.now()).orElseThrow();

        assertThatThrownBy(() -> Executor.builder().target(app(Capability.DELETE)).stateStore(store).lease(lease)
                .policy(SyncPolicy.builder().onGone(Deprovision.DELETE).build()).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("use Deprovision.DEACTIVATE");
        assertThatCode(() -> Executor.builder().target(app(Capability.DELETE)).stateStore(store).lease(lease)
                .policy(SyncPolicy.defaults()).build()).doesNotThrowAnyException();
    }
}
