package io.rostersync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.csv.CsvExport;
import io.rostersync.csv.CsvInput;
import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of the CSV reader: exports of generated rosters, mutated byte by byte (quotes,
 * delimiters, line breaks, NULs, invalid UTF-8, byte order marks), line by line (dropped, duplicated,
 * swapped, header lost) and by truncation. Every case ends in records and read problems or a
 * {@link RosterSyncException}; every 50th also runs a sync into a previously synced target, which a
 * read with problems may not deprovision from. Case count as in {@link VendorJsonFuzzTest}.
 */
@Timeout(900)
class CsvFuzzTest {

    private static final byte[] NOISE = "\",;\r\n\t =+-@\\'ab1".getBytes(StandardCharsets.UTF_8);

    @Test
    void mutatedCsvFilesEndInRecordsOrTypedErrors() {
        InMemoryUserDirectory people = InMemoryUserDirectory.create("people");
        new RosterGenerator(VendorJsonFuzzTest.SEED).profiles(25).forEach(people::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvExport.defaults().writeRecords(people.all(), out);
        byte[] seed = out.toByteArray();

        InMemoryUserDirectory target = InMemoryUserDirectory.create("team");
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        byte[][] current = {seed};
        CsvInput input = () -> CsvInput.bytes(current[0]).open();
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("csv-fuzz")).source(CsvUserDirectory.readOnly(input)).target(target)
                .policy(SyncPolicy.builder().build()).stateStore(store).build();
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);

        int values = 0;
        int withProblems = 0;
        int syncRuns = 0;
        Map<String, Integer> typed = new TreeMap<>();
        List<String> untyped = new ArrayList<>();
        for (int i = 0; i < VendorJsonFuzzTest.CASES; i++) {
            long caseSeed = VendorJsonFuzzTest.SEED * 1_000_003L + i;
            Random random = new Random(caseSeed);
            current[0] = mutate(seed, random);
            try {
                if (i % 50 == 49) {
                    syncRuns++;
                    checkSync(caseSeed, runner, target);
                } else {
                    int problems = drain(CsvUserDirectory.readOnly(CsvInput.bytes(current[0])).readAll());
                    withProblems += problems > 0 ? 1 : 0;
                }
                values++;
            } catch (RosterSyncException e) {
                typed.merge(e.getClass().getSimpleName() + "(" + e.kind() + ")", 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError e) {
                if (untyped.size() < 10) {
                    untyped.add("case seed " + caseSeed + ": " + e + " at " + Arrays.stream(e.getStackTrace())
                            .filter(f -> f.getClassName().startsWith("io.rostersync")).limit(6).map(String::valueOf)
                            .collect(Collectors.joining(" < ")));
                }
            }
        }
        int typedTotal = typed.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("| csv file | " + VendorJsonFuzzTest.CASES + " | " + values + " (" + withProblems + " with read problems) | "
                + typedTotal + " " + typed + " | " + (VendorJsonFuzzTest.CASES - values - typedTotal) + " | " + syncRuns + " |");
        assertThat(untyped).as("CSV cases that ended in an untyped exception").isEmpty();
    }

    private static void checkSync(long caseSeed, SyncRunner runner, InMemoryUserDirectory target) {
        Map<NativeId, UserStatus> before = new HashMap<>();
        target.all().forEach(r -> before.put(r.id(), r.profile().status()));
        int writes = target.writeCount();
        SyncReport report;
        try {
            report = runner.run(RunOptions.defaults());
        } catch (RosterSyncException e) {
            assertThat(target.writeCount()).as("csv case " + caseSeed + ": a run that threw wrote").isEqualTo(writes);
            throw e;
        }
        if (report.status() == RunStatus.FAILED || report.status() == RunStatus.REFUSED_BY_GUARD) {
            assertThat(target.writeCount()).as("csv case " + caseSeed + ": " + report.status() + " but written").isEqualTo(writes);
        }
        if (!report.readProblems().isEmpty()) {
            Map<NativeId, UserStatus> after = new HashMap<>();
            target.all().forEach(r -> after.put(r.id(), r.profile().status()));
            before.forEach((id, status) -> {
                assertThat(after).as("csv case " + caseSeed + ": " + id + " deleted despite read problems").containsKey(id);
                if (status == UserStatus.ACTIVE) {
                    assertThat(after.get(id)).as("csv case " + caseSeed + ": " + id + " deprovisioned despite read problems")
                            .isEqualTo(UserStatus.ACTIVE);
                }
            });
        }
    }

    private static int drain(UserPages pages) {
        int problems = 0;
        try (pages) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                problems += p.get().problems().size();
            }
        }
        return problems;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        switch (random.nextInt(9)) {
            case 0: { // delete bytes
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int at = random.nextInt(seed.length);
                int len = 1 + random.nextInt(5);
                b.write(seed, 0, at);
                b.write(seed, Math.min(seed.length, at + len), Math.max(0, seed.length - at - len));
                return b.toByteArray();
            }
            case 1: { // insert structural noise
                byte[] copy = Arrays.copyOf(seed, seed.length + 3);
                for (int k = 0; k < 3; k++) {
                    int at = random.nextInt(seed.length + k);
                    System.arraycopy(copy, at, copy, at + 1, seed.length + k - at);
                    copy[at] = NOISE[random.nextInt(NOISE.length)];
                }
                return copy;
            }
            case 2: // truncate
                return Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 3: { // invalid UTF-8, NUL, BOM in the middle
                byte[] copy = seed.clone();
                byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFE}, {0}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}};
                byte[] pick = bad[random.nextInt(bad.length)];
                int at = random.nextInt(copy.length - pick.length);
                System.arraycopy(pick, 0, copy, at, pick.length);
                return copy;
            }
            default:
                return lines(new String(seed, StandardCharsets.UTF_8), random).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String lines(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int pick = random.nextInt(lines.size());
        switch (random.nextInt(6)) {
            case 0:
                lines.remove(pick);
                break;
            case 1:
                lines.add(pick, lines.get(random.nextInt(lines.size())));
                break;
            case 2:
                lines.set(pick, lines.get(pick) + ",extra,\"cells\"");
                break;
            case 3:
                lines.set(pick, "\"" + lines.get(pick)); // an unclosed quote swallows the rest
                break;
            case 4:
                lines.set(pick, lines.get(pick).replace(",", random.nextBoolean() ? ";" : ",,"));
                break;
            default:
                lines.set(pick, "=HYPERLINK(\"http://evil.example\")," + "x".repeat(random.nextInt(100_000)));
                break;
        }
        return String.join("\n", lines);
    }
}
