package io.rostersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.HttpSettings;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.TalkdeskPermissionSets;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 001 across both vendor emulators: Salesforce users become Talkdesk users with a role (SCIM), then
 * seats, call centres and standard permission sets go back to Salesforce.
 */
@Timeout(120)
class Seed001AcrossEmulatorsTest {

    private SalesforceEmulator org;
    private TalkdeskEmulator talkdeskEmulator;
    private TalkdeskUserDirectory talkdesk;
    private SalesforceConnection connection;
    private SalesforceUserDirectory salesforce;
    private String t4sCallCenter;
    private String t4svCallCenter;
    private final Map<String, String> sfIds = new LinkedHashMap<>();
    private final Map<String, String> roles = new LinkedHashMap<>();
    private final Set<String> t4s = new HashSet<>();
    private final Set<String> t4sv = new HashSet<>();
    private final InMemorySyncStateStore seatState = new InMemorySyncStateStore();

    @BeforeEach
    void setUp() {
        org = SalesforceEmulator.start();
        org.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
        org.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
        org.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
        org.addPermissionSet("Talkdesk_Admin_Voice", TalkdeskPermissionSets.ADMIN_VOICE);
        org.addPermissionSet("Talkdesk_Agent_Voice", TalkdeskPermissionSets.AGENT_VOICE);
        t4sCallCenter = org.addCallCenter("Talkdesk for Salesforce");
        t4svCallCenter = org.addCallCenter("Talkdesk for Salesforce Voice");
        org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", 3, Optional.of(LocalDate.now().plusYears(1)));
        org.addPermissionSetLicense("Talkdesk_for_Salesforce_Voice", "Talkdesk for Salesforce Voice", 2, Optional.of(LocalDate.now().plusYears(1)));
        for (String person : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            sfIds.put(person, org.addUser(UserProfile.builder().email(person + "@acme.example")
                    .firstName(Character.toUpperCase(person.charAt(0)) + person.substring(1)).lastName("Example").build()));
        }
        talkdeskEmulator = TalkdeskEmulator.builder().scimRequestsPerSecond(500).start();
        talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(talkdeskEmulator.clientId(), Secret.of(talkdeskEmulator.clientSecret()))
                .endpoints(talkdeskEmulator.apiBaseUri(), talkdeskEmulator.tokenUri()).scimRequestsPerSecond(500)
                .http(HttpSettings.builder().allowInsecureLoopback().build()).build();
        connection = org.connection().http(HttpSettings.builder().allowInsecureLoopback().build()).build();
        salesforce = SalesforceUserDirectory.builder(connection).name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
    }

    @AfterEach
    void tearDown() {
        talkdeskEmulator.close();
        org.close();
    }

