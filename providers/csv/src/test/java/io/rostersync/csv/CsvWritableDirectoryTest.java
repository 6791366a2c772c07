package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWritableDirectoryTest {

    private static final String HEADER = "First Name,Last Name,Email,Role,Status,Campaigns";

    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path f = dir.resolve("team.csv");
        Files.writeString(f, content);
        return f;
    }

    private static CsvUserDirectory writable(Path f) {
        return CsvUserDirectory.builder().file(f).writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();
    }

    private static UserProfile profile(String email) {
        return UserProfile.builder().email(email).firstName("New").lastName("Person").role("Recruiter").group("Voice").build();
    }

    private static UserRecord stored(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    @Test
    void declaresWriteCapabilitiesOnlyWhenWritable() throws Exception {
        Path f = file(HEADER + "\n");
        assertThat(CsvUserDirectory.readOnly(f).capabilities()).containsExactly(Capability.READ, Capability.LOOKUP);
        assertThat(writable(f).capabilities()).contains(Capability.CREATE, Capability.UPDATE, Capability.DEACTIVATE,
                Capability.REACTIVATE, Capability.DELETE, Capability.BATCH_WRITE);
        CsvUserDirectory noStatus = CsvUserDirectory.builder().file(f)
                .columns(CsvColumns.builder().unmap(CsvField.STATUS).build())
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();
        assertThat(noStatus.capabilities()).doesNotContain(Capability.DEACTIVATE, Capability.REACTIVATE);
    }

    @Test
    void aCreateIsInTheFileAtOnceAndReadsBackTheSame() throws Exception {
        Path f = file(HEADER + "\r\nAna,Reyes,ana@example.com,Owner,Active,\r\n");
        CsvUserDirectory csv = writable(f);

        UserRecord made = stored(csv.create(profile("New@Example.com"), CreateOptions.silent()));

        assertThat(made.id()).isEqualTo(NativeId.of("new@example.com"));
        assertThat(Files.readString(f)).isEqualTo(HEADER + "\r\nAna,Reyes,ana@example.com,Owner,Active,\r\n"
                + "New,Person,new@example.com,Recruiter,Active,Voice\r\n");
        assertThat(Snapshot.of(CsvUserDirectory.readOnly(f)).users()).contains(made);
    }

    @Test
    void deactivateReactivateAndDeleteChangeTheFile() throws Exception {
        Path f = file(HEADER + "\nAna,Reyes,ana@example.com,Owner,Active,\nBen,Cruz,ben@example.com,,Active,\n");
        CsvUserDirectory csv = writable(f);
        NativeId ana = NativeId.of("ana@example.com");

        assertThat(stored(csv.deactivate(ana)).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(Files.readString(f)).contains("Ana,Reyes,ana@example.com,Owner,Inactive,");
        assertThat(stored(csv.reactivate(ana)).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(stored(csv.delete(ana)).email()).isPresent();
        assertThat(Files.readString(f)).doesNotContain("ana@example.com").contains("ben@example.com");
        assertThat(csv.delete(ana)).isInstanceOf(WriteResult.Failed.class);
    }

    @Test
    void keepsColumnsTheMappingDoesNotKnow() throws Exception {
        Path f = file("Email,Notes,First Name,Last Name,Role,Status,Campaigns\nana@example.com,likes tea,Ana,Reyes,,,\n");
        CsvUserDirectory csv = writable(f);

        stored(csv.update(NativeId.of("ana@example.com"), UserPatch.builder().lastName("Santos").build()));

        assertThat(Files.readString(f)).isEqualTo("Email,Notes,First Name,Last Name,Role,Status,Campaigns\r\n"
                + "ana@example.com,likes tea,Ana,Santos,,,\r\n");
    }

    @Test
    void addsMissingOptionalColumnsOnWriteBack() throws Exception {
        Path f = file("First Name,Last Name,Email,Role\nAna,Reyes,ana@example.com,Owner\n");
        CsvUserDirectory csv = CsvUserDirectory.builder().file(f)
                .columns(CsvColumns.builder().optional(CsvField.STATUS).optional(CsvField.GROUPS).build())
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();

        stored(csv.deactivate(NativeId.of("ana@example.com")));

        assertThat(Files.readString(f)).isEqualTo("First Name,Last Name,Email,Role,Status,Campaigns\r\n"
                + "Ana,Reyes,ana@example.com,Owner,Inactive,\r\n");
    }

    @Test
    void aMissingFileStartsAnEmptyTeamAndIsCreatedOnTheFirstWrite() throws Exception {
        Path f = dir.resolve("new.csv");
        CsvUserDirectory csv = CsvUserDirectory.builder().file(f).writeBom(true)
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();
        assertThat(Snapshot.of(csv).users()).isEmpty();

        stored(csv.create(profile("a@example.com"), CreateOptions.silent()));

        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("First Name,Last Name,Email,Role,Status,Campaigns\r\n");
    }

    @Test
    void emailsStayUniqueAndRequired() throws Exception {
        CsvUserDirectory csv = writable(file(HEADER + "\nAna,Reyes,ana@example.com,,,\n"));

        assertThat(csv.create(profile("ANA@example.com"), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(csv.create(UserProfile.builder().firstName("No").build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
    }

    @Test
    void withoutAnIdColumnAnEmailCannotChange() throws Exception {
        CsvUserDirectory csv = writable(file(HEADER + "\nAna,Reyes,ana@example.com,,,\n"));
        WriteResult r = csv.update(NativeId.of("ana@example.com"),
                UserPatch.builder().email(io.rostersync.model.EmailAddress.of("ana.new@example.com")).build());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
            assertThat(f.failure().message()).contains("id column");
        });
    }

    @Test
    void withAnIdColumnAnEmailChangeKeepsTheId() throws Exception {
        Path f = file("Id," + HEADER + "\n7,Ana,Reyes,ana@example.com,,,\n");
        CsvUserDirectory csv = CsvUserDirectory.builder().file(f)
                .columns(CsvColumns.builder().header(CsvField.ID, "Id").build())
                .idGenerator(() -> "8")
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();

        UserRecord after = stored(csv.update(NativeId.of("7"),
                UserPatch.builder().email(io.rostersync.model.EmailAddress.of("ana.new@example.com")).build()));
        UserRecord made = stored(csv.create(profile("ben@example.com"), CreateOptions.silent()));

        assertThat(after.id()).isEqualTo(NativeId.of("7"));
        assertThat(made.id()).isEqualTo(NativeId.of("8"));
        assertThat(Files.readString(f)).contains("7,Ana,Reyes,ana.new@example.com").contains("8,New,Person,ben@example.com");
    }

    @Test
    void aFileWithUnreadableRowsIsNeverWrittenBack() throws Exception {
        String content = HEADER + "\nAna,Reyes,ana@example.com,,,\nBroken,Row,not-an-email,,,\n";
        Path f = file(content);
        CsvUserDirectory csv = writable(f);

        assertThat(Snapshot.of(csv).problems()).extracting(p -> p.location()).containsExactly("line 3");
        assertThat(csv.deactivate(NativeId.of("ana@example.com")))
                .isInstanceOfSatisfying(WriteResult.Failed.class, r -> {
                    assertThat(r.failure().kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                    assertThat(r.failure().message()).contains("line 3");
                });
        assertThat(Files.readString(f)).isEqualTo(content);
    }

    @Test
    void deferredWritesReachTheFileOnFlush() throws Exception {
        String content = HEADER + "\nAna,Reyes,ana@example.com,,,\n";
        Path f = file(content);
        CsvUserDirectory csv = CsvUserDirectory.builder().file(f).writable(CsvUserDirectory.WriteBack.ON_FLUSH).build();

        List<WriteResult> results = csv.createAll(List.of(profile("b@example.com"), profile("c@example.com")), CreateOptions.silent());
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(WriteResult.Stored.class));
        assertThat(Files.readString(f)).isEqualTo(content);
        assertThat(Snapshot.of(csv).users()).hasSize(3);

        csv.flush();
        assertThat(Snapshot.of(CsvUserDirectory.readOnly(f)).emails())
                .containsExactly("ana@example.com", "b@example.com", "c@example.com");
    }

    @Test
    void pendingChangesDoNotOverwriteAFileChangedOnDisk() throws Exception {
        Path f = file(HEADER + "\nAna,Reyes,ana@example.com,,,\n");
        CsvUserDirectory csv = CsvUserDirectory.builder().file(f).writable(CsvUserDirectory.WriteBack.ON_FLUSH).build();
        stored(csv.create(profile("b@example.com"), CreateOptions.silent()));

        String edited = HEADER + "\nZed,Edited,zed@example.com,,,\n";
        Files.writeString(f, edited);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));

        assertThatThrownBy(csv::flush)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CONFLICT));
        assertThat(Files.readString(f)).isEqualTo(edited);
    }

    @Test
    void reloadsAFileChangedOnDiskWhenNothingIsPending() throws Exception {
        Path f = file(HEADER + "\nAna,Reyes,ana@example.com,,,\n");
        CsvUserDirectory csv = writable(f);
        assertThat(Snapshot.of(csv).emails()).containsExactly("ana@example.com");

        Files.writeString(f, HEADER + "\nZed,Edited,zed@example.com,,,\nYu,Li,yu@example.com,,,\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(Snapshot.of(csv).emails()).containsExactly("zed@example.com", "yu@example.com");
    }

    @Test
    void rolesThatContainTheSeparatorAreRefused() throws Exception {
        CsvUserDirectory csv = writable(file(HEADER + "\n"));
        WriteResult r = csv.create(UserProfile.builder().email("a@example.com").role("Team; Lead").build(), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, x -> assertThat(x.failure().kind()).isEqualTo(FailureKind.VALIDATION));
    }

    @Test
    void aWritableDirectoryNeedsAFile() {
        assertThatThrownBy(() -> CsvUserDirectory.builder().input(CsvInput.text(HEADER))
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        CsvUserDirectory csv = writable(file(HEADER + "\n"));
        for (int i = 0; i < 5; i++) {
            stored(csv.create(profile("u" + i + "@example.com"), CreateOptions.silent()));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("team.csv");
        }
    }
}
