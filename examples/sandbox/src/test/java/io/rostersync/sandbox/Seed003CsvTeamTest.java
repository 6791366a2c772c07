package io.rostersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.csv.CsvExport;
import io.rostersync.csv.CsvInput;
import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 (Talkpush team management), point by point: the owner uploads the whole team as CSV and the
 * host team table follows it.
 */
class Seed003CsvTeamTest {

    private static final String HEADER = "First Name,Last Name,Email,Role,Status,Campaigns\n";

    private JdbcUserDirectory team;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:seed003-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcUserDirectory.createDefaultTables(ds);
        team = JdbcUserDirectory.create("talkpush-team", ds, UserTableMapping.defaultTables());
        team.create(UserProfile.builder().email("owner@acme.example").firstName("Olivia").lastName("Owner").role("Owner").build(),
                CreateOptions.silent());
        store = new InMemorySyncStateStore();
    }

    private SyncReport upload(String csv) {
        return upload(csv, CsvTeamScenario.policy());
    }

    private SyncReport upload(String csv, SyncPolicy policy) {
        return runner(csv, policy).run(RunOptions.defaults());
    }

    private SyncRunner runner(String csv, SyncPolicy policy) {
        return SyncRunner.builder().syncId(SyncId.of("team-upload")).source(CsvUserDirectory.readOnly(CsvInput.text(HEADER + csv)))
                .target(team).policy(policy).stateStore(store).build();
    }

    private UserRecord member(String email) {
        return all().stream().filter(u -> u.label().equals(email)).findFirst().orElseThrow();
    }

    private List<UserRecord> all() {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = team.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    private static final String TEAM = String.join("\n",
            "Ann,Lee,ann@acme.example,Manager,Active,Retail Cebu",
            "Ben,Cruz,ben@acme.example,Limited Manager,Active,Retail Cebu",
            "Cho,Diaz,cho@acme.example,Onboarding Admin,Active,Night Shift;Retail Cebu",
            "Dan,Eng,dan@acme.example,Manager with Analytics,Active,") + "\n";

    @Test
    void newUsersAreAddedWithRoleAndCampaignsAndInvited() {
        Plan plan = runner(TEAM, CsvTeamScenario.policy()).plan(RunOptions.defaults());
        assertThat(plan.actions()).filteredOn(a -> a.kind() == ActionKind.CREATE).hasSize(4)
                .allSatisfy(a -> assertThat(((PlanAction.CreateUser) a).notifyUser()).as("invitation email").isTrue());
        assertThat(upload(TEAM).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(member("cho@acme.example").roles()).containsExactly("Onboarding Admin");
        assertThat(member("cho@acme.example").groups()).containsExactly("Night Shift", "Retail Cebu");
        assertThat(member("dan@acme.example").groups()).isEmpty();
    }

    @Test
    void aSingleRoleChangeFollows() {
        upload(TEAM);
        SyncReport report = upload(TEAM.replace("Ben,Cruz,ben@acme.example,Limited Manager", "Ben,Cruz,ben@acme.example,Manager"));
        assertThat(report.planned()).containsExactlyEntriesOf(java.util.Map.of(ActionKind.UPDATE, 1));
        assertThat(member("ben@acme.example").roles()).containsExactly("Manager");
    }

    @Test
    void rolesAndCampaignAccessChangeInBulk() {
        upload(TEAM);
        String bulk = TEAM.replaceAll(",(Manager|Limited Manager|Onboarding Admin|Manager with Analytics),Active,[^\\n]*",
                ",Limited Manager,Active,Sales Davao");
        SyncReport report = upload(bulk);
        assertThat(report.planned()).containsEntry(ActionKind.UPDATE, 4);
        assertThat(all()).filteredOn(u -> !u.roles().contains("Owner"))
                .allSatisfy(u -> {
                    assertThat(u.roles()).containsExactly("Limited Manager");
                    assertThat(u.groups()).containsExactly("Sales Davao");
                });
    }

    @Test
    void markingInactiveDeactivatesAndMarkingActiveAgainReactivates() {
        upload(TEAM);
        upload(TEAM.replace("ben@acme.example,Limited Manager,Active", "ben@acme.example,Limited Manager,Inactive"));
        assertThat(member("ben@acme.example").status()).isEqualTo(UserStatus.INACTIVE);
        SyncReport back = upload(TEAM);
        assertThat(back.planned()).containsEntry(ActionKind.REACTIVATE, 1);
        assertThat(member("ben@acme.example").status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void anyoneMissingFromTheUploadIsDeactivatedButKeepsTheirHistory() {
        upload(TEAM);
        SyncReport report = upload(TEAM.replace("Dan,Eng,dan@acme.example,Manager with Analytics,Active,\n", ""));
        assertThat(report.planned()).containsExactlyEntriesOf(java.util.Map.of(ActionKind.DEACTIVATE, 1));
        assertThat(member("dan@acme.example").status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(member("owner@acme.example").status()).as("the owner is never deprovisioned").isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void deletingInsteadOfDeactivatingLosesTheAccount() {
        SyncPolicy deleting = CsvTeamScenario.policy().toBuilder().onGone(Deprovision.DELETE).build();
        upload(TEAM, deleting);
        SyncReport report = upload(TEAM.replace("Dan,Eng,dan@acme.example,Manager with Analytics,Active,\n", ""), deleting);
        assertThat(report.planned()).containsEntry(ActionKind.DELETE, 1);
        assertThat(all()).extracting(UserRecord::label).doesNotContain("dan@acme.example");
    }

    @Test
    void aMalformedRowDeactivatesNobody() {
        upload(TEAM);
        SyncReport report = upload(TEAM.replace("dan@acme.example", "not-an-email").replace("Ben,Cruz,ben@acme.example,Limited Manager,Active,Retail Cebu\n", ""));
        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.readProblems()).singleElement().satisfies(p -> assertThat(p.location()).isEqualTo("line 4"));
        assertThat(all()).allMatch(u -> u.status() == UserStatus.ACTIVE);
    }

    @Test
    void anEmptyUploadIsRefusedByTheGuard() {
        upload(TEAM);
        SyncReport report = upload("");
        assertThat(report.status()).isEqualTo(RunStatus.REFUSED_BY_GUARD);
        assertThat(all()).allMatch(u -> u.status() == UserStatus.ACTIVE);
    }

    @Test
    void teamCanBeSearchedAndFilteredByRoleAndStatus() {
        upload(TEAM);
        upload(TEAM.replace("ben@acme.example,Limited Manager,Active", "ben@acme.example,Limited Manager,Inactive"));
        Scope managers = Scope.roles(java.util.Set.of("Manager", "Manager with Analytics"));
        assertThat(all()).filteredOn(managers::includes).extracting(UserRecord::label)
                .containsExactlyInAnyOrder("ann@acme.example", "dan@acme.example");
        assertThat(all()).filteredOn(Scope.statuses(UserStatus.INACTIVE)::includes).extracting(UserRecord::label)
                .containsExactly("ben@acme.example");
        assertThat(all()).filteredOn(Scope.search("  CRUZ ")::includes).extracting(UserRecord::label)
                .containsExactly("ben@acme.example");
    }

    @Test
    void templateAndCurrentMemberListCanBeDownloaded() {
        upload(TEAM);
        StringWriter template = new StringWriter();
        CsvExport.defaults().writeTemplate(template);
        assertThat(template.toString().strip()).isEqualTo(HEADER.strip());
        StringWriter members = new StringWriter();
        CsvExport.defaults().writeMembers(team, members);
        assertThat(members.toString()).contains("ann@acme.example").contains("owner@acme.example");
        // The downloaded list, uploaded unchanged, changes nothing.
        SyncReport again = SyncRunner.builder().syncId(SyncId.of("team-upload"))
                .source(CsvUserDirectory.readOnly(CsvInput.text(members.toString()))).target(team)
                .policy(CsvTeamScenario.policy()).stateStore(store).build().run(RunOptions.defaults());
        assertThat(again.planned().getOrDefault(ActionKind.UPDATE, 0)).isZero();
        assertThat(again.planned().getOrDefault(ActionKind.DEACTIVATE, 0)).isZero();
    }
}
