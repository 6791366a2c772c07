package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.NamedSyncReport;
import io.rostersync.engine.NamedUserResult;
import io.rostersync.engine.NamedUserResult.Outcome;
import io.rostersync.engine.NamedUsers;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A named sync (a {@code user.deleted} webhook's, say) of a user Zendesk soft-deleted: {@code show_many} answers it
 * with {@code active: false}, which is a positive "removed", so the host account linked to it is deprovisioned now,
 * as the next full run would; absence, a live user and a failed read never deprovision anyone.
 */
@Timeout(60)
class ZendeskNamedTombstoneTest {

    private static final SyncId SYNC = SyncId.of("zendesk-now");

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = EmulatorExtension.of(() -> Fixtures.emulator(clock).start());

    private final InMemoryUserDirectory host = InMemoryUserDirectory.create("host");
    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private ZendeskEmulator emulator;
    private ZendeskDirectory source;
    private SyncRunner runner;
    private long ada;
    private long abe;
    private long cid;
    private long eve;

    @BeforeEach
    void fullRun() {
        emulator = zendesk.emulator();
        ada = emulator.addUser("Ada Agent", "ada@abc-energy.test", "agent");
        abe = emulator.addUser("Abe Admin", "abe@abc-energy.test", "admin");
        cid = emulator.addUser("Cid Agent", "cid@abc-energy.test", "agent");
        eve = emulator.addUser("Eve Customer", "eve@customer.test", "end-user");
        clock.advance(Duration.ofMinutes(10));
        source = emulator.directory().onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly().build();
        runner = SyncRunner.builder().syncId(SYNC).source(source).target(host)
                .policy(SyncPolicy.builder().matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail())).build())
                .stateStore(state).clock(clock).build();
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(host.all()).hasSize(3);
        clock.advance(Duration.ofMinutes(5));
    }

    private UserStatus hostStatusOf(long zendeskId) {
        NativeId target = state.links(SYNC).bySource(id(zendeskId)).orElseThrow().targetId();
        return host.get(target).orElseThrow().status();
    }

    private static NativeId id(long zendeskId) {
        return NativeId.of(Long.toString(zendeskId));
    }

    @Test
    void showManyAnswersASoftDeletedUserRemovedAndALiveOneFound() {
        emulator.softDelete(ada);

        UserLookupResult answer = source.lookUp(UserLookup.ofIds(List.of(id(ada), id(abe), id(eve), id(999_999_999L))));

        assertThat(answer.found()).extracting(r -> r.id()).containsExactly(id(abe));
        assertThat(answer.removed()).as("soft-deleted, and an end-user the full read leaves out; not the unknown id")
                .containsExactlyInAnyOrder(id(ada), id(eve));
    }

    @Test
    void aSoftDeletedLinkedUserIsDeactivatedNowFromOneShowMany() {
        emulator.softDelete(ada);
        int before = emulator.requestCount();

        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(ada)));

        assertThat(r.report().status()).as(r.lines().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.users()).extracting(NamedUserResult::outcome).containsExactly(Outcome.APPLIED);
        assertThat(r.report().planned()).containsOnlyKeys(ActionKind.DEACTIVATE);
        assertThat(hostStatusOf(ada)).isEqualTo(UserStatus.INACTIVE);
        assertThat(hostStatusOf(abe)).isEqualTo(UserStatus.ACTIVE);
        assertThat(hostStatusOf(cid)).isEqualTo(UserStatus.ACTIVE);
        assertThat(Fixtures.byEndpoint(emulator.requests().subList(before, emulator.requestCount())))
                .isEqualTo(Map.of("GET /api/v2/users/show_many", 1));
        // what the next full run would have done, done already
        assertThat(runner.plan(RunOptions.defaults().withForceFull()).actions()).isEmpty();
    }

    @Test
    void aStaleDeletedHintForALiveUserDeprovisionsNobody() {
        // A user.deleted event for Cid, replayed or forged: Zendesk, re-read, has Cid live.
        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(cid)));

        assertThat(r.users()).extracting(NamedUserResult::outcome).as(r.lines().toString()).containsExactly(Outcome.IN_SYNC);
        assertThat(host.all()).allMatch(u -> u.status() == UserStatus.ACTIVE);
    }

    @Test
    void aTombstoneForAUserNeverLinkedChangesNothing() {
        long late = emulator.addUser("Lou Late", "lou@abc-energy.test", "agent");
        emulator.softDelete(late);
        emulator.softDelete(eve);
        int writes = host.writeCount();

        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(late), Long.toString(eve)));

        assertThat(r.users()).extracting(NamedUserResult::outcome).as(r.lines().toString()).containsOnly(Outcome.GONE);
        assertThat(host.writeCount()).isEqualTo(writes);
        assertThat(host.all()).hasSize(3).allMatch(u -> u.status() == UserStatus.ACTIVE);
    }

    @Test
    void aTombstoneReadWhileShowManyFailsCountsForNothing() {
        emulator.softDelete(ada);
        emulator.faults().always(ZendeskEmulator.SHOW_MANY, Fault.status(503));

        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(ada)));

        assertThat(r.report().status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.users()).extracting(NamedUserResult::outcome).containsExactly(Outcome.NOT_RUN);
        assertThat(hostStatusOf(ada)).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void aTombstoneOnATruncatedShowManyPageCountsForNothing() {
        emulator.softDelete(ada);
        emulator.faults().always(ZendeskEmulator.SHOW_MANY, Fault.truncatedBody());

        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(ada), Long.toString(abe)));

        assertThat(r.report().status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.users()).extracting(NamedUserResult::outcome).containsOnly(Outcome.NOT_RUN);
        assertThat(hostStatusOf(ada)).isEqualTo(UserStatus.ACTIVE);
    }
}
