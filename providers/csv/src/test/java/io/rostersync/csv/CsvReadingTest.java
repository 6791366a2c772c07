package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReadingTest {

    private static final String HEADER = "First Name,Last Name,Email,Role,Status,Campaigns\n";

    @Test
    void readsATalkpushStyleExportWithTheDefaultColumns() {
        Snapshot s = Snapshot.of(HEADER
                + "Ana,Reyes,Ana.Reyes@Example.com,Recruiter,Active,Manila BPO;Cebu Voice\n"
                + "Ben,Cruz,ben@example.com,Owner,Inactive,\n");

        assertThat(s.problems()).isEmpty();
        assertThat(s.users()).hasSize(2);
        UserRecord ana = s.users().get(0);
        assertThat(ana.id()).isEqualTo(NativeId.of("ana.reyes@example.com"));
        assertThat(ana.email()).contains(EmailAddress.of("ana.reyes@example.com"));
        assertThat(ana.firstName()).isEqualTo("Ana");
        assertThat(ana.lastName()).isEqualTo("Reyes");
        assertThat(ana.roles()).containsExactly("Recruiter");
        assertThat(ana.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(ana.groups()).containsExactly("Cebu Voice", "Manila BPO");
        assertThat(s.users().get(1).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(s.users().get(1).groups()).isEmpty();
    }

    @Test
    void readsUtf8WithAByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = (HEADER + "José,Núñez,jose@example.com,Recruiter,Active,\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);

        Snapshot a = Snapshot.of(CsvUserDirectory.readOnly(CsvInput.bytes(withBom)));
        Snapshot b = Snapshot.of(CsvUserDirectory.readOnly(CsvInput.bytes(body)));

        assertThat(a.problems()).isEmpty();
        assertThat(a.users()).singleElement().satisfies(u -> {
            assertThat(u.firstName()).isEqualTo("José");
            assertThat(u.lastName()).isEqualTo("Núñez");
        });
        assertThat(a.users()).isEqualTo(b.users());
    }

    @Test
    void readsAByteOrderMarkGivenAsTextToo() {
        Snapshot s = Snapshot.of("\uFEFF" + HEADER + "Ana,Reyes,ana@example.com,,,\n");
        assertThat(s.problems()).isEmpty();
        assertThat(s.emails()).containsExactly("ana@example.com");
    }

    @Test
    void readsQuotedFieldsWithCommasNewlinesAndQuotes() {
        Snapshot s = Snapshot.of(HEADER
                + "\"Ana, Jr.\",\"O\"\"Brien\",ana@example.com,\"Recruiter; Team Lead\",Active,\"North\nSouth\"\n"
                + "Ben,Cruz,ben@example.com,,,\n");

        assertThat(s.problems()).isEmpty();
        UserRecord ana = s.users().get(0);
        assertThat(ana.firstName()).isEqualTo("Ana, Jr.");
        assertThat(ana.lastName()).isEqualTo("O'Brien".replace("'", "\""));
        assertThat(ana.roles()).containsExactly("Recruiter", "Team Lead");
        assertThat(ana.groups()).containsExactly("North\nSouth");
        assertThat(s.users().get(1).email()).contains(EmailAddress.of("ben@example.com"));
    }

    @Test
    void matchesHeadersIgnoringCaseWhitespaceAndOrder() {
        Snapshot s = Snapshot.of("  CAMPAIGNS , status,EMAIL ,  role, last   name,first name \n"
                + "Voice,pending,ana@example.com,Recruiter,Reyes,Ana\n");

        assertThat(s.problems()).isEmpty();
        assertThat(s.users()).singleElement().satisfies(u -> {
            assertThat(u.firstName()).isEqualTo("Ana");
            assertThat(u.lastName()).isEqualTo("Reyes");
            assertThat(u.status()).isEqualTo(UserStatus.PENDING);
            assertThat(u.groups()).containsExactly("Voice");
        });
    }

    @Test
    void splitsMultiValuedCellsOnTheConfiguredSeparatorAndDropsBlanks() {
        CsvColumns columns = CsvColumns.builder().valueSeparator('|').build();
        Snapshot s = Snapshot.of(HEADER + "Ana,Reyes,ana@example.com, Admin | Recruiter ||,,A|B; C|\n", columns);

        assertThat(s.users()).singleElement().satisfies(u -> {
            assertThat(u.roles()).containsExactly("Admin", "Recruiter");
            assertThat(u.groups()).containsExactly("A", "B; C");
        });
    }

    @Test
    void parsesStatusWordsCaseInsensitivelyAndBlankAsActive() {
        Snapshot s = Snapshot.of(HEADER
                + "A,A,a@example.com,,ACTIVE,\n"
                + "B,B,b@example.com,,inactive,\n"
                + "C,C,c@example.com,,Pending,\n"
                + "D,D,d@example.com,,Suspended,\n"
                + "E,E,e@example.com,,  ,\n"
                + "F,F,f@example.com,,Deactivated,\n");

        assertThat(s.problems()).isEmpty();
        assertThat(s.users()).extracting(UserRecord::status).containsExactly(UserStatus.ACTIVE, UserStatus.INACTIVE,
                UserStatus.PENDING, UserStatus.SUSPENDED, UserStatus.ACTIVE, UserStatus.INACTIVE);
    }

    @Test
    void reportsMalformedRowsWithTheirLineNumbersAndReadsTheRest() {
        Snapshot s = Snapshot.of(HEADER                                // line 1
                + "Ana,Reyes,ana@example.com,,Active,\n"               // 2
                + "Bad,Email,not-an-email,,Active,\n"                  // 3
                + "\"Multi\nLine\",Name,multi@example.com,,Active,\n"  // 4-5
                + "No,Email,,,Active,\n"                               // 6
                + "Too,Few,few@example.com\n"                          // 7
                + "Too,Many,many@example.com,,Active,,extra\n"         // 8
                + "Odd,Status,odd@example.com,,On leave,\n"            // 9
                + "\n"                                                 // 10 blank, skipped
                + "\"Broken\"x,Quote,broken@example.com,,,\n"          // 11
                + "Zoe,Lim,zoe@example.com,,,\n");                     // 12

        assertThat(s.emails()).containsExactly("ana@example.com", "multi@example.com", "zoe@example.com");
        assertThat(s.locations()).containsExactly("line 3", "line 6", "line 7", "line 8", "line 9", "line 11");
        assertThat(s.problems().get(0).message()).contains("'Email'").contains("not a valid email");
        assertThat(s.problems().get(1).message()).contains("'Email' is empty");
        assertThat(s.problems().get(2).message()).contains("3 cells").contains("header has 6");
        assertThat(s.problems().get(3).message()).contains("7 cells");
        assertThat(s.problems().get(4).message()).contains("unknown status 'On leave'");
        assertThat(s.problems().get(5).message()).contains("cannot be parsed as CSV");
    }

    @Test
    void problemMessagesDoNotCarryTheRowsPersonalData() {
        Snapshot s = Snapshot.of(HEADER + "Secretname,Secretsurname,secret-not-an-email,,Active,\n");
        assertThat(s.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .doesNotContain("Secret").doesNotContain("secret"));
    }

    @Test
    void toleratesTrailingEmptyCellsButNotTrailingValues() {
        Snapshot s = Snapshot.of(HEADER + "Ana,Reyes,ana@example.com,,Active,,,\n");
        assertThat(s.problems()).isEmpty();
        assertThat(s.users()).hasSize(1);
    }

    @Test
    void anUnterminatedQuoteIsReportedAtTheLineWhereTheRowStarts() {
        Snapshot s = Snapshot.of(HEADER
                + "Ana,Reyes,ana@example.com,,Active,\n"
                + "Ben,\"Cruz,ben@example.com,,Active,\n"
                + "Cy,Tan,cy@example.com,,Active,\n");

        assertThat(s.emails()).containsExactly("ana@example.com");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 3");
            assertThat(p.message()).containsIgnoringCase("quote");
        });
    }

    @Test
    void reportsDuplicateEmailsAndKeepsTheFirstRow() {
        Snapshot s = Snapshot.of(HEADER
                + "Ana,Reyes,ana@example.com,,Active,\n"
                + "Ben,Cruz,ben@example.com,,Active,\n"
                + "Ana,Again,ANA@example.com ,,Active,\n");

        assertThat(s.users()).extracting(UserRecord::lastName).containsExactly("Reyes", "Cruz");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 4");
            assertThat(p.message()).contains("duplicate").contains("line 2");
        });
    }

    @Test
    void reportsDuplicateIdsAndDuplicateEmailsWithAnIdColumn() {
        CsvColumns columns = CsvColumns.builder().header(CsvField.ID, "Employee ID").build();
        Snapshot s = Snapshot.of("Employee ID," + HEADER
                + "E1,Ana,Reyes,ana@example.com,,Active,\n"
                + "E2,Ben,Cruz,ben@example.com,,Active,\n"
                + "E1,Cy,Tan,cy@example.com,,Active,\n"
                + "E3,Ana,Twin,ana@example.com,,Active,\n"
                + "E4,Dee,Ong,dee@example.com,,Active,\n", columns);

        assertThat(s.users()).extracting(u -> u.id().value()).containsExactly("E1", "E2", "E4");
        assertThat(s.locations()).containsExactly("line 4", "line 5");
        assertThat(s.problems().get(0).message()).contains("duplicate 'Employee ID'").contains("line 2");
        assertThat(s.problems().get(1).message()).contains("duplicate email").contains("line 2");
    }

    @Test
    void usesTheIdColumnWhenMapped() {
        CsvColumns columns = CsvColumns.builder().header(CsvField.ID, "Employee ID").build();
        Snapshot s = Snapshot.of("Employee ID," + HEADER + "E-17,Ana,Reyes,ana@example.com,,,\n,No,Id,noid@example.com,,,\n", columns);

        assertThat(s.users()).extracting(UserRecord::id).containsExactly(NativeId.of("E-17"));
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 3");
            assertThat(p.message()).contains("'Employee ID' is empty");
        });
    }

    @Test
    void readsMappedAttributesAndUsernames() {
        CsvColumns columns = CsvColumns.builder()
                .header(CsvField.USERNAME, "Login")
                .attribute("employeeNumber", "Employee No")
                .attribute("site", "Site")
                .build();
        Snapshot s = Snapshot.of("First Name,Last Name,Email,Login,Role,Status,Campaigns,Employee No,Site\n"
                + "Ana,Reyes,ana@example.com,areyes,,,,0042,\n", columns);

        assertThat(s.users()).singleElement().satisfies(u -> {
            assertThat(u.username()).hasValueSatisfying(n -> assertThat(n.value()).isEqualTo("areyes"));
            assertThat(u.attributes()).isEqualTo(Map.of("employeeNumber", "0042"));
        });
    }

    @Test
    void aMissingRequiredHeaderIsAConfigurationErrorNamingIt() {
        var dir = CsvUserDirectory.readOnly(CsvInput.text("First Name,Last Name,E-mail,Role,Status,Campaigns\nA,B,a@example.com,,,\n"));
        assertThatThrownBy(dir::readAll)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining("'Email'")
                .hasMessageContaining("E-mail");
    }

    @Test
    void anOptionalHeaderMayBeMissing() {
        CsvColumns columns = CsvColumns.builder().optional(CsvField.STATUS).optional(CsvField.GROUPS).build();
        Snapshot s = Snapshot.of("First Name,Last Name,Email,Role\nAna,Reyes,ana@example.com,Owner\n", columns);
        assertThat(s.problems()).isEmpty();
        assertThat(s.users()).singleElement().satisfies(u -> assertThat(u.status()).isEqualTo(UserStatus.ACTIVE));
    }

    @Test
    void aMappedHeaderTwiceInTheFileIsAConfigurationError() {
        var dir = CsvUserDirectory.readOnly(CsvInput.text("First Name,Last Name,Email,Role,Status,Campaigns,email\n"));
        assertThatThrownBy(dir::readAll)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining("more than once");
    }

    @Test
    void anEmptyFileIsAConfigurationError() {
        var dir = CsvUserDirectory.readOnly(CsvInput.text(""));
        assertThatThrownBy(dir::readAll)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining("empty");
    }

    @Test
    void aHeaderOnlyFileGivesNoUsersAndNoProblems() {
        Snapshot s = Snapshot.of(HEADER);
        assertThat(s.users()).isEmpty();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreReportedForTheirRowOnly() {
        byte[] latin1 = (HEADER + "Jos\u00e9,Reyes,jose@example.com,,,\nAna,Reyes,ana@example.com,,,\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Snapshot s = Snapshot.of(CsvUserDirectory.readOnly(CsvInput.bytes(latin1)));
        assertThat(s.emails()).containsExactly("ana@example.com");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 2");
            assertThat(p.message()).contains("UTF-8");
        });
    }

    @Test
    void streamsPagesOfTheConfiguredSize() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 25; i++) {
            csv.append("U,").append(i).append(",u").append(i).append("@example.com,,,\n");
        }
        CsvUserDirectory dir = CsvUserDirectory.builder().input(CsvInput.text(csv.toString())).pageSize(10).build();
        List<Integer> sizes = new java.util.ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                sizes.add(p.get().users().size());
            }
            assertThat(pages.next()).isEmpty();
        }
        assertThat(sizes).containsExactly(10, 10, 5);
    }

    @Test
    void readsAFileAgainOnEveryFullRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("team.csv");
        Files.writeString(file, HEADER + "Ana,Reyes,ana@example.com,,,\n");
        CsvUserDirectory csv = CsvUserDirectory.readOnly(file);
        assertThat(Snapshot.of(csv).emails()).containsExactly("ana@example.com");

        Files.writeString(file, HEADER + "Ben,Cruz,ben@example.com,,,\n");
        assertThat(Snapshot.of(csv).emails()).containsExactly("ben@example.com");
        assertThat(csv.get(NativeId.of("ben@example.com"))).isPresent();
        assertThat(csv.get(NativeId.of("ana@example.com"))).isEmpty();
        assertThat(csv.capabilities()).containsExactly(io.rostersync.spi.Capability.READ, io.rostersync.spi.Capability.LOOKUP);
    }

    @Test
    void aMissingFileIsAConfigurationError(@TempDir Path dir) {
        CsvUserDirectory csv = CsvUserDirectory.readOnly(dir.resolve("nope.csv"));
        assertThatThrownBy(csv::readAll)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION));
    }

    @Test
    void anUploadStreamCanBeReadOnce() {
        CsvUserDirectory upload = CsvUserDirectory.readOnly(CsvInput.once(
                new ByteArrayInputStream((HEADER + "Ana,Reyes,ana@example.com,,,\n").getBytes(StandardCharsets.UTF_8))));
        assertThat(Snapshot.of(upload).users()).hasSize(1);
        assertThatThrownBy(upload::readAll)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION));
    }

    @Test
    void readsSemicolonDelimitedFiles() {
        CsvColumns columns = CsvColumns.builder().delimiter(';').valueSeparator(',').build();
        Snapshot s = Snapshot.of("First Name;Last Name;Email;Role;Status;Campaigns\nAna;Reyes;ana@example.com;Admin,Owner;Active;X\n", columns);
        assertThat(s.users()).singleElement().satisfies(u -> assertThat(u.roles()).containsExactly("Admin", "Owner"));
    }

    @Test
    void problemsAreReadProblemsOnThePages() {
        Snapshot s = Snapshot.of(HEADER + "x,y,z,,,\n");
        assertThat(s.problems()).containsExactly(new ReadProblem("line 2", s.problems().get(0).message()));
    }
}
