package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.csv.internal.CsvRowReader;
import io.rostersync.spi.ReadProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Problems are reported at the physical line their row starts on (1-based, the header is line 1, every
 * line end inside a quoted cell counted, whatever its kind), and a row that is wrong, an oversized cell
 * included, ends where it really ends, so every later row keeps its real line.
 */
@Timeout(120)
class CsvLineNumbersTest {

    private static final String HEADER = "First Name,Last Name,Email,Role,Status,Campaigns\n";
    private static final int OVER = CsvRowReader.MAX_CELL_CHARS + 1;

    @Test
    void anOversizedCellIsReportedAtItsRowAndTheRowsAfterItKeepTheirLines() {
        int embedded = 400_000; // "ab\n" x 400,000: 1.2 M characters over 400,001 lines
        String csv = HEADER                                                      // line 1
                + "Ana,Reyes,ana@example.com,,Active,\n"                         // 2
                + "Ben," + "x".repeat(OVER) + ",ben@example.com,,Active,\n"      // 3
                + "Bad,Email,not-an-email,,Active,\n"                            // 4
                + "Cy,Tan,cy@example.com,,Active,\n"                             // 5
                + "Dee,\"" + "ab\n".repeat(embedded) + "\",dee@example.com,,Active,\n" // 6 .. 6 + 400,000
                + "Also,Bad,still-not-an-email,,Active,\n"                       // 400,007
                + "Eve,Lim,eve@example.com,,Active,\n";                          // 400,008

        Snapshot s = Snapshot.of(csv);

        assertThat(s.emails()).containsExactly("ana@example.com", "cy@example.com", "eve@example.com");
        assertThat(s.locations()).containsExactly("line 3", "line 4", "line 6", "line " + (7 + embedded));
        assertThat(s.problems().get(0).message()).contains("longer than " + CsvRowReader.MAX_CELL_CHARS);
        assertThat(s.problems().get(2).message()).contains("longer than");
        assertThat(s.problems().get(3).message()).contains("not a valid email");
    }

