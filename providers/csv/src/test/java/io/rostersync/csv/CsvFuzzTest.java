package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing: whatever the bytes, a read ends in users plus read problems, or in a typed
 * {@link RosterSyncException}; never in an untyped exception. Failures print the seed and iteration.
 */
@Timeout(60)
class CsvFuzzTest {

    private static final long SEED = 0x5EED_C5F1L;
    private static final int RUNS = 2_500;
    private static final String[] NAMES = {"Ana", "Ben", "José", "O'Neil", "Zoë", "Li, Jr.", "\"Q\"", "=1+1", "-x", "@me", " pad "};
    private static final String[] ROLES = {"Owner", "Recruiter", "Admin;Recruiter", "Team Lead", ""};
    private static final String[] STATUSES = {"Active", "inactive", "PENDING", "Suspended", "", "On leave"};
    private static final String[] JUNK = {"\"", "\"\"", ",", ";", "\n", "\r\n", "\r", "\uFEFF", "\u0000", "'", "=", "\t", "é", "@"};

    private static final CsvColumns DEFAULTS = CsvColumns.defaults();
    private static final CsvColumns WITH_ID = CsvColumns.builder().header(CsvField.ID, "Id")
            .header(CsvField.USERNAME, "Login").attribute("site", "Site").optional(CsvField.STATUS).build();
    private static final CsvColumns SEMICOLON = CsvColumns.builder().delimiter(';').valueSeparator('|').build();

    @Test
    void randomlyMutatedFilesGiveUsersAndProblemsOrATypedError() {
        Random random = new Random(SEED);
        int typedErrors = 0;
        int withProblems = 0;
        int clean = 0;
        for (int run = 0; run < RUNS; run++) {
            CsvColumns columns = pick(random, DEFAULTS, WITH_ID, SEMICOLON);
            byte[] input = mutate(random, valid(random, columns), columns);
            try {
                Snapshot s = Snapshot.of(CsvUserDirectory.builder().input(CsvInput.bytes(input)).columns(columns)
                        .pageSize(1 + random.nextInt(7)).build());
                checkInvariants(s, run, input);
                if (s.problems().isEmpty()) {
                    clean++;
                } else {
                    withProblems++;
                }
            } catch (RosterSyncException typed) {
                assertThat(typed.kind()).isNotNull();
                typedErrors++;
            } catch (RuntimeException | Error e) {
                fail("run " + run + " (seed " + SEED + ") threw " + e + " on input:\n" + show(input), e);
            }
        }
        // The mutations must actually exercise all three outcomes.
        assertThat(clean).isPositive();
        assertThat(withProblems).isPositive();
        assertThat(typedErrors).isPositive();
    }

    @Test
    void aWritableDirectoryOverMutatedFilesNeverLosesRowsItCouldRead(@TempDir Path dir) throws Exception {
        Random random = new Random(SEED + 1);
        for (int run = 0; run < 300; run++) {
            CsvColumns columns = pick(random, DEFAULTS, WITH_ID, SEMICOLON);
            byte[] input = mutate(random, valid(random, columns), columns);
            Path file = dir.resolve("team-" + run + ".csv");
            Files.write(file, input);
            CsvUserDirectory csv = CsvUserDirectory.builder().file(file).columns(columns)
                    .writable(CsvUserDirectory.WriteBack.EACH_WRITE).build();
            try {
                Snapshot before = Snapshot.of(csv);
                WriteResult r = csv.create(UserProfile.builder().email("fuzz-new-" + run + "@example.org").firstName("New").build(),
                        CreateOptions.silent());
                if (!before.problems().isEmpty()) {
                    assertThat(r).as("run %d: a file with unreadable rows is not written", run).isInstanceOf(WriteResult.Failed.class);
                    assertThat(Files.readAllBytes(file)).isEqualTo(input);
                    continue;
                }
                assertThat(r).as("run %d", run).isInstanceOf(WriteResult.Stored.class);
                Snapshot after = Snapshot.of(CsvUserDirectory.builder().file(file).columns(columns).build());
                assertThat(after.problems()).as("run %d: the written file reads cleanly", run).isEmpty();
                assertThat(after.users()).as("run %d", run).containsAll(before.users());
                assertThat(after.users()).hasSize(before.users().size() + 1);
            } catch (RosterSyncException typed) {
                assertThat(typed.kind()).isNotNull();
            } catch (RuntimeException | Error e) {
                fail("writable run " + run + " (seed " + (SEED + 1) + ") threw " + e + " on input:\n" + show(input), e);
            }
        }
    }