    private SyncReport createTalkdeskUsers(String... people) {
        Set<NativeId> selected = new HashSet<>();
        for (String p : people) {
            selected.add(NativeId.of(sfIds.get(p)));
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        roles.forEach((p, r) -> chosen.put(p + "@acme.example", r));
        return SyncRunner.builder().syncId(SyncId.of("salesforce-to-talkdesk")).source(salesforce).target(talkdesk)
                .policy(SalesforceTalkdeskScenario.createTalkdeskUsers(selected, chosen))
                .stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
    }

    private SyncReport syncSeats() {
        return SyncRunner.builder().syncId(SyncId.of("talkdesk-seats")).source(talkdesk).target(salesforce)
                .policy(SalesforceTalkdeskScenario.seatsToSalesforce(t4s, t4sv)).stateStore(seatState)
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                        .licenseId(TalkdeskPermissionSets.STANDARD).callCenter(t4sCallCenter).build())
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce_Voice")
                        .licenseId(TalkdeskPermissionSets.VOICE).callCenter(t4svCallCenter).build())
                .build().run(RunOptions.defaults());
    }

    private List<UserRecord> talkdeskUsers() {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = talkdesk.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    private Set<String> sets(String person) {
        return org.permissionSetLabelsOf(sfIds.get(person));
    }

    @Test
    void talkdeskUsersThenSeatsCallCentresAndSetsByRole() {
        roles.putAll(Map.of("alice", "Team Admin", "bob", "QA Supervisor", "carol", "Agent", "dave", "Supervisor", "erin", "Senior Agent"));
        SyncReport created = createTalkdeskUsers("alice", "bob", "carol", "dave", "erin");
        assertThat(created.status()).as(created.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(talkdeskUsers()).extracting(UserRecord::label).containsExactlyInAnyOrder(
                "alice@acme.example", "bob@acme.example", "carol@acme.example", "dave@acme.example", "erin@acme.example");
        assertThat(talkdeskUsers()).filteredOn(u -> u.label().startsWith("bob")).singleElement()
                .satisfies(u -> assertThat(u.roles()).containsExactly("QA Supervisor"));

        // Until a seat is given, the sync only pairs the accounts (by email) and gives nothing.
        assertThat(syncSeats().planned()).containsOnlyKeys(ActionKind.LINK);

        // Seats in the Subscriptions App: three standard, two Voice, one more Voice than the entitlement.
        t4s.addAll(Set.of("alice@acme.example", "bob@acme.example", "carol@acme.example"));
        t4sv.addAll(Set.of("dave@acme.example", "erin@acme.example"));
        SyncReport seats = syncSeats();
        assertThat(seats.status()).as(seats.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sets("alice")).contains(TalkdeskPermissionSets.ADMIN);
        assertThat(sets("bob")).contains(TalkdeskPermissionSets.SUPERVISOR);
        assertThat(sets("carol")).contains(TalkdeskPermissionSets.AGENT);
        assertThat(sets("dave")).as("Supervisor on Voice gets Admin").contains(TalkdeskPermissionSets.ADMIN_VOICE);
        assertThat(sets("erin")).contains(TalkdeskPermissionSets.AGENT_VOICE);
        assertThat(org.callCenterOf(sfIds.get("alice"))).contains(t4sCallCenter);
        assertThat(org.callCenterOf(sfIds.get("dave"))).contains(t4svCallCenter);
        assertThat(sets("frank")).as("never selected").doesNotContain(TalkdeskPermissionSets.AGENT);
        assertThat(syncSeats().plannedTotal()).as("second sync").isZero();

        // A role change in Talkdesk does not change the set once provisioned.
        UserRecord carol = talkdeskUsers().stream().filter(u -> u.label().startsWith("carol")).findFirst().orElseThrow();
        talkdesk.update(carol.id(), UserPatch.builder().addRole("Team Admin").removeRole("Agent").build());
        assertThat(syncSeats().plannedTotal()).isZero();
        assertThat(sets("carol")).contains(TalkdeskPermissionSets.AGENT).doesNotContain(TalkdeskPermissionSets.ADMIN);

        // Removing a seat removes the license, the call centre and the Talkdesk sets.
        t4s.remove("bob@acme.example");
        SyncReport removed = syncSeats();
        assertThat(removed.planned()).containsEntry(ActionKind.REVOKE_LICENSE, 1).containsEntry(ActionKind.REVOKE_PERMISSION, 1);
        assertThat(sets("bob")).doesNotContain(TalkdeskPermissionSets.SUPERVISOR);
        assertThat(org.callCenterOf(sfIds.get("bob"))).isEmpty();
    }

    @Test
    void moreSeatsGivenThanEntitledAreReportedAsShortfallsAndNeverOverAssigned() {
        createTalkdeskUsers("alice", "bob", "carol", "dave", "erin", "frank");
        t4sv.addAll(Set.of("alice@acme.example", "bob@acme.example", "carol@acme.example"));
        SyncReport report = syncSeats();
        assertThat(report.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 2);
        assertThat(report.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_SHORTFALL);
            assertThat(c.users().get(0).label()).isEqualTo("carol@acme.example");
        });
        assertThat(org.callCenterOf(sfIds.get("carol"))).isEmpty();
    }
}
