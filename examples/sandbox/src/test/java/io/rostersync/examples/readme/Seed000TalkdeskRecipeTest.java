package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's seed 000 recipe (selected Talkdesk users into your app), run as written against the Talkdesk emulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed000TalkdeskRecipeTest {

    private final TalkdeskEmulator emulator = TalkdeskEmulator.builder().start();

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void importsTheSelectedUsersPairsByEmailAndSetsTheLoginMethod() {
        String ann = emulator.add(UserProfile.builder().email("ann.lee@acme.example").firstName("Ann").lastName("Lee").role("Agent").build());
        String ben = emulator.add(UserProfile.builder().email("ben.ng@acme.example").firstName("Ben").lastName("Ng").role("Supervisor").build());
        String cat = emulator.add(UserProfile.builder().email("cat.roy@acme.example").firstName("Cat").lastName("Roy").role("Agent").build());
        emulator.add(UserProfile.builder().email("dan.wu@acme.example").firstName("Dan").lastName("Wu").role("Admin").build());
        InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
        NativeId annInHost = hostApp.add(UserProfile.builder().email("Ann.Lee@ACME.example").firstName("Ann").lastName("Lee").build()).id();
        hostApp.add(UserProfile.builder().email("ben.ng@acme.example").firstName("Benjamin").lastName("Ng")
                .attribute("provisioned_by", "salesforce").build());
        String clientId = emulator.clientId();
        String clientSecret = emulator.clientSecret();
        Set<NativeId> selectedTalkdeskIds = Set.of(NativeId.of(ann), NativeId.of(ben), NativeId.of(cat));
        SyncStateStore stateStore = new InMemorySyncStateStore();

        // tag::seed-000[]
        // yours: clientId, clientSecret (System.getenv("TALKDESK_CLIENT_SECRET")), selectedTalkdeskIds, hostApp,
        // stateStore; emulator is TalkdeskEmulator, offline only
        TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.EU)
                .clientCredentials(clientId, Secret.of("TALKDESK_CLIENT_SECRET", clientSecret))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri())                 // offline only
                .http(HttpSettings.builder().allowInsecureLoopback().build())         // offline only
                .build();
        SyncPolicy policy = SyncPolicy.builder()
                .scope(Scope.selection(selectedTalkdeskIds))                    // the users the admin picked
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(),
                        IdentityMatchers.bySourceIdIn("talkdesk_id"), IdentityMatchers.byEmail()))
                .profileMapper((td, existing) -> td.profile().toBuilder()
                        .attribute("talkdesk_id", td.id().value())
                        .attribute("login_method", existing.flatMap(h -> h.attribute("provisioned_by"))
                                .filter("salesforce"::equals).orElse("talkdesk-sso"))
                        .build())
                .ownAttribute("talkdesk_id", Ownership.ALWAYS)
                .ownAttribute("login_method", Ownership.ALWAYS)
                .notifyOnCreate(false)                                          // new users are not notified
                .onOutOfScope(Deprovision.DELETE)                               // deselected users leave the app
                .build();
        SyncReport report = SyncRunner.builder().syncId(SyncId.of("talkdesk-to-app")).source(talkdesk)
                .target(hostApp).policy(policy).stateStore(stateStore).build().run(RunOptions.defaults());
        // end::seed-000[]

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hostApp.all()).extracting(UserRecord::label).containsExactlyInAnyOrder(
                "ann.lee@acme.example", "ben.ng@acme.example", "cat.roy@acme.example");
        UserRecord annHost = hostApp.findByEmail("ann.lee@acme.example").orElseThrow();
        assertThat(annHost.id()).as("paired by email, not created").isEqualTo(annInHost);
        assertThat(annHost.attribute("talkdesk_id")).contains(ann);
        assertThat(annHost.attribute("login_method")).contains("talkdesk-sso");
        assertThat(hostApp.findByEmail("ben.ng@acme.example").orElseThrow().attribute("login_method")).contains("salesforce");
        assertThat(hostApp.findByEmail("cat.roy@acme.example").orElseThrow().attribute("talkdesk_id")).contains(cat);
    }
}