    private static void checkInvariants(Snapshot s, int run, byte[] input) {
        for (ReadProblem p : s.problems()) {
            assertThat(p.location()).as("run %d location", run).matches("line [1-9][0-9]*");
            assertThat(p.message()).as("run %d message", run).isNotBlank();
        }
        List<String> ids = new ArrayList<>();
        for (UserRecord u : s.users()) {
            assertThat(u.email()).as("run %d: every user has an email", run).isPresent();
            ids.add(u.id().value());
        }
        assertThat(ids).as("run %d: ids are unique", run).doesNotHaveDuplicates();
    }

    private static byte[] valid(Random random, CsvColumns columns) {
        List<String> header = new ArrayList<>(columns.headers());
        int rows = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(4) == 0) {
            sb.append('\uFEFF');
        }
        char d = columns.delimiter();
        sb.append(String.join(String.valueOf(d), header)).append(random.nextBoolean() ? "\n" : "\r\n");
        for (int r = 0; r < rows; r++) {
            List<String> cells = new ArrayList<>();
            for (String h : header) {
                String v;
                switch (h) {
                    case "Email":
                        v = "user" + r + "@example.com";
                        break;
                    case "Id":
                        v = "id-" + r;
                        break;
                    case "Role":
                        v = ROLES[random.nextInt(ROLES.length)].replace(';', columns.valueSeparator());
                        break;
                    case "Status":
                        v = STATUSES[random.nextInt(STATUSES.length)];
                        break;
                    default:
                        v = NAMES[random.nextInt(NAMES.length)];
                }
                cells.add(quote(v, d));
            }
            sb.append(String.join(String.valueOf(d), cells)).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String v, char d) {
        if (v.indexOf(d) >= 0 || v.contains("\"") || v.contains("\n") || v.startsWith(" ")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static byte[] mutate(Random random, byte[] input, CsvColumns columns) {
        byte[] out = input;
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0:
                    out = insert(out, random.nextInt(out.length + 1), "\"".getBytes(StandardCharsets.UTF_8));
                    break;
                case 1:
                    out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                    break;
                case 2:
                    if (out.length > 0) {
                        for (int i = 0; i < 1 + random.nextInt(4); i++) {
                            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                        }
                    }
                    break;
                case 3:
                    out = swapColumns(random, out, columns.delimiter());
                    break;
                case 4:
                    out = insert(out, random.nextInt(out.length + 1),
                            JUNK[random.nextInt(JUNK.length)].getBytes(StandardCharsets.UTF_8));
                    break;
                case 5:
                    out = duplicateLine(random, out);
                    break;
                case 6:
                    if (out.length > 1) {
                        int from = random.nextInt(out.length);
                        int len = random.nextInt(Math.min(20, out.length - from) + 1);
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        b.write(out, 0, from);
                        b.write(out, from + len, out.length - from - len);
                        out = b.toByteArray();
                    }
                    break;
                default:
                    byte[] noise = new byte[1 + random.nextInt(16)];
                    random.nextBytes(noise);
                    out = insert(out, random.nextInt(out.length + 1), noise);
            }
        }
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(in, 0, at);
        b.writeBytes(what);
        b.write(in, at, in.length - at);
        return b.toByteArray();
    }

    /** Swaps two cells on every line (header included, or data only), naively by delimiter. */
    private static byte[] swapColumns(Random random, byte[] in, char delimiter) {
        String text = new String(in, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int a = random.nextInt(6);
        int b = random.nextInt(6);
        boolean headerToo = random.nextBoolean();
        for (int i = headerToo ? 0 : 1; i < lines.length; i++) {
            String[] cells = lines[i].split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
            if (a < cells.length && b < cells.length) {
                String t = cells[a];
                cells[a] = cells[b];
                cells[b] = t;
                lines[i] = String.join(String.valueOf(delimiter), cells);
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] duplicateLine(Random random, byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.size() > 1) {
            int i = 1 + random.nextInt(lines.size() - 1);
            lines.add(i, lines.get(i));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String show(byte[] input) {
        return new String(input, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n\n");
    }
}
