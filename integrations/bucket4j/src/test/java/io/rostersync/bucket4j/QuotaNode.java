package io.rostersync.bucket4j;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node, run in a child JVM by the tests: its own pool, its own budgets, its own HTTP settings and
 * clients; nothing shared with the other nodes but PostgreSQL and the emulator. Prints {@code READY}, waits
 * for {@code GO} on standard input, works, prints {@code RESULT ...} and exits.
 *
 * <ul>
 * <li>{@code hammer <jdbcUrl> <lock> <key> <permits> <attempts> <threads>}: tries {@code attempts} permits of a
 *     budget of {@code permits} an hour that never waits; prints {@code RESULT <granted> <refused>}.</li>
 * <li>{@code sync <jdbcUrl|-> <baseUri> <shared|local> <permits> <periodMillis> <tenants> <pageSize> <warmUpUri>}: syncs
 *     {@code tenants} tenants of one Zendesk account at once, each a full read into a host directory of its
 *     own, through the shared budget or a limiter of this JVM alone; prints
 *     {@code RESULT <succeeded> <failed> <users>}. Before READY it syncs each tenant once from the
 *     emulator at {@code warmUpUri}, without a budget.</li>
 * </ul>
 */
public final class QuotaNode {

    private QuotaNode() {
    }

    public static void main(String[] args) throws Exception {
        String result = switch (args[0]) {
            case "hammer" -> hammer(args);
            case "sync" -> sync(args);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        System.out.println("RESULT " + result);
        System.out.flush();
        System.exit(0);
    }

    private static void awaitGo() throws Exception {
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (!"GO".equals(line)) {
            throw new IllegalStateException("expected GO, got " + line);
        }
    }

    private static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    private static String hammer(String[] args) throws Exception {
        String jdbcUrl = args[1];
        PostgresRequestBudgets.Lock lock = PostgresRequestBudgets.Lock.valueOf(args[2]);
        String key = args[3];
        int permits = Integer.parseInt(args[4]);
        int attempts = Integer.parseInt(args[5]);
        int threads = Integer.parseInt(args[6]);
        try (HikariDataSource pool = pool(jdbcUrl, threads)) {
            RequestBudget budget = PostgresRequestBudgets.builder(pool).lock(lock).build()
                    .budget(key, new RateLimit(key, permits, Duration.ofHours(1), Duration.ZERO));
            AtomicInteger granted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger left = new AtomicInteger(attempts);
            awaitGo();
            ExecutorService workers = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(workers.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        try {
                            budget.acquire("zendesk");
                            granted.incrementAndGet();
                        } catch (RateLimitedException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            workers.shutdown();
            return granted.get() + " " + refused.get();
        }
    }

    private static SyncRunner tenant(URI baseUri, int pageSize, HttpSettings settings, String id, InMemoryUserDirectory host) {
        ZendeskDirectory zendesk = ZendeskDirectory.builder().subdomain("emulator").baseUriForTesting(baseUri)
                .apiToken("admin@emulator.zendesk.test", Secret.of("emulator-api-token"))
                .readOnly().pageSize(pageSize).withoutClientRateLimits().http(settings).build();
        return SyncRunner.builder().syncId(SyncId.of(id)).source(zendesk).target(host).policy(SyncPolicy.builder().build())
                .stateStore(new InMemorySyncStateStore()).build();
    }

    private static String sync(String[] args) throws Exception {
        String jdbcUrl = args[1];
        URI baseUri = URI.create(args[2]);
        boolean shared = args[3].equals("shared");
        int permits = Integer.parseInt(args[4]);
        Duration period = Duration.ofMillis(Long.parseLong(args[5]));
        int tenants = Integer.parseInt(args[6]);
        int pageSize = Integer.parseInt(args[7]);
        RateLimit accountLimit = new RateLimit("zendesk:emulator", permits, period, Duration.ofMinutes(1));
        HttpSettings.Builder http = HttpSettings.builder().requestTimeout(Duration.ofSeconds(10));
        HikariDataSource pool = null;
        if (shared) {
            pool = pool(jdbcUrl, tenants);
            // A request may take a few hundred ms from permit to emulator on a loaded 2-core machine.
            http.requestBudget(PostgresRequestBudgets.builder(pool).boundaryGuard(Duration.ofMillis(400)).build()
                    .budget("zendesk:emulator", accountLimit));
        } else {
            http.rateLimit(accountLimit);
        }
        HttpSettings settings = http.build();
        // The same code paths, budget included, on a key of this node's own with room to spare.
        RateLimit roomy = new RateLimit("warm-up", 10_000, period, Duration.ofMinutes(1));
        HttpSettings warmUpSettings = shared
                ? HttpSettings.builder().requestBudget(PostgresRequestBudgets.builder(pool).build()
                        .budget("warm-up:" + ProcessHandle.current().pid(), roomy)).build()
                : HttpSettings.builder().rateLimit(roomy).build();
        ExecutorService workers = Executors.newFixedThreadPool(tenants);
        // Warm-up on another emulator without a limit or budget, so that class loading and the first compiles
        // do not sit between a permit and its request in the measured run.
        List<Future<SyncReport>> warmUp = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            SyncRunner runner = tenant(URI.create(args[8]), pageSize, warmUpSettings, "warm-up-" + t,
                    InMemoryUserDirectory.create("warm-up-" + t));
            warmUp.add(workers.submit(() -> runner.run(RunOptions.defaults())));
        }
        for (Future<SyncReport> f : warmUp) {
            f.get();
        }
        List<SyncRunner> runners = new ArrayList<>();
        List<InMemoryUserDirectory> hosts = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            InMemoryUserDirectory host = InMemoryUserDirectory.create("host-" + t);
            hosts.add(host);
            runners.add(tenant(baseUri, pageSize, settings, "tenant-" + t, host));
        }
        awaitGo();
        List<Future<SyncReport>> reports = new ArrayList<>();
        for (SyncRunner runner : runners) {
            reports.add(workers.submit(() -> runner.run(RunOptions.defaults())));
        }
        int succeeded = 0;
        int failed = 0;
        for (Future<SyncReport> f : reports) {
            SyncReport report = f.get();
            if (report.status() == RunStatus.SUCCEEDED) {
                succeeded++;
            } else {
                failed++;
                System.err.println("sync failed: " + report);
            }
        }
        workers.shutdown();
        int users = hosts.stream().mapToInt(h -> h.all().size()).sum();
        if (pool != null) {
            pool.close();
        }
        return succeeded + " " + failed + " " + users;
    }
}
