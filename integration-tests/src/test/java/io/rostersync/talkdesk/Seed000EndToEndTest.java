package io.rostersync.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 000: a host app (Hoopla) imports the Talkdesk users an admin selected. Matching is by email
 * (case-insensitive), the Talkdesk id is stored as the link so a later email change keeps it, missing
 * users are created without notification, paired users log in with Talkdesk SSO unless the host user
 * was provisioned by Salesforce, and deselecting a user removes them from the host.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed000EndToEndTest {

    private static final String LOGIN = "login_method";
    private static final String TALKDESK_ID = "talkdesk_id";
    private static final String PROVISIONED_BY = "provisioned_by";

    private TalkdeskEmulator talkdesk;
    private TalkdeskUserDirectory source;
    private InMemoryUserDirectory hoopla;
    private RecordingHost host;
    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private String ann;
    private String ben;
    private String cat;
    private String dan;

    @BeforeEach
    void setUp() {
        talkdesk = TalkdeskFixtures.fastEmulator().build();
        talkdesk.start();
        ann = talkdesk.add(UserProfile.builder().email("ann.lee@acme.example").firstName("Ann").lastName("Lee").role("Agent").build());
        ben = talkdesk.add(UserProfile.builder().email("ben.ng@acme.example").firstName("Ben").lastName("Ng").role("Supervisor").build());
        cat = talkdesk.add(UserProfile.builder().email("cat.roy@acme.example").firstName("Cat").lastName("Roy").role("Agent").build());
        dan = talkdesk.add(UserProfile.builder().email("dan.wu@acme.example").firstName("Dan").lastName("Wu").role("Admin").build());
        source = TalkdeskFixtures.directory(talkdesk).build();

        hoopla = InMemoryUserDirectory.create("hoopla");
        hoopla.add(UserProfile.builder().email("Ann.Lee@ACME.example").firstName("Ann").lastName("Lee")
                .attribute(LOGIN, "password").build());
        hoopla.add(UserProfile.builder().email("ben.ng@acme.example").firstName("Benjamin").lastName("Ng")
                .attribute(PROVISIONED_BY, "salesforce").attribute(LOGIN, "salesforce").build());
        host = new RecordingHost(hoopla);
    }

    @AfterEach
    void stop() {
        talkdesk.close();
    }

    private SyncReport sync(String... selected) {
        Set<NativeId> ids = new java.util.HashSet<>();
        for (String s : selected) {
            ids.add(NativeId.of(s));
        }
        SyncPolicy policy = SyncPolicy.builder()
                .scope(Scope.selection(ids))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.bySourceIdIn(TALKDESK_ID),
                        IdentityMatchers.byEmail()))
                .profileMapper((td, existing) -> td.profile().toBuilder()
                        .attribute(TALKDESK_ID, td.id().value())
                        .attribute(LOGIN, existing.flatMap(h -> h.attribute(PROVISIONED_BY))
                                .filter("salesforce"::equals).orElse("talkdesk-sso"))
                        .build())
                .ownAttribute(TALKDESK_ID, Ownership.ALWAYS)
                .ownAttribute(LOGIN, Ownership.ALWAYS)
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .notifyOnCreate(false)
                .onOutOfScope(Deprovision.DELETE)
                .build(); // the default deletion guard: deselecting 1 of 3 is ordinary and applies
        SyncReport report = SyncRunner.builder()
                .syncId(SyncId.of("talkdesk-to-hoopla"))
                .source(source)
                .target(host)
                .policy(policy)
                .stateStore(state)
                .build()
                .run(RunOptions.defaults());
        assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
        return report;
    }

    private UserRecord hostUser(String email) {
        return hoopla.findByEmail(email).orElseThrow(() -> new AssertionError("no host user " + email));
    }

    @Test
    void importsOnlySelectedUsersPairsByEmailAndSetsTheLoginMethod() {
        sync(ann, ben, cat);

        assertThat(hoopla.size()).isEqualTo(3);
        assertThat(hoopla.findByEmail("dan.wu@acme.example")).isEmpty();
        UserRecord annHost = hostUser("ann.lee@acme.example");
        assertThat(annHost.attribute(TALKDESK_ID)).contains(ann);
        assertThat(annHost.attribute(LOGIN)).contains("talkdesk-sso");
        UserRecord benHost = hostUser("ben.ng@acme.example");
        assertThat(benHost.attribute(LOGIN)).contains("salesforce");
        assertThat(benHost.attribute(TALKDESK_ID)).contains(ben);
        UserRecord catHost = hostUser("cat.roy@acme.example");
        assertThat(catHost.attribute(LOGIN)).contains("talkdesk-sso");
        assertThat(catHost.attribute(TALKDESK_ID)).contains(cat);
        assertThat(host.createOptions).isNotEmpty().allSatisfy(o -> assertThat(o.notifyUser()).isFalse());
        assertThat(host.created).isEqualTo(1);

        assertThat(sync(ann, ben, cat).plannedTotal()).as("second run has nothing to do").isZero();
    }

    @Test
    void theTalkdeskIdLinkSurvivesAnEmailChangeInTalkdesk() {
        sync(ann, ben, cat);
        NativeId annHostId = hostUser("ann.lee@acme.example").id();
        talkdesk.scim().edit(ann, "userName", "ann.keller@acme.example");

        sync(ann, ben, cat);

        assertThat(hoopla.findByEmail("ann.lee@acme.example")).isEmpty();
        assertThat(hostUser("ann.keller@acme.example").id()).isEqualTo(annHostId);
        assertThat(hoopla.size()).isEqualTo(3);
    }

    @Test
    void deselectingAUserRemovesThemAndSelectingAnotherAddsThem() {
        sync(ann, ben, cat);

        sync(ann, ben, dan);

        assertThat(hoopla.findByEmail("cat.roy@acme.example")).isEmpty();
        assertThat(hostUser("dan.wu@acme.example").attribute(LOGIN)).contains("talkdesk-sso");
        assertThat(hoopla.size()).isEqualTo(3);
    }

    /** The host directory, recording how creates were asked for. */
    private static final class RecordingHost implements UserDirectory {
        private final InMemoryUserDirectory delegate;
        final List<CreateOptions> createOptions = new ArrayList<>();
        int created;

        RecordingHost(InMemoryUserDirectory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public UserPages readAll() {
            return delegate.readAll();
        }

        @Override
        public UserPages readChanges(Cursor since) {
            return delegate.readChanges(since);
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return delegate.get(id);
        }

        @Override
        public WriteResult create(UserProfile profile, CreateOptions options) {
            createOptions.add(options);
            created++;
            return delegate.create(profile, options);
        }

        @Override
        public List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
            createOptions.add(options);
            created += profiles.size();
            return delegate.createAll(profiles, options);
        }

        @Override
        public WriteResult update(NativeId id, UserPatch patch) {
            return delegate.update(id, patch);
        }

        @Override
        public List<WriteResult> updateAll(List<UpdateRequest> updates) {
            return delegate.updateAll(updates);
        }

        @Override
        public WriteResult deactivate(NativeId id) {
            return delegate.deactivate(id);
        }

        @Override
        public WriteResult reactivate(NativeId id) {
            return delegate.reactivate(id);
        }

        @Override
        public WriteResult delete(NativeId id) {
            return delegate.delete(id);
        }

        @Override
        public int maxBatchSize() {
            return delegate.maxBatchSize();
        }
    }
}
