package io.rostersync.sandbox;

import io.rostersync.http.HttpSettings;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seed 000: a performance app imports the Talkdesk users an admin selected: paired by Talkdesk id or
 * email, missing profiles created silently, login through Talkdesk SSO unless Salesforce provisioned the
 * user, and deselected users removed.
 */
final class TalkdeskScenario implements SandboxScenario {

    static final String TALKDESK_ID = "talkdesk_id";
    static final String LOGIN_METHOD = "login_method";
    static final String PROVISIONED_BY = "provisioned_by";

    @Override
    public String id() {
        return "000";
    }

    @Override
    public String title() {
        return "selected Talkdesk users -> performance app (pair by id or email, silent create, SSO login rule)";
    }

    /** The recipe: the admin's selection, pairing, and the login-method rule. */
    static SyncPolicy policy(Set<NativeId> selected) {
        return SyncPolicy.builder()
                .scope(Scope.selection(selected))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.bySourceIdIn(TALKDESK_ID),
                        IdentityMatchers.byEmail()))
                .profileMapper((td, existing) -> td.profile().toBuilder()
                        .attribute(TALKDESK_ID, td.id().value())
                        .attribute(LOGIN_METHOD, existing.flatMap(h -> h.attribute(PROVISIONED_BY))
                                .filter("salesforce"::equals).orElse("talkdesk-sso"))
                        .build())
                .ownAttribute(TALKDESK_ID, Ownership.ALWAYS)
                .ownAttribute(LOGIN_METHOD, Ownership.ALWAYS)
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .notifyOnCreate(false)                                   // new users are not notified
                .onOutOfScope(Deprovision.DELETE)                        // deselected users leave the app
                .build();
    }

    @Override
    public World start(int users, long seed, SyncListener listener) throws Exception {
        TalkdeskEmulator emulator = TalkdeskEmulator.builder().start();
        RosterGenerator gen = new RosterGenerator(seed);
        Random random = gen.random();
        JdbcUserDirectory app = HostDatabase.usersTable("performance-app");
        Set<NativeId> selected = new HashSet<>();
        int paired = 0;
        for (UserProfile p : gen.profiles(users)) {
            String id = emulator.add(p);
            if (random.nextInt(10) < 8) {
                selected.add(NativeId.of(id));
            }
            if (random.nextInt(4) == 0) { // already in the app: some provisioned by Salesforce
                UserProfile.Builder existing = p.toBuilder().roles(List.of()).groups(List.of());
                if (random.nextBoolean()) {
                    existing.attribute(PROVISIONED_BY, "salesforce");
                }
                app.create(existing.build(), CreateOptions.silent());
                paired++;
            }
        }
        TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri())
                .http(HttpSettings.builder().allowInsecureLoopback().build())
                .build();
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        SyncId syncId = SyncId.of("talkdesk-to-performance-app");
        SyncPolicy policy = policy(selected);
        SyncRunner runner = runner(syncId, talkdesk, app, store, policy, listener);
        SyncRunner truncated = runner(syncId, new TruncatedSource(talkdesk, Math.max(1, users / 20)), app, store, policy, listener);
        int pairedCount = paired;
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
                return List.of("Talkdesk emulator at " + emulator.apiBaseUri() + " with " + users + " users; "
                                + selected.size() + " selected for the app (SCIM limited to 4 requests/second)",
                        "performance app user table: H2 database with " + pairedCount + " existing users to pair",
                        "truncated source for the guard demo: the same Talkdesk read cut after " + Math.max(1, users / 20) + " users");
            }

            @Override
            public void close() {
                emulator.close();
            }
        };
    }

    private static SyncRunner runner(SyncId syncId, UserDirectory source, UserDirectory target, InMemorySyncStateStore store,
                                     SyncPolicy policy, SyncListener listener) {
        return SyncRunner.builder().syncId(syncId).source(source).target(target).policy(policy)
                .stateStore(store).listener(listener).build();
    }
}