    @Test
    void anOversizedQuotedCellLeftOpenStopsTheReadAtItsOwnLine() {
        Snapshot s = Snapshot.of(HEADER + "Ana,Reyes,ana@example.com,,Active,\n"
                + "Ben,\"" + "y\r\n".repeat(OVER / 3 + 1) + ",ben@example.com,,Active,\n");

        assertThat(s.emails()).containsExactly("ana@example.com");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 3");
            assertThat(p.message()).contains("closing quote").contains("rest of the file was not read");
        });
    }

    /**
     * Quoted cells with CRLF line ends, short (1 to 300 lines) and longer than Jackson's 64 K text segments at
     * every alignment, each row followed by a bad one: every bad row is at its real line. Jackson alone
     * counts a CRLF twice when its CR ends a text segment ({@link JacksonCsvParserLimitsTest}); before the
     * reader corrected that, bad rows after such a cell were reported one line late, then more.
     */
    @Test
    void rowsAfterLongQuotedCellsWithCrLfLineEndsKeepTheirRealLines() {
        List<String> cells = new ArrayList<>();
        for (int k = 1; k <= 300; k++) {
            cells.add("a\r\n".repeat(k));
        }
        for (int shift = 0; shift < 3; shift++) {
            for (int k : new int[] {25_000, 40_000, 55_000}) {
                cells.add("b".repeat(shift) + "a\r\n".repeat(k));
            }
        }
        StringBuilder csv = new StringBuilder(HEADER);
        List<String> expected = new ArrayList<>();
        int line = 2;
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            csv.append('"').append(cell).append("\",Last,u").append(i).append("@example.com,,Active,\r\n");
            line += cell.split("\r\n", -1).length;
            csv.append("Bad,Row,bad-").append(i).append(",,Active,\r\n");
            expected.add("line " + line);
            line++;
        }

        Snapshot s = Snapshot.of(csv.toString());

        assertThat(s.users()).hasSize(cells.size());
        assertThat(s.locations()).isEqualTo(expected);
    }

    @Test
    void textAfterAClosingQuoteMakesItsRowAProblemAndLaterRowsKeepTheirLines() {
        Snapshot s = Snapshot.of(HEADER                                              // line 1
                + "\"Multi\r\nLine\"junk,Name,multi@example.com,,Active,\n"      // 2-3
                + "Bad,Email,not-an-email,,Active,\n"                                // 4
                + "\"Two\r\nlines \"quoted\" inside\",Name,john@example.com,,Active,\n" // 5-6
                + "Cy,Tan,cy@example.com,,Active,\n"                                 // 7
                + "Bad,Again,nope,,Active,\n");                                      // 8

        assertThat(s.emails()).containsExactly("cy@example.com");
        assertThat(s.locations()).containsExactly("line 2", "line 4", "line 5", "line 8");
        assertThat(s.problems().get(0).message()).contains("after the closing quote").contains("line 2")
                .doesNotContain("junk").doesNotContain("'j'");
        assertThat(s.problems().get(2).message()).contains("after the closing quote").contains("line 5");
    }

    @Test
    void aCellPastWhatTheParserHoldsStopsTheReadAtItsRow() {
        Snapshot s = Snapshot.of(HEADER + "Ana,Reyes,ana@example.com,,Active,\n"
                + "Multi,\"x\ny\",multi@example.com,,Active,\n"
                + "Ben,\"" + "z\n".repeat(CsvRowReader.PARSER_CELL_CHARS / 2 + 1) + "\",ben@example.com,,Active,\n"
                + "Cy,Tan,cy@example.com,,Active,\n");

        assertThat(s.emails()).containsExactly("ana@example.com", "multi@example.com");
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("line 5");
            assertThat(p.message()).contains("longer than " + CsvRowReader.PARSER_CELL_CHARS)
                    .contains("rest of the file was not read");
        });
    }

    /**
     * Seeded files with every kind of line end between rows and inside quoted cells, and bad rows at
     * random: each problem is at the line its row starts on, computed independently while writing.
     */
    @Test
    void problemsAreAtTheRealStartLineOfTheirRowWhateverTheLineEnds() {
        Random random = new Random(0x11_7E5L);
        String[] ends = {"\n", "\r\n", "\r"};
        int files = 300;
        int checkedProblems = 0;
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder("First Name,Last Name,Email,Role,Status,Campaigns")
                    .append(ends[random.nextInt(3)]);
            int line = 2;
            List<String> expected = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            int rows = 1 + random.nextInt(25);
            for (int r = 0; r < rows; r++) {
                int start = line;
                StringBuilder name = new StringBuilder("N" + r);
                int breaks = random.nextInt(4);
                for (int b = 0; b < breaks; b++) {
                    name.append(ends[random.nextInt(3)]).append("more \"\"quoted\"\" ").append(b);
                    line++;
                }
                boolean bad = random.nextInt(4) == 0;
                String email = bad ? "broken-" + r : "u" + r + "@example.com";
                csv.append(breaks > 0 ? "\"" + name + "\"" : name).append(",Last,").append(email).append(",,Active,");
                String end = ends[random.nextInt(3)];
                csv.append(end);
                line++;
                if (bad) {
                    expected.add("line " + start);
                } else {
                    emails.add(email);
                }
                if (random.nextInt(10) == 0) {
                    // A blank line, skipped but counted; after a lone CR it cannot start with LF (that would be one CRLF).
                    csv.append(end.equals("\r") ? ends[1 + random.nextInt(2)] : ends[random.nextInt(3)]);
                    line++;
                }
            }
            Snapshot s = Snapshot.of(csv.toString());
            assertThat(s.locations()).as("file %d:\n%s", f, csv).isEqualTo(expected);
            assertThat(s.emails()).as("file %d", f).isEqualTo(emails);
            assertThat(s.problems()).extracting(ReadProblem::message).allMatch(m -> m.contains("email"));
            checkedProblems += expected.size();
        }
        assertThat(checkedProblems).as("the generator made bad rows").isGreaterThan(files);
    }
}
