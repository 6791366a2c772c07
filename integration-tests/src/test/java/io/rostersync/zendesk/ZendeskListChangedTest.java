package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 section 2 for Zendesk: a full read pages the users list by cursor ({@code page[after]}, the last
 * id read), so users deleted, added or moving in or out of a role filter between two pages shift nothing.
 * Zendesk as the source of a sync that deactivates or deletes gone users, guard off so that only the read
 * protects: nobody still in Zendesk (and in the roles read) is deprovisioned, and the next run converges.
 */
@Timeout(60)
class ZendeskListChangedTest {

    private static final SyncId SYNC = SyncId.of("zendesk-list-changed");

    enum Change {
        /** The first user (already read) is deleted. */
        DELETE_BEFORE_CURSOR,
        /** A user is added. */
        INSERT,
        /** The first user is deleted and another added: the count holds still. */
        DELETE_AND_INSERT,
        /** The first user (already read) becomes an end-user: with a role filter, the filtered list shrinks. */
        ROLE_CHANGED_BEFORE_CURSOR,
        /** An end-user not yet read becomes an agent: with a role filter, the filtered list grows. */
        ROLE_CHANGED_AHEAD
    }

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private ZendeskEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Change change : Change.values()) {
            for (boolean filtered : List.of(false, true)) {
                for (Deprovision onGone : List.of(Deprovision.DEACTIVATE, Deprovision.DELETE)) {
                    out.add(Arguments.of(change, filtered, onGone));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, role filter {1}, gone users {2}")
    @MethodSource("cases")
    void aListThatChangesBetweenPagesNeverDeprovisionsAUserStillInZendesk(Change change, boolean filtered, Deprovision onGone)
            throws Exception {
        emulator = Fixtures.emulator(clock).start();
        List<Long> agents = new ArrayList<>();
        for (int n = 0; n < 9; n++) {
            agents.add(emulator.addUser("Agent No" + n, "agent" + n + "@abc-energy.test", "agent"));
        }
        long endUser = emulator.addUser("End User", "end.user@abc-energy.test", "end-user");
        ZendeskDirectory.Builder b = Fixtures.directory(emulator, clock).pageSize(2).readOnly();
        if (filtered) {
            b.onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN));
        }
        ZendeskDirectory zendesk = b.build();
        InMemoryUserDirectory target = InMemoryUserDirectory.builder("host").build();
        SyncPolicy policy = SyncPolicy.builder().onGone(onGone).own(Field.USERNAME, Ownership.NEVER)
                .deletionGuard(DeletionGuard.disabled()).build();
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(zendesk).target(target).policy(policy)
                .stateStore(new InMemorySyncStateStore()).build();
        SyncReport baseline = runner.run(RunOptions.defaults());
        assertThat(baseline.status()).as(baseline.summary()).isEqualTo(RunStatus.SUCCEEDED);

        emulator.afterNextResponse("GET /api/v2/users", () -> {
            switch (change) {
                case DELETE_BEFORE_CURSOR -> emulator.softDelete(agents.get(0));
                case INSERT -> emulator.addUser("Late Comer", "late@abc-energy.test", "agent");
                case DELETE_AND_INSERT -> {
                    emulator.softDelete(agents.get(0));
                    emulator.addUser("Late Comer", "late@abc-energy.test", "agent");
                }
                case ROLE_CHANGED_BEFORE_CURSOR -> emulator.setRole(agents.get(0), "end-user");
                case ROLE_CHANGED_AHEAD -> emulator.setRole(endUser, "agent");
                default -> throw new IllegalArgumentException(change.toString());
            }
        });
        SyncReport faulted = runner.run(RunOptions.defaults().withForceFull());

        List<String> present = present(filtered);
        for (UserRecord t : target.all()) {
            String email = t.email().orElseThrow().value();
            if (present.contains(email)) {
                assertThat(t.status()).as("%s, still in Zendesk, after %s", email, faulted.summary()).isEqualTo(UserStatus.ACTIVE);
            }
        }
        assertThat(faulted.status()).as(faulted.summary()).isEqualTo(RunStatus.SUCCEEDED);

        // The next full run deprovisions exactly who left, and then there is nothing left to do.
        SyncReport calm = runner.run(RunOptions.defaults().withForceFull());
        assertThat(calm.status()).as(calm.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.all().stream().filter(t -> t.status() == UserStatus.ACTIVE).map(t -> t.email().orElseThrow().value()))
                .as("active accounts after the calm run").containsExactlyInAnyOrderElementsOf(present);
        assertThat(runner.plan(RunOptions.defaults().withForceFull()).actions()).as("plan after converging").isEmpty();
    }

    /** Emails of the live users the directory reads (agents and admins only, with the filter). */
    private List<String> present(boolean filtered) {
        List<String> out = new ArrayList<>();
        for (long id : emulator.userIds()) {
            Optional<Map<String, Object>> u = emulator.user(id);
            if (u.isPresent() && !Boolean.FALSE.equals(u.get().get("active"))
                    && (!filtered || !"end-user".equals(u.get().get("role")))) {
                out.add((String) u.get().getOrDefault("email", ""));
            }
        }
        return out;
    }
}
