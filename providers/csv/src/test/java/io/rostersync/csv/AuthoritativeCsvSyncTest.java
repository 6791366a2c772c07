package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003 end to end: an uploaded CSV is the whole team. Whoever is missing from it is deactivated, a
 * file with a malformed row deactivates nobody, and a header-only file is refused by the guard.
 */
class AuthoritativeCsvSyncTest {

    private static final String HEADER = "First Name,Last Name,Email,Role,Status,Campaigns\n";

    @TempDir
    Path dir;

    private InMemoryUserDirectory team;
    private InMemorySyncStateStore store;
    private Path upload;

    @BeforeEach
    void seedTheTeam() {
        team = InMemoryUserDirectory.create("talkpush-team");
        team.add(member("ana@example.com", "Ana", "Recruiter", "Manila BPO"));
        team.add(member("ben@example.com", "Ben", "Recruiter", "Manila BPO"));
        team.add(member("cy@example.com", "Cy", "Hiring Manager", "Cebu Voice"));
        team.add(member("dee@example.com", "Dee", "Recruiter", "Cebu Voice"));
        team.add(member("eve@example.com", "Eve", "Recruiter", "Manila BPO"));
        team.add(member("fay@example.com", "Fay", "Recruiter", "Cebu Voice"));
        store = new InMemorySyncStateStore();
        upload = dir.resolve("upload.csv");
    }

    private static UserProfile member(String email, String first, String role, String campaign) {
        return UserProfile.builder().email(email).firstName(first).lastName("Team").role(role).group(campaign).build();
    }

