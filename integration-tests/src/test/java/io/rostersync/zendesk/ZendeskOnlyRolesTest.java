package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 002 hosts scope by role in the directory ({@code onlyRoles}), with a policy that takes everyone the
 * directory reads. Every read must then leave out the same users the full read leaves out, or an end-user reaches
 * the host on an incremental run and is removed again by the next full run.
 */
@Timeout(60)
class ZendeskOnlyRolesTest {

    private static final SyncId SYNC = SyncId.of("zendesk-staff");

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = EmulatorExtension.of(() -> Fixtures.emulator(clock).start());

    private final InMemoryUserDirectory host = InMemoryUserDirectory.create("evaluagent");
    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private ZendeskDirectory source;
    private SyncRunner runner;
    private long agent;
    private long admin;
    private long endUser;

    @BeforeEach
    void fullRunOfStaff() {
        ZendeskEmulator emulator = zendesk.emulator();
        agent = emulator.addUser("Ada Agent", "ada@abc-energy.test", "agent");
        admin = emulator.addUser("Abe Admin", "abe@abc-energy.test", "admin");
        endUser = emulator.addUser("Eve Customer", "eve@customer.test", "end-user");
        clock.advance(Duration.ofMinutes(10));
        source = emulator.directory().onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly().build();
        SyncPolicy policy = SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_PENDING)
                .build();
        runner = SyncRunner.builder().syncId(SYNC).source(source).target(host).policy(policy).stateStore(state).clock(clock).build();
        SyncReport first = runner.run(RunOptions.defaults());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(host.all()).extracting(UserRecord::label).containsExactlyInAnyOrder("ada@abc-energy.test", "abe@abc-energy.test");
        clock.advance(Duration.ofMinutes(5));
    }

    @Test
    void anEndUserChangedSinceTheFullReadIsNotProvisionedByTheIncrementalRun() {
        zendesk.emulator().rename(endUser, "Eve Renamed");
        clock.advance(Duration.ofMinutes(5));

        SyncReport incremental = runner.run(RunOptions.defaults());

        assertThat(incremental.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(incremental.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(host.findByEmail("eve@customer.test")).as("an end-user, whom the full read leaves out").isEmpty();
        assertThat(host.all()).hasSize(2);
        // and the next full run has nothing to undo
        assertThat(runner.plan(RunOptions.defaults().withForceFull()).actions()).isEmpty();
    }

    @Test
    void anAgentDemotedToEndUserIsDeprovisionedByTheIncrementalRunAsTheFullRunWould() {
        zendesk.emulator().setRole(agent, "end-user");
        clock.advance(Duration.ofMinutes(5));

        SyncReport incremental = runner.run(RunOptions.defaults());

        assertThat(incremental.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(incremental.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(host.findByEmail("ada@abc-energy.test")).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
        assertThat(host.findByEmail("abe@abc-energy.test")).hasValueSatisfying(u -> assertThat(u.status()).isEqualTo(UserStatus.PENDING));
        assertThat(runner.plan(RunOptions.defaults().withForceFull()).actions()).isEmpty();
    }

    @Test
    void getDoesNotFindAUserOutsideTheRolesAFullReadLists() {
        assertThat(source.get(NativeId.of(Long.toString(endUser)))).isEmpty();
        assertThat(source.get(NativeId.of(Long.toString(admin)))).isPresent();
    }
}
