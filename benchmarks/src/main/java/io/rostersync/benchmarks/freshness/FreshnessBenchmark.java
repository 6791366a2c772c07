package io.rostersync.benchmarks.freshness;

import io.rostersync.jdbc.nodes.WriteRecordingDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UserHints;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Freshness of real-time changes (issue 19): from the moment a vendor emulator commits a change to the moment
 * the host directory stores it, through the vendor's events, the host's receiver, {@link UserHints} with its
 * default window and the named syncs (or, for a flood, an incremental run) of {@link SyncRunner}.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.freshness.FreshnessBenchmark \
 *     [--source zendesk|salesforce-cdc] [--changes 1000] [--users 1000] [--rate 4] [--burst 250] [--latency-ms 20] [--seed 19]
 * </pre>
 *
 * The emulator answers every request {@code --latency-ms} late and enforces the vendor's limits; the host is an
 * in-memory directory behind a recording wrapper that timestamps each stored account. Changes (renames, role
 * changes, deactivations, reactivations and creates, chosen by a seeded random) arrive as a Poisson stream of
 * {@code --rate} a second, with one burst of {@code --burst} changes at once (a mass edit) a third of the way in.
 * A user gets a new change only once its previous one reached the host, so every latency is that of one change.
 * Deletions are left out: a Zendesk soft delete is not found by a named sync and waits for the scheduled run.
 */
public final class FreshnessBenchmark {

