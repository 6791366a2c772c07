package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.NamedSyncReport;
import io.rostersync.engine.NamedUserResult;
import io.rostersync.engine.NamedUsers;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A named sync from Zendesk over loopback HTTP: one {@code show_many} request, no list read, nobody else written. */
@Timeout(60)
class ZendeskNamedSyncTest {

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = EmulatorExtension.of(() -> Fixtures.emulator(clock).start());

    @Test
    void namedUsersAreReadWithOneShowManyAndOnlyTheyAreWritten() throws Exception {
        ZendeskEmulator emulator = zendesk.emulator();
        List<Long> ids = emulator.seed(new RosterGenerator(19), 120);
        clock.advance(Duration.ofMinutes(10));
        ZendeskDirectory source = emulator.directory().onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly().build();
        InMemoryUserDirectory host = InMemoryUserDirectory.create("host");
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("zendesk-now")).source(source).target(host)
                .policy(SyncPolicy.defaults()).stateStore(state).clock(clock).build();
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        List<Long> linked = new ArrayList<>();
        Long endUser = null;
        for (long id : ids) {
            if (state.links(SyncId.of("zendesk-now")).bySource(NativeId.of(Long.toString(id))).isPresent()) {
                linked.add(id);
            } else if ("end-user".equals(emulator.user(id).orElseThrow().get("role"))) {
                endUser = id;
            }
        }
        assertThat(linked).hasSizeGreaterThan(3);
        assertThat(endUser).as("the seed has an end-user, whom the full read leaves out").isNotNull();
        long renamed = linked.get(0);
        long suspended = linked.get(1);
        long untouched = linked.get(2);
        clock.advance(Duration.ofMinutes(5));
        emulator.rename(renamed, "Renamed Now");
        emulator.setSuspended(suspended, true);
        emulator.rename(untouched, "Not Named");
        int before = emulator.requestCount();

        NamedSyncReport r = runner.syncNamed(NamedUsers.ofIds(Long.toString(renamed), Long.toString(suspended),
                Long.toString(endUser), "999999999"));

        Map<String, Integer> calls = Fixtures.byEndpoint(emulator.requests().subList(before, emulator.requestCount()));
        // One show_many for the four ids; one email search for each of the two found, to find another source
        // user holding the same email (a full run's conflict); no list read at all.
        assertThat(calls).as("requests of the named sync").containsExactlyInAnyOrderEntriesOf(
                Map.of("GET /api/v2/users/show_many", 1, "GET /api/v2/users/search", 2));
        assertThat(r.report().status()).as(r.lines().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.users()).extracting(NamedUserResult::asked, NamedUserResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("id " + renamed, NamedUserResult.Outcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("id " + suspended, NamedUserResult.Outcome.APPLIED),
                // show_many answers the end-user, whom onlyRoles leaves out: removed, as the incremental export says;
                // never linked, so nothing is done (it was NOT_FOUND before look-ups could answer "removed")
                org.assertj.core.groups.Tuple.tuple("id " + endUser, NamedUserResult.Outcome.GONE),
                org.assertj.core.groups.Tuple.tuple("id 999999999", NamedUserResult.Outcome.NOT_FOUND));
        assertThat(hostAccountOf(state, host, renamed).lastName()).isEqualTo("Now");
        assertThat(hostAccountOf(state, host, suspended).status().isDisabled()).isTrue();
        assertThat(hostAccountOf(state, host, untouched).lastName()).isNotEqualTo("Named");
        assertThat(host.all()).filteredOn(u -> u.status() == UserStatus.ACTIVE).hasSize(linked.size() - 1);
    }

    private static UserRecord hostAccountOf(InMemorySyncStateStore state, InMemoryUserDirectory host, long zendeskId) {
        NativeId target = state.links(SyncId.of("zendesk-now")).bySource(NativeId.of(Long.toString(zendeskId))).orElseThrow().targetId();
        return host.get(target).orElseThrow();
    }
}
