package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 002 end to end: a host app pulls Zendesk agents, admins and one custom role; new people arrive
 * pending; name changes and deactivations follow; Zendesk is never written.
 */
@Timeout(60)
class ZendeskToHostSyncTest {

    private static final String CUSTOM_ROLE = "QA Supervisor";

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private ZendeskEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** Agents without a custom role, admins, and agents holding the chosen custom role. */
    private static Scope seed002Scope() {
        return Scope.matching("agents, admins and " + CUSTOM_ROLE + "s", u -> u.roles().contains("admin")
                || u.roles().contains(CUSTOM_ROLE)
                || (u.roles().contains("agent") && !u.attributes().containsKey(ZendeskAttributes.CUSTOM_ROLE_ID)));
    }

    private static boolean inScope(UserRecord u) {
        return seed002Scope().includes(u);
    }

    private SyncRunner runner(InMemoryUserDirectory host, InMemorySyncStateStore state) {
        ZendeskDirectory zendesk = Fixtures.directory(emulator, clock)
                .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN))
                .readOnly()
                .build();
        SyncPolicy policy = SyncPolicy.builder()
                .scope(seed002Scope())
                // The host's configurable matching key: here the email (the default when left blank).
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_PENDING)
                .build();
        return SyncRunner.builder().syncId(SyncId.of("zendesk-to-evaluagent")).source(zendesk).target(host)
                .policy(policy).stateStore(state).clock(clock).build();
    }

    @Test
    void importsChosenRolesAsPendingThenFollowsNameChangesAndDeactivations() throws Exception {
        emulator = Fixtures.emulator(clock).start();
        List<Long> ids = emulator.seed(new RosterGenerator(2002), 300);
        clock.advance(Duration.ofMinutes(10));
        InMemoryUserDirectory host = InMemoryUserDirectory.create("evaluagent");
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        SyncRunner runner = runner(host, state);

        SyncReport first = runner.run(RunOptions.defaults());

        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.mode()).isEqualTo(PlanMode.FULL);
        List<UserRecord> zendeskInScope = ids.stream().map(this::zendeskRecord).filter(ZendeskToHostSyncTest::inScope).toList();
        assertThat(zendeskInScope).hasSizeBetween(100, 290);
        assertThat(host.all()).hasSize(zendeskInScope.size()).allMatch(u -> u.status() == UserStatus.PENDING);
        assertThat(host.all()).extracting(UserRecord::label)
                .containsExactlyInAnyOrderElementsOf(zendeskInScope.stream().map(UserRecord::label).toList());

        // Six hours later: one agent marries and changes her surname, one is suspended, one deleted.
        clock.advance(Duration.ofHours(6));
        long renamed = Long.parseLong(zendeskInScope.get(0).id().value());
        long suspended = Long.parseLong(zendeskInScope.get(1).id().value());
        long deleted = Long.parseLong(zendeskInScope.get(2).id().value());
        emulator.rename(renamed, zendeskInScope.get(0).firstName() + " Married-Name");
        emulator.setSuspended(suspended, true);
        emulator.softDelete(deleted);
        clock.advance(Duration.ofMinutes(5));

        SyncReport second = runner.run(RunOptions.defaults());

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(host.findByEmail(zendeskInScope.get(0).label())).hasValueSatisfying(u -> {
            assertThat(u.lastName()).isEqualTo("Married-Name");
            assertThat(u.status()).isEqualTo(UserStatus.PENDING);
        });
        assertThat(host.findByEmail(zendeskInScope.get(1).label())).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
        assertThat(host.findByEmail(zendeskInScope.get(2).label())).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
        assertThat(emulator.requestCounts().keySet()).allMatch(k -> k.startsWith("GET "));

        clock.advance(Duration.ofHours(6));
        SyncReport third = runner.run(RunOptions.defaults());
        assertThat(third.plannedTotal()).isZero();
    }

    @Test
    void requestsForATenThousandUserInitialSyncAndANoChangeIncrementalRun() throws Exception {
        emulator = Fixtures.emulator(clock).start();
        emulator.seed(new RosterGenerator(10_000), 10_000);
        clock.advance(Duration.ofMinutes(10));
        InMemoryUserDirectory host = InMemoryUserDirectory.create("evaluagent");
        InMemorySyncStateStore state = new InMemorySyncStateStore();
        SyncRunner runner = runner(host, state);

        SyncReport initial = runner.run(RunOptions.defaults());
        Map<String, Integer> initialCounts = emulator.requestCounts();
        emulator.resetCounts();
        clock.advance(Duration.ofHours(6));
        SyncReport noChange = runner.run(RunOptions.defaults());
        Map<String, Integer> incrementalCounts = emulator.requestCounts();

        System.out.println("10,000-user initial sync: " + initialCounts + " (" + initial.sourceUsers() + " users read)");
        System.out.println("no-change incremental run: " + incrementalCounts);
        assertThat(initial.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(noChange.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(noChange.plannedTotal()).isZero();
        // Agents and admins only (about 8,000 of 10,000) at 100 a page, plus the custom roles.
        int listed = initial.sourceUsers();
        assertThat(initialCounts).containsEntry("GET /api/v2/users", (listed + 99) / 100).containsEntry("GET /api/v2/custom_roles", 1)
                .hasSize(2);
        // Nobody changed, so no user names a custom role: the export page alone.
        assertThat(incrementalCounts).isEqualTo(Map.of("GET /api/v2/incremental/users/cursor", 1));
    }

    private UserRecord zendeskRecord(long id) {
        var raw = emulator.user(id).orElseThrow();
        var outcome = io.rostersync.zendesk.internal.UserJson.read(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(raw),
                io.rostersync.zendesk.internal.CustomRoles.parse(
                customRolesJson()));
        return ((io.rostersync.zendesk.internal.UserJson.Mapped) outcome).record();
    }

    private com.fasterxml.jackson.databind.JsonNode customRolesJson() {
        com.fasterxml.jackson.databind.node.ObjectNode root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        var list = root.putArray("custom_roles");
        list.addObject().put("id", emulator.customRole(CUSTOM_ROLE)).put("name", CUSTOM_ROLE);
        list.addObject().put("id", emulator.customRole("Supervisor")).put("name", "Supervisor");
        return root;
    }
}