    /** One change, from its commit in the vendor to its write in the host. */
    private record Change(int n, FreshnessSource.Kind kind, String email, String value, boolean burst, long committedNanos) {
        boolean shownBy(UserRecord r) {
            return switch (kind) {
                case CREATE, REACTIVATE -> !r.status().isDisabled();
                // Zendesk renames the whole name; Salesforce's admin rename sets LastName to the value.
                case RENAME -> (r.firstName().strip() + " " + r.lastName().strip()).strip().equals(value)
                        || r.lastName().strip().equals(value);
                case ROLE_CHANGE -> r.roles().contains(value);
                case DEACTIVATE -> r.status().isDisabled();
            };
        }
    }

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String sourceName = opts.getOrDefault("source", "zendesk");
        int total = Integer.parseInt(opts.getOrDefault("changes", "1000"));
        int users = Integer.parseInt(opts.getOrDefault("users", "1000"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "4"));
        int burst = Integer.parseInt(opts.getOrDefault("burst", "250"));
        Duration latency = Duration.ofMillis(Long.parseLong(opts.getOrDefault("latency-ms", "20")));
        long seed = Long.parseLong(opts.getOrDefault("seed", "19"));
        if (burst > total) {
            throw new IllegalArgumentException("--burst (" + burst + ") is more than --changes (" + total + ")");
        }
        try (FreshnessSource source = source(sourceName)) {
            run(source, total, users, rate, burst, latency, seed);
        }
    }

    private static FreshnessSource source(String name) {
        return switch (name) {
            case "zendesk" -> new ZendeskWebhooksFreshness();
            case "salesforce-cdc" -> new SalesforceCdcFreshness();
            default -> throw new IllegalArgumentException("unknown --source '" + name + "': zendesk or salesforce-cdc");
        };
    }

    private static void run(FreshnessSource source, int total, int users, double rate, int burst, Duration latency, long seed) throws Exception {
        System.out.printf(Locale.ROOT, "Freshness: %s, %,d changes (%,d of them in one burst, the rest about %.1f a second), "
                        + "%,d users, %d ms latency per response, java %s, %d cpus, load %s%n",
                source.describe(), total, burst, rate, users, latency.toMillis(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), load());
        List<String> staff = new ArrayList<>(source.start(latency, users, seed));

        Map<String, Change> pending = new ConcurrentHashMap<>();
        List<long[]> done = new CopyOnWriteArrayList<>(); // {change number, latency nanos, burst 0/1, kind ordinal}
        InMemoryUserDirectory store = InMemoryUserDirectory.create("host");
        WriteRecordingDirectory host = new WriteRecordingDirectory(store, written -> {
            long now = System.nanoTime();
            Change c = pending.get(written.label());
            if (c != null && c.shownBy(written) && pending.remove(written.label(), c)) {
                done.add(new long[] {c.n(), now - c.committedNanos(), c.burst() ? 1 : 0, c.kind().ordinal()});
            }
        });
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("freshness")).source(source.directory()).target(host)
                .policy(source.policy()).stateStore(new InMemorySyncStateStore()).build();
        long t0 = System.nanoTime();
        SyncReport first = runner.run(RunOptions.defaults());
        if (first.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("the first full run did not succeed: " + first.summary());
        }
        System.out.printf(Locale.ROOT, "first full run: %,d host accounts in %.1f s, %,d requests%n", store.size(),
                (System.nanoTime() - t0) / 1e9, source.requests());
        int requestsBefore = source.requests();
        int limitedBefore = source.rateLimited();

        Map<UserHints.FlushKind, Integer> flushes = new EnumMap<>(UserHints.FlushKind.class);
        List<Integer> namedSizes = new CopyOnWriteArrayList<>();
        UserHints hints = UserHints.builder().runner(runner).onFlush(f -> {
            synchronized (flushes) {
                flushes.merge(f.kind(), 1, Integer::sum);
            }
            if (f.kind() == UserHints.FlushKind.NAMED) {
                namedSizes.add(f.users().size());
            }
        }).build();
        source.connect(hints);

        Random random = new Random(seed);
        Set<String> deactivated = new HashSet<>();
        Map<String, String> roles = new HashMap<>();
        staff.forEach(e -> roles.put(e, source.role(e)));
        int burstAt = total / 3;
        long start = System.nanoTime();
        long next = start;
        int made = 0;
        while (made < total) {
            boolean inBurst = made >= burstAt && made < burstAt + burst;
            if (!inBurst) {
                next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            Change c = pick(random, source, staff, deactivated, roles, pending, made, inBurst);
            // Timed from just before the emulator's call; once it returns the change is committed and its event queued.
            long before = System.nanoTime();
            source.apply(c.kind(), c.email(), c.value());
            pending.put(c.email(), new Change(c.n(), c.kind(), c.email(), c.value(), inBurst, before));
            made++;
        }
        long issued = System.nanoTime();
        long deadline = issued + TimeUnit.SECONDS.toNanos(120);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long end = System.nanoTime();
        hints.close();

        print(done, pending.size(), total, (issued - start) / 1e9, (end - start) / 1e9);
        System.out.printf(Locale.ROOT, "flushes: %s; named syncs of %s users on average (max %d)%n", flushes,
                namedSizes.isEmpty() ? "0" : String.format(Locale.ROOT, "%.1f", namedSizes.stream().mapToInt(Integer::intValue).average().orElse(0)),
                namedSizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        System.out.printf(Locale.ROOT, "vendor requests during the changes: %,d (%,d refused 429 by the rate limit); %s%n",
                source.requests() - requestsBefore, source.rateLimited() - limitedBefore, source.events());
        System.out.println("by endpoint (whole run, first full run included): " + source.byEndpoint());
        System.out.println("load at the end: " + load());
    }

    /** A change to a user with no change still on its way (or a new user), of a kind that fits its state. */
    private static Change pick(Random random, FreshnessSource source, List<String> staff, Set<String> deactivated,
                               Map<String, String> roles, Map<String, Change> pending, int n, boolean burst) {
        FreshnessSource.Kind[] weighted = {
            FreshnessSource.Kind.RENAME, FreshnessSource.Kind.RENAME, FreshnessSource.Kind.RENAME, FreshnessSource.Kind.RENAME,
            FreshnessSource.Kind.ROLE_CHANGE, FreshnessSource.Kind.ROLE_CHANGE,
            FreshnessSource.Kind.DEACTIVATE, FreshnessSource.Kind.DEACTIVATE,
            FreshnessSource.Kind.REACTIVATE, FreshnessSource.Kind.CREATE,
        };
        for (int attempt = 0; attempt < 100; attempt++) {
            FreshnessSource.Kind kind = burst ? FreshnessSource.Kind.RENAME : weighted[random.nextInt(weighted.length)];
            if (!source.kinds().contains(kind)) {
                continue;
            }
            if (kind == FreshnessSource.Kind.CREATE) {
                String email = "fresh" + n + "@bench.example.test";
                staff.add(email);
                roles.put(email, "agent");
                return new Change(n, kind, email, "Fresh" + n + " Hire" + n, burst, 0);
            }
            String email = staff.get(random.nextInt(staff.size()));
            if (pending.containsKey(email)) {
                continue;
            }
            boolean off = deactivated.contains(email);
            switch (kind) {
                case RENAME, ROLE_CHANGE, DEACTIVATE -> {
                    if (off) {
                        continue;
                    }
                }
                case REACTIVATE -> {
                    if (!off) {
                        continue;
                    }
                }
                default -> { }
            }
            String value = "";
            if (kind == FreshnessSource.Kind.RENAME) {
                value = "Name" + n + " Changed" + n;
            } else if (kind == FreshnessSource.Kind.ROLE_CHANGE) {
                value = source.otherRole(roles.getOrDefault(email, "agent"));
                roles.put(email, value);
            } else if (kind == FreshnessSource.Kind.DEACTIVATE) {
                deactivated.add(email);
            } else if (kind == FreshnessSource.Kind.REACTIVATE) {
                deactivated.remove(email);
            }
            return new Change(n, kind, email, value, burst, 0);
        }
        throw new IllegalStateException("no user fits a change; seed more users (--users)");
    }

    private static void print(List<long[]> done, int unapplied, int total, double issueSeconds, double allSeconds) {
        System.out.printf(Locale.ROOT, "changes issued in %.1f s; all applied after %.1f s; %,d applied, %,d not applied within 120 s of the last%n",
                issueSeconds, allSeconds, done.size(), unapplied);
        System.out.println("| changes | n | p50 | p95 | p99 | max |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        row("all", done.stream().map(d -> d[1]).toList());
        row("steady stream", done.stream().filter(d -> d[2] == 0).map(d -> d[1]).toList());
        row("the burst", done.stream().filter(d -> d[2] == 1).map(d -> d[1]).toList());
        for (FreshnessSource.Kind k : FreshnessSource.Kind.values()) {
            row("  " + k.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (steady)",
                    done.stream().filter(d -> d[2] == 0 && d[3] == k.ordinal()).map(d -> d[1]).toList());
        }
    }

    private static void row(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.printf(Locale.ROOT, "| %s | 0 | | | | |%n", what);
            return;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |%n", what, sorted.length, ms(pct(sorted, 50)),
                ms(pct(sorted, 95)), ms(pct(sorted, 99)), ms(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%,d ms", nanos / 1_000_000);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs, got " + Arrays.toString(args));
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