    private SyncReport sync(String csv) throws Exception {
        Files.writeString(upload, csv);
        SyncPolicy policy = SyncPolicy.builder()
                .authoritative(true)
                .own(Field.ROLES, Ownership.ALWAYS)
                .own(Field.GROUPS, Ownership.ALWAYS)
                .build(); // the default deletion guard
        return SyncRunner.builder()
                .syncId(SyncId.of("csv-upload"))
                .source(CsvUserDirectory.readOnly(upload))
                .target(team)
                .policy(policy)
                .stateStore(store)
                .clock(Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC))
                .build()
                .run(RunOptions.defaults());
    }

    private UserRecord member(String email) {
        return team.findByEmail(email).orElseThrow();
    }

    private List<String> inactive() {
        return team.all().stream().filter(u -> u.status() == UserStatus.INACTIVE).map(UserRecord::label).sorted().toList();
    }

    @Test
    void whoeverIsMissingFromTheUploadIsDeactivated() throws Exception {
        SyncReport report = sync(HEADER
                + "Ana,Team,ana@example.com,Owner,Active,Manila BPO;Cebu Voice\n"
                + "Ben,Team,ben@example.com,Recruiter,Active,Manila BPO\n"
                + "Cy,Team,cy@example.com,Hiring Manager,Active,Cebu Voice\n"
                + "Dee,Team,dee@example.com,Recruiter,Inactive,Cebu Voice\n"
                + "Gus,New,gus@example.com,Recruiter,Active,Manila BPO\n");

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(inactive()).containsExactly("dee@example.com", "eve@example.com", "fay@example.com");
        assertThat(member("ana@example.com").roles()).containsExactly("Owner");
        assertThat(member("ana@example.com").groups()).containsExactly("Cebu Voice", "Manila BPO");
        assertThat(member("gus@example.com").status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(member("ben@example.com").status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void theSameUploadAgainChangesNothing() throws Exception {
        String csv = HEADER
                + "Ana,Team,ana@example.com,Owner,Active,Manila BPO\n"
                + "Ben,Team,ben@example.com,Recruiter,Active,Manila BPO\n"
                + "Cy,Team,cy@example.com,Hiring Manager,Active,Cebu Voice\n"
                + "Dee,Team,dee@example.com,Recruiter,Active,Cebu Voice\n"
                + "Eve,Team,eve@example.com,Recruiter,Active,Manila BPO\n";
        assertThat(sync(csv).status()).isEqualTo(RunStatus.SUCCEEDED);
        int writes = team.writeCount();

        SyncReport second = sync(csv);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.plannedTotal()).as(second.summary()).isZero();
        assertThat(team.writeCount()).isEqualTo(writes);
    }

    @Test
    void aFileWithAMalformedRowDeactivatesNobody() throws Exception {
        SyncReport report = sync(HEADER
                + "Ana,Team,ana@example.com,Owner,Active,Manila BPO\n"
                + "Ben,Team,ben@example,Recruiter,Active,Manila BPO\n"
                + "Gus,New,gus@example.com,Recruiter,Active,Manila BPO\n");

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.message()).contains("line 3").contains("nobody was deprovisioned");
        assertThat(report.planned()).doesNotContainKeys(ActionKind.DEACTIVATE, ActionKind.DELETE);
        assertThat(inactive()).isEmpty();
        // The rows that could be read still apply.
        assertThat(member("ana@example.com").roles()).containsExactly("Owner");
        assertThat(team.findByEmail("gus@example.com")).isPresent();
    }

    @Test
    void aHeaderOnlyFileIsRefusedByTheGuard() throws Exception {
        int writes = team.writeCount();

        SyncReport report = sync(HEADER);

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.REFUSED_BY_GUARD);
        assertThat(report.planned()).containsEntry(ActionKind.DEACTIVATE, 6);
        assertThat(team.writeCount()).isEqualTo(writes);
        assertThat(inactive()).isEmpty();
    }

    @Test
    void aFileMissingARequiredColumnFailsTheRunBeforeAnyWrite() throws Exception {
        int writes = team.writeCount();

        SyncReport report = sync("First Name,Last Name,Mail,Role,Status,Campaigns\nAna,Team,ana@example.com,,,\n");

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("'Email'");
        assertThat(team.writeCount()).isEqualTo(writes);
    }

    @Test
    void aTruncatedFileDeactivatesNobodyAndHoldsTheDeactivationsForTheOwner() throws Exception {
        SyncReport report = sync(HEADER + "Ana,Team,ana@example.com,Owner,Active,Manila BPO\n");

        // 5 of the 6 would go, beyond the default limit: all 5 are held; Ana's role change still applies.
        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.HELD);
        assertThat(inactive()).isEmpty();
        assertThat(member("ana@example.com").roles()).containsExactly("Owner");
        assertThat(report.held()).extracting(c -> c.users().get(0).label()).containsExactly("ben@example.com",
                "cy@example.com", "dee@example.com", "eve@example.com", "fay@example.com");
        assertThat(store.heldDeprovisions(SyncId.of("csv-upload"))).hasSize(5);
    }
    @Test
    void aTeamListKeptAsCsvCanBeTheTarget() throws Exception {
        Path teamFile = dir.resolve("team.csv");
        Files.writeString(teamFile, HEADER + "Old,Member,old@example.com,Recruiter,Active,Manila BPO\n");
        CsvUserDirectory csvTeam = CsvUserDirectory.builder().file(teamFile)
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();
        SyncRunner runner = SyncRunner.builder()
                .syncId(SyncId.of("host-to-csv"))
                .source(team)
                .target(csvTeam)
                .policy(SyncPolicy.builder().authoritative(true).own(Field.ROLES, Ownership.ALWAYS)
                        .own(Field.GROUPS, Ownership.ALWAYS).deletionGuard(DeletionGuard.of(10, 1.0)).build())
                .stateStore(store)
                .build();

        SyncReport first = runner.run(RunOptions.defaults());
        SyncReport second = runner.run(RunOptions.defaults());

        assertThat(first.status()).as(first.summary()).isEqualTo(RunStatus.SUCCEEDED);
        Snapshot file = Snapshot.of(CsvUserDirectory.readOnly(teamFile));
        assertThat(file.problems()).isEmpty();
        assertThat(file.users()).hasSize(7);
        assertThat(file.users()).filteredOn(u -> u.status() == UserStatus.INACTIVE).extracting(UserRecord::label)
                .containsExactly("old@example.com");
        assertThat(second.plannedTotal()).as(second.summary()).isZero();
    }
}
