package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.TalkdeskPermissionSets;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's seed 001 recipe (seats, permission sets and call centres from Talkdesk to Salesforce), run as
 * written against the Salesforce and Talkdesk emulators.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed001SalesforceRecipeTest {

    private final SalesforceEmulator emulator = SalesforceEmulator.start();
    private final TalkdeskEmulator talkdeskEmulator = TalkdeskEmulator.builder().scimRequestsPerSecond(500).build();

    @AfterEach
    void stop() {
        talkdeskEmulator.close();
        emulator.close();
    }

    @Test
    void givesSeatsCallCentresAndPermissionSetsByRoleAndReportsTheShortfall() throws Exception {
        // The org as a Talkdesk for Salesforce customer has it: the package's sets, call centres and licenses.
        emulator.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
        emulator.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
        emulator.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
        emulator.addPermissionSet("Talkdesk_Admin_Voice", TalkdeskPermissionSets.ADMIN_VOICE);
        emulator.addPermissionSet("Talkdesk_Agent_Voice", TalkdeskPermissionSets.AGENT_VOICE);
        String t4sCallCenterId = emulator.addCallCenter("Talkdesk for Salesforce");
        String t4svCallCenterId = emulator.addCallCenter("Talkdesk for Salesforce Voice");
        emulator.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", 5, Optional.of(LocalDate.now().plusYears(1)));
        emulator.addPermissionSetLicense("Talkdesk_for_Salesforce_Voice", "Talkdesk for Salesforce Voice", 1, Optional.of(LocalDate.now().plusYears(1)));
        // Its connected app for the JWT bearer flow.
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String consumerKey = "3MVG9-connected-app";
        PrivateKey privateKey = keys.getPrivate();
        emulator.registerJwtClient(consumerKey, keys.getPublic(), "integration@acme.com");
        String standardUserProfileId = emulator.defaultProfileId();

        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("alice", "Team Admin");
        roles.put("bob", "QA Supervisor");
        roles.put("carol", "Agent");
        roles.put("dave", "Supervisor");
        roles.put("erin", "Agent");
        Map<String, String> sfIds = new LinkedHashMap<>();
        talkdeskEmulator.start();
        roles.forEach((person, role) -> {
            UserProfile profile = UserProfile.builder().email(person + "@acme.example").firstName(person).lastName("Example").build();
            sfIds.put(person, emulator.addUser(profile));
            talkdeskEmulator.add(profile.toBuilder().firstName(person.toUpperCase()).role(role).build());
        });
        TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(talkdeskEmulator.clientId(), Secret.of(talkdeskEmulator.clientSecret()))
                .endpoints(talkdeskEmulator.apiBaseUri(), talkdeskEmulator.tokenUri())
                .http(HttpSettings.builder().allowInsecureLoopback().build()).scimRequestsPerSecond(500).build();
        SyncStateStore stateStore = new InMemorySyncStateStore();
        // Seats as the Subscriptions App has them: one more Voice seat given than the org has licenses.
        Set<String> t4sSeats = Set.of("alice@acme.example", "bob@acme.example", "carol@acme.example");
        Set<String> t4svSeats = Set.of("dave@acme.example", "erin@acme.example");

        // tag::seed-001[]
        // yours: consumerKey, privateKey, standardUserProfileId, t4sSeats, t4svSeats (emails), the call centre ids,
        // talkdesk and stateStore (seed 000); emulator is SalesforceEmulator, offline only
        SalesforceConnection org = SalesforceConnection.builder(emulator.myDomainUrl())  // URI.create("https://acme.my.salesforce.com")
                .jwtBearer(consumerKey, "integration@acme.com", privateKey)    // or .clientCredentials(key, Secret.of(secret))
                .trustHost("127.0.0.1")                                        // offline only
                .http(HttpSettings.builder().allowInsecureLoopback().build())  // offline only
                .dailyApiFloor(5_000)                                          // stop before the org's daily budget runs out
                .build();
        SalesforceUserDirectory salesforce = SalesforceUserDirectory.builder(org)
                .newUserDefaults(NewUserDefaults.of(standardUserProfileId)).build();
        SyncPolicy seats = SyncPolicy.builder()
                .onUnmatched(UnmatchedAction.IGNORE).onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.LEAVE)
                .own(Field.EMAIL, Ownership.NEVER).own(Field.FIRST_NAME, Ownership.NEVER).own(Field.LAST_NAME, Ownership.NEVER)
                .permissions(TalkdeskPermissionSets.mapper())                   // on provisioning only; mapper(ENFORCED) to enforce
                .license(LicenseRule.forUsers("T4S", "has a T4S seat", u -> t4sSeats.contains(u.label())))
                .license(LicenseRule.forUsers("T4SV", "has a Voice seat", u -> t4svSeats.contains(u.label())))
                .build();
        SyncReport report = SyncRunner.builder().syncId(SyncId.of("talkdesk-seats")).source(talkdesk).target(salesforce)
                .policy(seats).stateStore(stateStore)
                .licensePool(SalesforceLicensePool.builder(org, "Talkdesk_for_Salesforce").licenseId("T4S").callCenter(t4sCallCenterId).build())
                .licensePool(SalesforceLicensePool.builder(org, "Talkdesk_for_Salesforce_Voice").licenseId("T4SV").callCenter(t4svCallCenterId).build())
                .build().run(RunOptions.defaults());
        // end::seed-001[]

        assertThat(report.planned()).as(report.summary()).containsEntry(ActionKind.ASSIGN_LICENSE, 4);
        assertThat(emulator.permissionSetLabelsOf(sfIds.get("alice"))).contains(TalkdeskPermissionSets.ADMIN);
        assertThat(emulator.permissionSetLabelsOf(sfIds.get("bob"))).contains(TalkdeskPermissionSets.SUPERVISOR);
        assertThat(emulator.permissionSetLabelsOf(sfIds.get("carol"))).contains(TalkdeskPermissionSets.AGENT);
        assertThat(emulator.callCenterOf(sfIds.get("alice"))).contains(t4sCallCenterId);
        assertThat(report.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_SHORTFALL);
            assertThat(c.users().get(0).label()).isIn("dave@acme.example", "erin@acme.example");
        });
        assertThat(emulator.tokensIssued()).as("one JWT bearer token").isEqualTo(1);
        assertThat(emulator.record(sfIds.get("alice")).orElseThrow().get("FirstName")).as("names stay Salesforce's").isEqualTo("alice");
    }
}
