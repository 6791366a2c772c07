package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportTest {

    private static UserProfile.Builder person(String email) {
        return UserProfile.builder().email(email).firstName("Ana").lastName("Reyes");
    }

    private static String export(CsvExport export, List<UserRecord> records) {
        StringWriter out = new StringWriter();
        export.writeRecords(records, out);
        return out.toString();
    }

    @Test
    void theTemplateHasOnlyTheHeaderRow() {
        StringWriter out = new StringWriter();
        CsvExport.defaults().writeTemplate(out);
        assertThat(out).hasToString("First Name,Last Name,Email,Role,Status,Campaigns\r\n");
    }

    @Test
    void theTemplateFollowsTheMapping() {
        CsvColumns columns = CsvColumns.builder().header(CsvField.ID, "Employee ID").header(CsvField.GROUPS, "Campaign Access")
                .attribute("site", "Site").build();
        StringWriter out = new StringWriter();
        CsvExport.of(columns).writeTemplate(out);
        assertThat(out).hasToString("Employee ID,First Name,Last Name,Email,Role,Status,Campaign Access,Site\r\n");
    }

    @Test
    void aTemplateReadsAsAnEmptyTeam() {
        StringWriter out = new StringWriter();
        CsvExport.defaults().writeTemplate(out);
        Snapshot s = Snapshot.of(out.toString());
        assertThat(s.users()).isEmpty();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void exportedMembersReadBackToTheSameProfiles() {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("host");
        source.add(person("ana@example.com").role("Owner").role("Recruiter").group("Manila, BPO").group("Cebu \"Voice\"").build());
        source.add(UserProfile.builder().email("ben@example.com").firstName("Ben").lastName("O'Neil\nJr").status(UserStatus.INACTIVE).build());
        source.add(UserProfile.builder().email("cy@example.com").firstName("=cmd|' /C calc'!A0").lastName("-Tan")
                .status(UserStatus.PENDING).role("@admin").build());
        source.add(UserProfile.builder().email("dee@example.com").firstName("Dée").lastName("+Ünal").status(UserStatus.SUSPENDED).build());
        StringWriter out = new StringWriter();

        CsvExport.Result result = CsvExport.defaults().writeMembers(source, out);

        assertThat(result.rows()).isEqualTo(4);
        assertThat(result.skipped()).isEmpty();
        Snapshot back = Snapshot.of(out.toString());
        assertThat(back.problems()).isEmpty();
        assertThat(back.users()).extracting(UserRecord::profile)
                .containsExactlyInAnyOrderElementsOf(source.all().stream().map(UserRecord::profile).toList());
    }

    @Test
    void exportedAttributesAndIdsReadBackTheSame() {
        CsvColumns columns = CsvColumns.builder().header(CsvField.ID, "Id").header(CsvField.USERNAME, "Login")
                .attribute("employeeNumber", "Employee No").build();
        List<UserRecord> records = List.of(
                UserRecord.of("17", person("ana@example.com").username("areyes").attribute("employeeNumber", "-0042").build()),
                UserRecord.of("18", person("ben@example.com").build()));

        Snapshot back = Snapshot.of(export(CsvExport.of(columns), records), columns);

        assertThat(back.problems()).isEmpty();
        assertThat(back.users()).isEqualTo(records);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void neutralisesFormulaInjectionForEachLeadingCharacter(String trigger) {
        UserRecord r = UserRecord.of("x", person("ana@example.com").attribute("note", trigger + "HYPERLINK(\"http://evil\")").build());
        CsvColumns columns = CsvColumns.builder().attribute("note", "Note").build();

        String csv = export(CsvExport.of(columns), List.of(r));

        String dataRow = csv.substring(csv.indexOf("\r\n") + 2);
        String noteCell = dataRow.substring(dataRow.lastIndexOf(',') + 1).strip();
        // A value made of a formula trigger then text gets a leading '; leading whitespace (tab, CR) is
        // trimmed instead, as reading trims it anyway, so no cell starts with a trigger either way.
        assertThat(noteCell).as("the note cell as written").matches(trigger.isBlank() ? "(?s)\"?HYPERLINK.*" : "(?s)\"?'.*");
        assertThat(dataRow).doesNotContain("," + trigger + "HYPERLINK").doesNotContain(",\"" + trigger + "HYPERLINK");
        assertThat(Snapshot.of(csv, columns).users()).singleElement()
                .satisfies(u -> assertThat(u.attribute("note")).hasValue((trigger + "HYPERLINK(\"http://evil\")").strip()));
    }

    @Test
    void neutralisesEveryKindOfCellNotOnlyAttributes() {
        UserRecord r = UserRecord.of("x", UserProfile.builder().email("ana@example.com").firstName("=1+1").lastName("@SUM(A1)")
                .role("-2").group("+3").build());
        String csv = export(CsvExport.defaults(), List.of(r));
        assertThat(csv).endsWith("'=1+1,'@SUM(A1),ana@example.com,'-2,Active,'+3\r\n");
    }

    @Test
    void writesAByteOrderMarkOnlyWhenAsked() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream excel = new ByteArrayOutputStream();
        CsvExport.defaults().writeTemplate(plain);
        CsvExport.defaults().withBom(true).writeTemplate(excel);

        assertThat(plain.toByteArray()).startsWith("First".getBytes(StandardCharsets.UTF_8));
        assertThat(excel.toByteArray()).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(excel.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\uFEFF" + new String(plain.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void writesUtf8ToStreamsAndFiles(@TempDir Path dir) throws Exception {
        List<UserRecord> records = List.of(UserRecord.of("x", UserProfile.builder().email("jose@example.com").firstName("José").build()));
        Path file = dir.resolve("members.csv");

        assertThat(CsvExport.defaults().withBom(true).writeRecords(records, file)).isEqualTo(1);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("José");
        assertThat(Snapshot.of(CsvUserDirectory.readOnly(file)).users()).extracting(UserRecord::firstName).containsExactly("José");
    }

    @Test
    void listsRecordsTheDirectoryCouldNotRead() {
        CsvUserDirectory broken = CsvUserDirectory.readOnly(CsvInput.text(
                "First Name,Last Name,Email,Role,Status,Campaigns\nA,B,a@example.com,,,\nC,D,bad,,,\n"));
        CsvExport.Result r = CsvExport.defaults().writeMembers(broken, new StringWriter());
        assertThat(r.rows()).isEqualTo(1);
        assertThat(r.skipped()).extracting(p -> p.location()).containsExactly("line 3");
    }
}
