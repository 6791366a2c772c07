package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Export then import gives back the same profiles, for seeded hostile values: formula triggers
 * ({@code = + - @}, tab, CR), quotes, apostrophes (a real leading {@code '} included, before a trigger or
 * another {@code '}), delimiters, line ends, non-ASCII text. And no cell of the written file starts with a
 * formula trigger, as written or trimmed. Before, a value such as {@code '=1} came back as {@code =1}.
 */
class CsvRoundTripPropertyTest {

    private static final long SEED = 0xC5F_A905L;
    private static final int CASES = 2_000;
    private static final String[] PIECES = {"=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "\"", "'", "''", ",", ";",
            " ", "é", "Zoë", "日本", "😀", "a", "Bob", "SUM(A1)", "|", "\u00a0", "cmd|' /C calc'!A0"};
    private static final CsvColumns COLUMNS = CsvColumns.builder().attribute("note", "Note").attribute("badge", "Badge")
            .optional(CsvField.ROLES).optional(CsvField.GROUPS).build();

    private static String hostile(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    @Test
    void exportedHostileValuesReadBackTheSameAndNoCellRunsAsAFormula() {
        Random random = new Random(SEED);
        List<UserRecord> records = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            UserProfile.Builder p = UserProfile.builder().email("u" + i + "@example.com")
                    .firstName(hostile(random)).lastName(hostile(random));
            // Reading trims every cell, so values are compared trimmed (Cells' own property covers the rest).
            String note = hostile(random).strip();
            if (!note.isEmpty()) {
                p.attribute("note", note);
            }
            String badge = ("'" + hostile(random)).strip();
            if (!badge.isEmpty()) {
                p.attribute("badge", badge);
            }
            records.add(UserRecord.of("u" + i + "@example.com", p.build()));
        }
        StringWriter out = new StringWriter();

        CsvExport.of(COLUMNS).writeRecords(records, out);

        Snapshot back = Snapshot.of(out.toString(), COLUMNS);
        assertThat(back.problems()).isEmpty();
        for (int i = 0; i < CASES; i++) {
            assertThat(back.users().get(i).profile()).as("record %d (seed %d)", i, SEED).isEqualTo(records.get(i).profile());
        }
        for (String cell : cellsOf(out.toString())) {
            String trimmed = cell.strip();
            assertThat(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0).as("cell %s", cell).isTrue();
            assertThat(trimmed.isEmpty() || "=+-@".indexOf(trimmed.charAt(0)) < 0).as("cell %s", cell).isTrue();
        }
    }

    @Test
    void aRealLeadingApostropheSurvivesTheRoundTrip() {
        List<String> values = List.of("'=1+1", "''=x", "'", "''", "'quoted'", "O'Neil", "'+44 20 7946 0000", "'@home", "'-");
        List<UserRecord> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(UserRecord.of("a" + i + "@example.com", UserProfile.builder().email("a" + i + "@example.com")
                    .firstName(values.get(i)).attribute("note", values.get(i)).build()));
        }
        StringWriter out = new StringWriter();
        CsvExport.of(COLUMNS).writeRecords(records, out);

        Snapshot back = Snapshot.of(out.toString(), COLUMNS);

        assertThat(back.users()).extracting(u -> u.profile().firstName()).containsExactlyElementsOf(values);
        assertThat(back.users()).extracting(u -> u.attribute("note").orElseThrow()).containsExactlyElementsOf(values);
        assertThat(out.toString()).contains("\r\n''=1+1,").contains("\r\n'''=x,").contains("\r\n'quoted',");
    }

    /** Every cell of a CSV text as written (quotes removed), by a small independent splitter. */
    private static List<String> cellsOf(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
