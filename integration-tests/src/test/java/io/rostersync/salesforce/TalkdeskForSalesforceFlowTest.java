package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 001 end to end: Salesforce users become Talkdesk users with the role the admin chose (leg 1);
 * after seats change in Talkdesk, a sync gives licensed users their Talkdesk permission set, seat and
 * call centre in Salesforce and takes them away from unlicensed ones (leg 2). Talkdesk is an in-memory
 * directory here; Salesforce is the emulator over HTTP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TalkdeskForSalesforceFlowTest {

    private static final String LICENSE = "license"; // the Talkdesk seat a user was given in the Subscriptions App

    private SalesforceEmulator org;
    private SalesforceConnection connection;
    private SalesforceUserDirectory salesforce;
    private InMemoryUserDirectory talkdesk;
    private String t4sLicense;
    private String t4svLicense;
    private String t4sCallCenter;
    private String t4svCallCenter;
    private final Map<String, String> salesforceIds = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        org = SalesforceEmulator.start();
        connection = Orgs.connection(org);
        salesforce = Orgs.directory(connection, org);
        talkdesk = InMemoryUserDirectory.create("talkdesk");
        org.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
        org.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
        String agentSet = org.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
        org.addPermissionSet("Talkdesk_Admin_Voice", TalkdeskPermissionSets.ADMIN_VOICE);
        org.addPermissionSet("Talkdesk_Agent_Voice", TalkdeskPermissionSets.AGENT_VOICE);
        String salesCloud = org.addPermissionSet("Sales_Cloud_User", "Sales Cloud User");
        org.addProfileOwnedPermissionSet("X00ex000000018ozh", org.defaultProfileId());
        t4sCallCenter = org.addCallCenter("Talkdesk for Salesforce");
        t4svCallCenter = org.addCallCenter("Talkdesk for Salesforce Voice");
        t4sLicense = org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", 10,
                Optional.of(LocalDate.now().plusYears(1)));
        t4svLicense = org.addPermissionSetLicense("Talkdesk_for_Salesforce_Voice", "Talkdesk for Salesforce Voice", 10,
                Optional.of(LocalDate.now().plusYears(1)));
        for (String person : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan")) {
            String id = org.addUser(UserProfile.builder().email(person + "@acme.example").firstName(capitalise(person))
                    .lastName("Example").build());
            salesforceIds.put(person, id);
            org.assignPermissionSet(id, salesCloud);
        }
        // frank already holds a standard Talkdesk set, given by hand in Salesforce
        org.assignPermissionSet(salesforceIds.get("frank"), agentSet);
    }

    @AfterEach
    void tearDown() {
        org.close();
    }

    // ---- leg 1: create Talkdesk users from Salesforce users ----------------------------------------

    private static final Map<String, String> CHOSEN_ROLES = Map.of(
            "alice", "Team Admin", "bob", "QA Supervisor", "carol", "Agent", "dave", "Supervisor",
            "erin", "Senior Agent", "frank", "Admin", "grace", "Agent", "heidi", "Agent");

    private SyncReport createTalkdeskUsers(Set<String> selected) {
        Set<NativeId> ids = new HashSet<>();
        selected.forEach(p -> ids.add(NativeId.of(salesforceIds.get(p))));
        SyncPolicy policy = SyncPolicy.builder()
                .scope(Scope.selection(ids))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .onGone(Deprovision.LEAVE)
                .onOutOfScope(Deprovision.LEAVE)
                .own(Field.ROLES, Ownership.WHEN_EMPTY)
                // the role picked in the "Create Talkdesk User" dialog
                .profileMapper((source, target) -> source.profile().toBuilder()
                        .roles(Set.of(CHOSEN_ROLES.getOrDefault(source.label().substring(0, source.label().indexOf('@')), "Agent")))
                        .attributes(Map.of()).build())
                .build();
        return SyncRunner.builder().syncId(SyncId.of("salesforce-to-talkdesk")).source(salesforce).target(talkdesk)
                .policy(policy).stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
    }

    // ---- leg 2: seats and permission sets back in Salesforce ---------------------------------------

    private final InMemorySyncStateStore leg2State = new InMemorySyncStateStore();

    private SyncRunner.Builder seatSync() {
        SyncPolicy policy = SyncPolicy.builder()
                .onUnmatched(UnmatchedAction.IGNORE) // Talkdesk never creates Salesforce users
                .onGone(Deprovision.LEAVE)
                .onOutOfScope(Deprovision.LEAVE)
                .own(Field.EMAIL, Ownership.NEVER)
                .own(Field.USERNAME, Ownership.NEVER)
                .own(Field.FIRST_NAME, Ownership.NEVER)
                .own(Field.LAST_NAME, Ownership.NEVER)
                .permissions(TalkdeskPermissionSets.mapper())
                .license(LicenseRule.forUsers(TalkdeskPermissionSets.STANDARD, "given a Talkdesk for Salesforce seat",
                        u -> u.attribute(LICENSE).filter(TalkdeskPermissionSets.STANDARD::equals).isPresent()))
                .license(LicenseRule.forUsers(TalkdeskPermissionSets.VOICE, "given a Talkdesk for Salesforce Voice seat",
                        u -> u.attribute(LICENSE).filter(TalkdeskPermissionSets.VOICE::equals).isPresent()))
                .build();
        return SyncRunner.builder().syncId(SyncId.of("talkdesk-seats-to-salesforce")).source(talkdesk).target(salesforce)
                .policy(policy).stateStore(leg2State)
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                        .licenseId(TalkdeskPermissionSets.STANDARD).callCenter(t4sCallCenter).build())
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce_Voice")
                        .licenseId(TalkdeskPermissionSets.VOICE).callCenter(t4svCallCenter).build());
    }

    private SyncReport syncSeats() {
        return seatSync().build().run(RunOptions.defaults());
    }

    /** The Subscriptions App: give (or with null, take away) a Talkdesk user's seat. */
    private void seat(String person, String license) {
        UserRecord t = talkdesk.findByEmail(person + "@acme.example").orElseThrow();
        UserProfile.Builder p = t.profile().toBuilder();
        if (license == null) {
            p.removeAttribute(LICENSE);
        } else {
            p.attribute(LICENSE, license);
        }
        talkdesk.put(t.withProfile(p.build()));
    }

    private void changeTalkdeskRole(String person, String role) {
        UserRecord t = talkdesk.findByEmail(person + "@acme.example").orElseThrow();
        talkdesk.put(t.withProfile(t.profile().toBuilder().roles(Set.of(role)).build()));
    }

    private Set<String> setsOf(String person) {
        return org.permissionSetLabelsOf(salesforceIds.get(person));
    }

    private Optional<String> callCenterOf(String person) {
        return org.callCenterOf(salesforceIds.get(person));
    }

    // ---- the article, point by point ---------------------------------------------------------------

    @Test
    void salesforceUsersBecomeTalkdeskUsersWithTheChosenRoleAndNoOneElse() {
        SyncReport report = createTalkdeskUsers(Set.of("alice", "bob", "carol", "dave"));

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(talkdesk.all()).extracting(UserRecord::label)
                .containsExactlyInAnyOrder("alice@acme.example", "bob@acme.example", "carol@acme.example", "dave@acme.example");
        assertThat(talkdesk.findByEmail("bob@acme.example").orElseThrow().roles()).containsExactly("QA Supervisor");
        assertThat(talkdesk.findByEmail("alice@acme.example").orElseThrow().attributes()).isEmpty();
    }

    @Test
    void twoSalesforceUsersWithOneEmailAreAConflictNotTwoTalkdeskUsers() {
        String twin = org.addUser(UserProfile.builder().email("alice@acme.example").username("alice.two@acme.example")
                .lastName("Twin").build());
        salesforceIds.put("twin", twin);

        SyncReport report = createTalkdeskUsers(Set.of("alice", "twin", "bob"));

        assertThat(report.conflicts()).anySatisfy(c -> assertThat(c.kind()).isEqualTo(ConflictKind.DUPLICATE_SOURCE_KEY));
        assertThat(talkdesk.allWithEmail("alice@acme.example")).isEmpty();
        assertThat(talkdesk.findByEmail("bob@acme.example")).isPresent();
    }

    @Test
    void newlyLicensedUsersGetTheSetOfTheirRoleTheirSeatAndTheCallCentre() {
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("alice", "T4S");
        seat("bob", "T4S");
        seat("carol", "T4S");
        seat("frank", "T4S");
        seat("dave", "T4SV");
        seat("erin", "T4SV");

        SyncReport report = syncSeats();

        assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(setsOf("alice")).contains(TalkdeskPermissionSets.ADMIN);
        assertThat(setsOf("bob")).contains(TalkdeskPermissionSets.SUPERVISOR);
        assertThat(setsOf("carol")).contains(TalkdeskPermissionSets.AGENT);
        // the Voice product has no Supervisor set: Supervisor gets Admin there
        assertThat(setsOf("dave")).contains(TalkdeskPermissionSets.ADMIN_VOICE).doesNotContain(TalkdeskPermissionSets.SUPERVISOR);
        assertThat(setsOf("erin")).contains(TalkdeskPermissionSets.AGENT_VOICE);
        // only users without a standard set get one: frank keeps the Agent set he was given by hand
        assertThat(setsOf("frank")).contains(TalkdeskPermissionSets.AGENT).doesNotContain(TalkdeskPermissionSets.ADMIN);
        // sets nobody manages are never touched
        assertThat(setsOf("alice")).contains("Sales Cloud User");
        assertThat(setsOf("grace")).containsExactly("Sales Cloud User");
        // seats and call centres follow the license
        assertThat(org.licenseAssignees(t4sLicense)).containsExactlyInAnyOrder(
                salesforceIds.get("alice"), salesforceIds.get("bob"), salesforceIds.get("carol"), salesforceIds.get("frank"));
        assertThat(org.usedLicenses(t4svLicense)).isEqualTo(2);
        assertThat(callCenterOf("alice")).contains(t4sCallCenter);
        assertThat(callCenterOf("dave")).contains(t4svCallCenter);
        assertThat(callCenterOf("grace")).isEmpty();
        // when several sets apply, the highest is the one shown
        assertThat(TalkdeskPermissionSets.mapper().highest(List.of(TalkdeskPermissionSets.AGENT, TalkdeskPermissionSets.ADMIN,
                TalkdeskPermissionSets.SUPERVISOR))).contains(TalkdeskPermissionSets.ADMIN);

        Plan again = seatSync().build().plan(RunOptions.defaults());
        assertThat(again.actions()).as("a second sync has nothing to do").isEmpty();
    }

    @Test
    void aRoleChangeInTalkdeskDoesNotChangeTheSetsUnderTheOnProvisioningPolicy() {
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("carol", "T4S");
        syncSeats();
        changeTalkdeskRole("carol", "Supervisor");

        SyncReport report = syncSeats();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.planned()).doesNotContainKeys(ActionKind.GRANT_PERMISSION, ActionKind.REVOKE_PERMISSION);
        assertThat(setsOf("carol")).contains(TalkdeskPermissionSets.AGENT).doesNotContain(TalkdeskPermissionSets.SUPERVISOR);
    }

    @Test
    void removingALicenseRemovesTheSeatTheCallCentreAndTheTalkdeskSets() {
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("carol", "T4S");
        seat("erin", "T4SV");
        syncSeats();
        seat("carol", null);

        SyncReport report = syncSeats();

        assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(org.licenseAssignees(t4sLicense)).doesNotContain(salesforceIds.get("carol"));
        assertThat(callCenterOf("carol")).isEmpty();
        assertThat(setsOf("carol")).containsExactly("Sales Cloud User");
        assertThat(org.isActive(salesforceIds.get("carol"))).as("the Salesforce user stays").isTrue();
        assertThat(setsOf("erin")).contains(TalkdeskPermissionSets.AGENT_VOICE);
        assertThat(callCenterOf("erin")).contains(t4svCallCenter);
    }

    @Test
    void oneUsersValidationFailureLeavesTheOthersAppliedAndIsReported() {
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("alice", "T4S");
        seat("grace", "T4S");
        seat("heidi", "T4S");
        org.rejectUser("grace@acme.example", "Department is required for CTI users");

        SyncReport report = syncSeats();

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.user().label()).isEqualTo("grace@acme.example");
            assertThat(f.kind()).isEqualTo(FailureKind.VALIDATION);
            assertThat(f.message()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        });
        assertThat(org.licenseAssignees(t4sLicense)).containsExactlyInAnyOrder(salesforceIds.get("alice"), salesforceIds.get("heidi"));
        assertThat(callCenterOf("heidi")).contains(t4sCallCenter);
        assertThat(callCenterOf("grace")).as("the seat was given back with the call centre").isEmpty();

        org.clearValidationRules();
        assertThat(syncSeats().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(callCenterOf("grace")).contains(t4sCallCenter);
        assertThat(setsOf("grace")).contains(TalkdeskPermissionSets.AGENT);
    }

    @Test
    void moreUsersSelectedThanFreeSeatsGivesAShortfallAndNoOverAssignment() {
        org.setPermissionSetLicenseSeats(t4sLicense, 2);
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        for (String person : List.of("alice", "bob", "carol", "heidi")) {
            seat(person, "T4S");
        }

        SyncReport report = syncSeats();

        assertThat(org.usedLicenses(t4sLicense)).isEqualTo(2);
        assertThat(report.conflicts()).filteredOn(c -> c.kind() == ConflictKind.LICENSE_SHORTFALL).hasSize(2);
        assertThat(report.failures()).isEmpty();
        // the two left without a seat get no Talkdesk set and no call centre either
        long withoutSeat = List.of("alice", "bob", "carol", "heidi").stream()
                .filter(p -> !org.licenseAssignees(t4sLicense).contains(salesforceIds.get(p)))
                .peek(p -> assertThat(setsOf(p)).containsExactly("Sales Cloud User"))
                .peek(p -> assertThat(callCenterOf(p)).isEmpty())
                .count();
        assertThat(withoutSeat).isEqualTo(2);
    }

    @Test
    void anExpiredLicenseAssignsNothing() {
        org.setPermissionSetLicenseExpiration(t4sLicense, Optional.of(LocalDate.now().minusDays(2)));
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("alice", "T4S");
        seat("bob", "T4S");

        SyncReport report = syncSeats();

        assertThat(report.conflicts()).filteredOn(c -> c.kind() == ConflictKind.LICENSE_EXPIRED).hasSize(2);
        assertThat(org.usedLicenses(t4sLicense)).isZero();
        assertThat(setsOf("alice")).containsExactly("Sales Cloud User");
        assertThat(org.requestCount("collections.create:PermissionSetLicenseAssign")).isZero();
    }

    @Test
    void aSecondSyncStartedWhileOneRunsDoesNotRunConcurrently() {
        createTalkdeskUsers(CHOSEN_ROLES.keySet());
        seat("alice", "T4S");
        AtomicReference<SyncReport> second = new AtomicReference<>();
        SyncListener startsAnotherMidRun = new SyncListener() {
            @Override
            public void sourceRead(int count) {
                if (second.get() == null) {
                    second.set(seatSync().owner("second-admin").build().run(RunOptions.defaults()));
                }
            }
        };

        SyncReport first = seatSync().owner("first-admin").listener(startsAnotherMidRun).build().run(RunOptions.defaults());

        assertThat(second.get().status()).isEqualTo(RunStatus.BUSY);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(org.licenseAssignees(t4sLicense)).containsExactly(salesforceIds.get("alice"));
        assertThat(org.requestCount("collections.create:PermissionSetLicenseAssign")).isEqualTo(1);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
