package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.csv.CsvInput;
import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.ActionKind;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's seed 003 recipe (the CSV upload is the whole team), run as written against a JDBC state store
 * and team table in an in-memory H2 database that the recipe itself migrates.
 */
class Seed003CsvRecipeTest {

    private final DataSource dataSource = h2();
    private final UserDirectory hostTeam = teamTable(dataSource);

    private static UserDirectory teamTable(DataSource dataSource) {
        JdbcUserDirectory.createDefaultTables(dataSource);
        return JdbcUserDirectory.create("team", dataSource, UserTableMapping.defaultTables());
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:readme-seed003-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private SyncReport upload(byte[] uploadedFile) {
        // tag::seed-003[]
        // yours: uploadedFile (the upload's bytes), dataSource, hostTeam (your UserDirectory, e.g. JdbcUserDirectory)
        JdbcSyncStateStore stateStore = JdbcSyncStateStore.create(dataSource);
        stateStore.migrate();                                   // once at start-up; safe when several nodes start at once
        SyncPolicy policy = SyncPolicy.builder()
                .authoritative(true)                                    // absent from the file = deactivated
                .protectTargets(Scope.matching("owners", u -> u.roles().contains("Owner")))
                .notifyOnCreate(true)                                   // invitation email for new people
                .own(Field.ROLES, Ownership.ALWAYS)                     // roles follow the file
                .own(Field.GROUPS, Ownership.ALWAYS)                    // so does campaign access
                .deletionGuard(DeletionGuard.of(10, 0.5))               // hold more than 10 and more than half
                .build();
        SyncReport report = SyncRunner.builder()
                .syncId(SyncId.of("team-upload"))
                .source(CsvUserDirectory.readOnly(CsvInput.bytes(uploadedFile)))
                .target(hostTeam)
                .policy(policy)
                .stateStore(stateStore)
                .build()
                .run(RunOptions.defaults());
        report.readProblems().forEach(p -> System.out.println(p.location() + ": " + p.message()));
        // end::seed-003[]
        return report;
    }

    private static byte[] csv(String... rows) {
        return ("First Name,Last Name,Email,Role,Status,Campaigns\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<UserRecord> team() {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = hostTeam.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    private UserStatus status(String email) {
        return team().stream().filter(u -> u.label().equals(email)).findFirst().orElseThrow().status();
    }

    @Test
    void theTeamFollowsTheUploadAMalformedRowDeactivatesNobodyAndTheOwnerStays() {
        hostTeam.create(UserProfile.builder().email("owner@acme.example").firstName("Olivia").role("Owner").build(), CreateOptions.silent());
        hostTeam.create(UserProfile.builder().email("zed@acme.example").firstName("Zed").role("Manager").build(), CreateOptions.silent());

        SyncReport first = upload(csv(
                "Ann,Lee,ann@acme.example,Manager,Active,Retail Cebu",
                "Ben,Cruz,not-an-email,Limited Manager,Active,Retail Cebu",
                "Cho,Diaz,cho@acme.example,Onboarding Admin,Active,Night Shift;Retail Cebu"));

        assertThat(first.status()).as(first.summary()).isEqualTo(RunStatus.PARTIAL);
        assertThat(first.readProblems()).singleElement().satisfies(p -> assertThat(p.location()).isEqualTo("line 3"));
        assertThat(first.planned()).containsEntry(ActionKind.CREATE, 2).doesNotContainKey(ActionKind.DEACTIVATE);
        assertThat(status("zed@acme.example")).as("a malformed row deactivates nobody that run").isEqualTo(UserStatus.ACTIVE);

        SyncReport second = upload(csv(
                "Ann,Lee,ann@acme.example,Manager,Active,Retail Cebu",
                "Ben,Cruz,ben@acme.example,Limited Manager,Active,Retail Cebu",
                "Cho,Diaz,cho@acme.example,Onboarding Admin,Inactive,Night Shift;Retail Cebu"));

        assertThat(second.status()).as(second.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(status("ben@acme.example")).isEqualTo(UserStatus.ACTIVE);
        assertThat(status("cho@acme.example")).as("marked inactive").isEqualTo(UserStatus.INACTIVE);
        assertThat(status("zed@acme.example")).as("missing from the file").isEqualTo(UserStatus.INACTIVE);
        assertThat(status("owner@acme.example")).as("protected").isEqualTo(UserStatus.ACTIVE);
    }
}
