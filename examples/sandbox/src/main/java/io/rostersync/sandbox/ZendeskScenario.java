package io.rostersync.sandbox;

import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.zendesk.ZendeskAttributes;
import io.rostersync.zendesk.ZendeskDirectory;
import io.rostersync.zendesk.ZendeskRole;
import java.util.List;
import java.util.Set;

/**
 * Seed 002: a QA app pulls Zendesk agents, admins and one custom role into its own user table; new
 * people arrive pending (no license used until an admin activates them); Zendesk is never written.
 */
final class ZendeskScenario implements SandboxScenario {

    static final String CUSTOM_ROLE = "QA Supervisor";
    private static final String EMAIL = "sandbox@abc-energy.example";
    private static final String TOKEN = "sandbox-api-token";

    @Override
    public String id() {
        return "002";
    }

    @Override
    public String title() {
        return "Zendesk agents, admins and a custom role -> QA app (new users pending, Zendesk is the source of truth)";
    }

    /** The recipe: which Zendesk users count, how they are matched, and that new ones wait as pending. */
    static SyncPolicy policy() {
        return SyncPolicy.builder()
                .scope(Scope.matching("agents, admins and " + CUSTOM_ROLE + "s", u -> u.roles().contains("admin")
                        || u.roles().contains(CUSTOM_ROLE)
                        || (u.roles().contains("agent") && !u.attributes().containsKey(ZendeskAttributes.CUSTOM_ROLE_ID))))
                .matcher(IdentityMatchers.primaryIdentifier(""))     // blank: email, then username
                .onUnmatched(UnmatchedAction.CREATE_PENDING)
                .build();
    }

    @Override
    public World start(int users, long seed, SyncListener listener) throws Exception {
        ZendeskEmulator emulator = ZendeskEmulator.builder().apiToken(EMAIL, TOKEN).start();
        emulator.seed(new RosterGenerator(seed), users);
        ZendeskDirectory zendesk = ZendeskDirectory.builder()
                .subdomain("abc-energy")
                .apiToken(EMAIL, Secret.of(TOKEN))
                .baseUriForTesting(emulator.baseUri())
                .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN))
                .readOnly()
                .build();
        JdbcUserDirectory qaApp = HostDatabase.usersTable("qa-app");
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        SyncId syncId = SyncId.of("zendesk-to-qa-app");
        SyncRunner runner = runner(syncId, zendesk, qaApp, store, listener);
        SyncRunner truncated = runner(syncId, new TruncatedSource(zendesk, Math.max(1, users / 20)), qaApp, store, listener);
        return new World() {
            @Override
            public SyncRunner runner() {
                return runner;
            }

            @Override
            public SyncRunner truncatedSourceRunner() {
                return truncated;
            }

            @Override
            public List<String> description() {
                return List.of("Zendesk emulator at " + emulator.baseUri() + " with " + users + " users (end-users, agents, admins, custom roles)",
                        "QA app user table: H2 database, empty",
                        "truncated source for the guard demo: the same Zendesk read cut after " + Math.max(1, users / 20) + " users");
            }

            @Override
            public void close() {
                emulator.close();
            }
        };
    }

    private static SyncRunner runner(SyncId syncId, UserDirectory source, UserDirectory target, InMemorySyncStateStore store,
                                     SyncListener listener) {
        return SyncRunner.builder().syncId(syncId).source(source).target(target).policy(policy())
                .stateStore(store).listener(listener).build();
    }
}
