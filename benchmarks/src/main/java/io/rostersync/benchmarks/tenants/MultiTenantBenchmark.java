package io.rostersync.benchmarks.tenants;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.emulators.zendesk.ZendeskAccount;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.http.HttpSettings;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.plan.Plan;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.RosterGenerator;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The multi-tenant benchmark of issue 17: at least 1,000 tenants, each a Zendesk account with a few dozen
 * users on one emulator server (20 ms latency per request), synced into one host database by three node
 * JVMs over one PostgreSQL that the benchmark starts, then measured in phases:
 *
 * <ol>
 * <li>provisioning: every tenant's first run creates its users (PENDING, as seed 002 imports them);</li>
 * <li>steady state: no-change runs, every tenant once per interval; syncs per second, CPU time of the nodes,
 *     of PostgreSQL and of the emulator per sync, bytes allocated per sync, and from the state store's run
 *     history: runs per tenant against the firings due, the longest gap between a tenant's runs;</li>
 * <li>node failure: two new hires in every account, then {@code kill -9} of the last node while it holds
 *     leases; which of its syncs ran again on the other nodes and how soon, and every tenant's accounts
 *     counted in the host (none duplicated, none missing) and in the links;</li>
 * <li>memory per concurrently running sync: that many full runs held at once after planning, heap after a
 *     full GC against before.</li>
 * </ol>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.tenants.MultiTenantBenchmark --tenants 1000
 * </pre>
 *
 * Options ({@code --name value}): {@code tenants} (a comma list runs each size in turn, e.g. {@code 1000,10000};
 * default 1000), {@code users} (24), {@code latency-ms} (20), {@code nodes} (3), {@code threads} per node (8),
 * {@code interval-s} per tenant (default: tenants / 100, so 100 syncs a second are due), {@code measure-s} (60),
 * {@code engine} ({@code quartz}, or {@code threads}), {@code lease-ttl-s} (15), {@code node-heap} (512m), {@code kill}
 * ({@code true} with two or more nodes of a clustered engine; the threads engine has no failover), {@code probe} (concurrent runs for the memory probe, 50), {@code provision} ({@code sync}: every tenant's first run
 * creates its users; {@code clone}: every account holds the same roster, tenant 0 is synced and its host rows, links
 * and cursor are copied in SQL to the others, so 10,000 tenants start without 240,000 creates). Needs
 * PostgreSQL's server binaries under {@code /usr/lib/postgresql} (or {@code ROSTERSYNC_TEST_PG_URL}).
 */
public final class MultiTenantBenchmark {

    private MultiTenantBenchmark() {
    }

    record Config(int tenants, int users, Duration latency, int nodes, int threads, Duration interval, Duration measure,
                  String engine, Duration leaseTtl, String nodeHeap, boolean kill, int probe, boolean cloneProvisioning,
                  long fireAheadMillis) {

        static List<Config> of(Map<String, String> a) {
            List<Config> out = new ArrayList<>();
            for (String n : a.getOrDefault("tenants", "1000").split(",")) {
                int tenants = Integer.parseInt(n.strip());
                int nodes = Integer.parseInt(a.getOrDefault("nodes", "3"));
                Duration interval = a.containsKey("interval-s") ? Duration.ofMillis((long) (Double.parseDouble(a.get("interval-s")) * 1000))
                        : Duration.ofMillis(Math.max(1000, tenants * 10L));
                out.add(new Config(tenants, Integer.parseInt(a.getOrDefault("users", "24")),
                        Duration.ofMillis(Long.parseLong(a.getOrDefault("latency-ms", "20"))), nodes,
                        Integer.parseInt(a.getOrDefault("threads", "8")), interval,
                        Duration.ofSeconds(Long.parseLong(a.getOrDefault("measure-s", "60"))), a.getOrDefault("engine", "quartz"),
                        Duration.ofSeconds(Long.parseLong(a.getOrDefault("lease-ttl-s", "15"))), a.getOrDefault("node-heap", "512m"),
                        Boolean.parseBoolean(a.getOrDefault("kill", Boolean.toString(nodes >= 2 && !a.getOrDefault("engine", "quartz").equals("threads")))),
                        Integer.parseInt(a.getOrDefault("probe", "50")), a.getOrDefault("provision", "sync").equals("clone"),
                        Long.parseLong(a.getOrDefault("fire-ahead-ms", "1000"))));
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Config> configs = Config.of(Args.parse(args));
        List<String> summaries = new ArrayList<>();
        for (Config c : configs) {
            summaries.add(run(c));
        }
        System.out.println();
        System.out.println("==== summary ====");
        summaries.forEach(System.out::println);
        System.exit(0);
    }

    /** Adjustable clock: seeding happens a month ago, as an account's users mostly were created. */
    static final class SettableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    static String run(Config c) throws Exception {
        StringBuilder out = new StringBuilder();
        java.util.function.Consumer<String> say = line -> {
            System.out.println(line);
            out.append(line).append('\n');
        };
        say.accept(String.format(Locale.ROOT, "Multi-tenant benchmark: %,d tenants x %d users, %d ms latency, %d nodes (%s engine, %d threads"
                        + " each, heap %s), every tenant every %.1f s (%.0f syncs/s due), lease TTL %d s; java %s, %d cpus, load %s",
                c.tenants(), c.users(), c.latency().toMillis(), c.nodes(), c.engine(), c.threads(), c.nodeHeap(),
                c.interval().toMillis() / 1000.0, c.tenants() * 1000.0 / c.interval().toMillis(), c.leaseTtl().toSeconds(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), Proc.loadAverage()));

        long t0 = System.nanoTime();
        String url = PostgresTestServer.newDatabase("tenants");
        int port = Integer.parseInt(url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
        long postmaster = Proc.postmaster(port).orElse(-1L);
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(url);
        poolConfig.setMaximumPoolSize(Math.max(4, c.probe() + 2));
        poolConfig.setPoolName("coordinator");
        Path logs = Files.createTempDirectory("rostersync-tenants-");
        List<BenchNode> nodes = new ArrayList<>();
        SettableClock clock = new SettableClock();
        try (HikariDataSource db = new HikariDataSource(poolConfig);
             ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@bench.zendesk.test", "bench-first-account")
                     .latency(c.latency()).clock(clock).withoutRecordedRequests().start()) {
            JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).reportHistory(100_000).build();
            store.migrate();
            if (c.engine().equals("quartz")) {
                QuartzEngine.createTables(db);
            }
            Tenants.createHostTables(db, c.tenants());
            long tables = System.nanoTime();
            clock.offset = Duration.ofDays(-30);
            List<ZendeskAccount> accounts = new ArrayList<>();
            for (int t = 0; t < c.tenants(); t++) {
                ZendeskAccount account = zendesk.addAccount(Tenants.email(t), Tenants.apiToken(t));
                account.seed(new RosterGenerator(c.cloneProvisioning() ? 42 : t), c.users());
                accounts.add(account);
            }
            clock.offset = Duration.ZERO;
            long seeded = System.nanoTime();
            say.accept(String.format(Locale.ROOT, "setup: database and %,d host views %.1f s, %,d Zendesk accounts seeded %.1f s; node logs in %s",
                    c.tenants(), (tables - t0) / 1e9, c.tenants(), (seeded - tables) / 1e9, logs));

            if (c.cloneProvisioning()) {
                long cloning = System.nanoTime();
                cloneProvisioning(c, db, store, zendesk.baseUri());
                say.accept(String.format(Locale.ROOT, "provisioned by cloning: tenant 0 synced, its %,d host accounts, links and cursor"
                                + " copied to the %,d other tenants (same roster in every account) in %.1f s",
                        count(db, "SELECT COUNT(*) FROM tenant_users WHERE tenant_id = 0"), c.tenants() - 1, (System.nanoTime() - cloning) / 1e9));
            }
            for (int i = 0; i < c.nodes(); i++) {
                nodes.add(BenchNode.start("node-" + (i + 1), c.nodeHeap(), List.of("--index", Integer.toString(i), "--nodes",
                        Integer.toString(c.nodes()), "--jdbc", url, "--zendesk", zendesk.baseUri().toString(), "--tenants",
                        Integer.toString(c.tenants()), "--threads", Integer.toString(c.threads()), "--interval-ms",
                        Long.toString(c.interval().toMillis()), "--lease-ttl-ms", Long.toString(c.leaseTtl().toMillis()),
                        "--engine", c.engine(), "--fire-ahead-ms", Long.toString(c.fireAheadMillis())), logs));
            }
            for (BenchNode n : nodes) {
                n.await("READY", 120);
            }
            if (c.engine().equals("quartz")) {
                long registering = System.nanoTime();
                org.quartz.Scheduler registrar = QuartzEngine.scheduler("registrar", db, 1, 0);
                io.rostersync.quartz.QuartzSyncs registration = io.rostersync.quartz.QuartzSyncs.on(registrar);
                for (int t = 0; t < c.tenants(); t++) { // first firings spread over one interval, by sync id
                    registration.register(Tenants.syncId(t), io.rostersync.engine.SyncTrigger
                            .of(io.rostersync.engine.Schedule.every(c.interval())).firstRunWithin(c.interval()));
                }
                registrar.shutdown(false);
                say.accept(String.format(Locale.ROOT, "registered %,d Quartz jobs and triggers in %.1f s",
                        c.tenants(), (System.nanoTime() - registering) / 1e9));
            }
            long go = System.currentTimeMillis() + 500;
            for (BenchNode n : nodes) {
                n.send("GO " + go);
            }
            for (BenchNode n : nodes) {
                n.await("STARTED", 120);
            }

            // ---- provisioning: every tenant's first run
            long provisionStart = System.nanoTime();
            long deadline = provisionStart + Math.max(10 * c.interval().toNanos(), TimeUnit.MINUTES.toNanos(30));
            int done = 0;
            while (done < c.tenants()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + done + " of " + c.tenants() + " tenants provisioned in time");
                }
                Thread.sleep(500);
                done = count(db, "SELECT COUNT(*) FROM rostersync_report WHERE finished_at_ms >= " + go);
                for (BenchNode n : nodes) {
                    if (!n.alive()) {
                        throw new IllegalStateException("node " + n.name + " died:\n" + n.tail());
                    }
                }
            }
            double provisionSeconds = (System.nanoTime() - provisionStart) / 1e9;
            int hostUsers = count(db, "SELECT COUNT(*) FROM tenant_users");
            say.accept(String.format(Locale.ROOT, "%s: %,d first runs (%,d accounts in the host) in %.1f s from the first firing"
                    + " (firings spread over the first %.1f s)", c.cloneProvisioning() ? "first runs (no change after cloning)" : "provisioning",
                    c.tenants(), hostUsers, provisionSeconds, c.interval().toMillis() / 1000.0));

            // ---- steady state: no-change runs
            Thread.sleep(c.interval().toMillis()); // let every tenant's second run start after provisioning
            Snapshot before = Snapshot.take(nodes, postmaster, zendesk, db, c.engine());
            Instant windowStart = Instant.now();
            Thread.sleep(c.measure().toMillis());
            Snapshot after = Snapshot.take(nodes, postmaster, zendesk, db, c.engine());
            Instant windowEnd = Instant.now();
            RunHistory history = RunHistory.read(store, c.tenants());
            RunHistory.Window w = history.window(windowStart, windowEnd, c.interval());
            double seconds = (after.nanos - before.nanos) / 1e9;
            long runs = after.runs - before.runs;
            say.accept(String.format(Locale.ROOT, "steady state, no change, %.0f s: %,d runs finished = %.1f syncs/s (%,d in the run history,"
                            + " %,d of them SUCCEEDED with an empty plan; busy %d, failed %d); jobs fired on the nodes %,d%s;"
                            + " load %s -> %s",
                    seconds, runs, runs / seconds, w.runs(), w.emptySucceeded(), after.busy - before.busy, after.failed - before.failed,
                    after.fired - before.fired, c.engine().equals("quartz")
                            ? String.format(Locale.ROOT, ", Quartz trigger firings %,d", after.triggered - before.triggered)
                            : String.format(Locale.ROOT, ", late %,d (fired at once), dropped behind them %,d",
                                    after.late - before.late, after.missed - before.missed),
                    before.load, after.load));
            double perSync = Math.max(1, runs);
            say.accept(String.format(Locale.ROOT, "  per sync: nodes %.2f ms CPU, PostgreSQL %.2f ms CPU (all nodes + PostgreSQL %.2f ms);"
                            + " emulator %.2f ms CPU; %,.0f KB allocated on the nodes; %.1f HTTP requests",
                    (after.nodeCpu - before.nodeCpu) / 1e6 / perSync, (after.pgCpu - before.pgCpu) / 1e6 / perSync,
                    (after.nodeCpu - before.nodeCpu + after.pgCpu - before.pgCpu) / 1e6 / perSync,
                    (after.coordinatorCpu - before.coordinatorCpu) / 1e6 / perSync,
                    (after.allocated - before.allocated) / 1024.0 / perSync, (after.requests - before.requests) / perSync));
            say.accept(String.format(Locale.ROOT, "  machine CPU used: %.0f%% of %d cpus (nodes %.0f%%, PostgreSQL %.0f%%, emulator %.0f%%);"
                            + " most syncs at once on a node: %d; node heap used %s, RSS %s; GC %d collections, %d ms",
                    100.0 * (after.nodeCpu - before.nodeCpu + after.pgCpu - before.pgCpu + after.coordinatorCpu - before.coordinatorCpu)
                            / (after.nanos - before.nanos) / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(),
                    100.0 * (after.nodeCpu - before.nodeCpu) / (after.nanos - before.nanos),
                    100.0 * (after.pgCpu - before.pgCpu) / (after.nanos - before.nanos),
                    100.0 * (after.coordinatorCpu - before.coordinatorCpu) / (after.nanos - before.nanos),
                    after.mostRunning, after.heapUsed, after.rss, after.gcCount - before.gcCount, after.gcMillis - before.gcMillis));
            say.accept(String.format(Locale.ROOT, "  run history: %.1f firings due per tenant in the window; runs per tenant min %d, max %d;"
                            + " tenants with a run closer than half an interval to the previous: %d; longest gap between a tenant's runs %.1f s"
                            + " (%.2f intervals); tenants starved beyond one interval: %d",
                    w.due(), w.minRuns(), w.maxRuns(), w.closeRuns(), w.longestGap().toMillis() / 1000.0,
                    (double) w.longestGap().toMillis() / c.interval().toMillis(), w.starved()));

            // ---- node failure
            if (c.kill() && nodes.size() >= 2) {
                killPhase(c, db, store, accounts, nodes, say);
            }

            for (BenchNode n : nodes) {
                n.stop();
            }
            // ---- memory per concurrently running sync
            if (c.probe() > 0) {
                probe(c, db, store, zendesk.baseUri(), say);
            }
        } finally {
            for (BenchNode n : nodes) {
                if (n.alive()) {
                    n.kill();
                }
            }
        }
        return out.toString();
    }

    /**
     * Provisions every tenant as tenant 0: a real first sync of tenant 0 in this process, then its host accounts,
     * links and cursor copied in SQL to every other tenant (whose Zendesk accounts hold the same roster, with the
     * same ids). Each tenant's first run on the nodes is then a no-change run, as after an earlier provisioning.
     */
    private static void cloneProvisioning(Config c, HikariDataSource db, JdbcSyncStateStore store, URI zendesk) throws SQLException {
        HttpSettings http = HttpSettings.builder().httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()).build();
        SyncReport first = new TenantSyncs(c.tenants(), db, store, zendesk, http, "cloner", c.leaseTtl())
                .runnerFor(Tenants.syncId(0)).run(RunOptions.defaults());
        if (first.status() != RunStatus.SUCCEEDED || first.applied() != c.users()) {
            throw new IllegalStateException("tenant 0's provisioning run did not create its " + c.users() + " users: " + first.summary());
        }
        String syncOf = "'tenant-' || lpad(g::text, 5, '0')";
        try (Connection cn = db.getConnection(); java.sql.Statement st = cn.createStatement()) {
            cn.setAutoCommit(false);
            st.execute("INSERT INTO tenant_users (tenant_id, email, first_name, last_name, status, roles, updated_at_ms)"
                    + " SELECT g, email, first_name, last_name, status, roles, updated_at_ms FROM tenant_users, generate_series(1, "
                    + (c.tenants() - 1) + ") g WHERE tenant_id = 0 ORDER BY g, id");
            st.execute("INSERT INTO rostersync_link (sync_id, source_id, target_id, deactivated_by_sync)"
                    + " SELECT 'tenant-' || lpad(u.tenant_id::text, 5, '0'), l.source_id, u.id::text, l.deactivated_by_sync"
                    + " FROM rostersync_link l JOIN tenant_users u0 ON u0.tenant_id = 0 AND u0.id::text = l.target_id"
                    + " JOIN tenant_users u ON u.tenant_id > 0 AND u.email = u0.email WHERE l.sync_id = 'tenant-00000'");
            st.execute("INSERT INTO rostersync_cursor (sync_id, cursor_value, policy_fingerprint) SELECT " + syncOf
                    + ", cursor_value, policy_fingerprint FROM rostersync_cursor, generate_series(1, " + (c.tenants() - 1)
                    + ") g WHERE sync_id = 'tenant-00000'");
            cn.commit();
        }
        int links = count(db, "SELECT COUNT(*) FROM rostersync_link");
        if (links != c.tenants() * c.users()) {
            throw new IllegalStateException("cloning made " + links + " links, not " + c.tenants() * c.users()
                    + " (does every seeded user have an email?)");
        }
    }

    private static void killPhase(Config c, HikariDataSource db, JdbcSyncStateStore store, List<ZendeskAccount> accounts,
                                  List<BenchNode> nodes, java.util.function.Consumer<String> say) throws Exception {
        BenchNode victim = nodes.get(nodes.size() - 1);
        for (int t = 0; t < accounts.size(); t++) {
            accounts.get(t).addUser("New Hire " + t + "a", "new.hire.a." + t + "@example.com", "agent");
            accounts.get(t).addUser("New Hire " + t + "b", "new.hire.b." + t + "@example.com", "agent");
        }
        int expectedPerTenant = c.users() + 2;
        Instant added = Instant.now();
        // Kill while the victim holds leases (runs in flight), within the next interval.
        Set<String> held = Set.of();
        long until = System.nanoTime() + c.interval().toNanos();
        while (held.size() < 1 && System.nanoTime() < until) {
            Thread.sleep(5);
            held = heldBy(db, victim.name);
        }
        Set<String> heldBefore = held;
        victim.kill();
        Instant killedAt = Instant.now();
        Set<String> heldAfter = heldBy(db, victim.name);
        say.accept(String.format(Locale.ROOT, "node failure: 2 new hires in each of %,d accounts at %s; kill -9 of %s %.1f s later,"
                        + " holding %d leases (%d still marked held right after)",
                c.tenants(), added, victim.name, Duration.between(added, killedAt).toMillis() / 1000.0, heldBefore.size(), heldAfter.size()));
        // Wait until every tenant finished a run after the kill (at least the lease TTL and one interval), or
        // give up after the TTL and ten intervals.
        long waitStart = System.nanoTime();
        long minimum = c.leaseTtl().toNanos() + c.interval().toNanos();
        long giveUp = c.leaseTtl().toNanos() + 10 * c.interval().toNanos();
        while (System.nanoTime() - waitStart < giveUp) {
            Thread.sleep(1000);
            int ranSince;
            try (Connection cn = db.getConnection();
                 PreparedStatement p = cn.prepareStatement("SELECT COUNT(*) FROM rostersync_report WHERE finished_at_ms > ?")) {
                p.setLong(1, killedAt.toEpochMilli());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    ranSince = rs.getInt(1);
                }
            }
            if (ranSince >= c.tenants() && System.nanoTime() - waitStart >= minimum) {
                break;
            }
        }
        RunHistory history = RunHistory.read(store, c.tenants());
        List<Long> rerunDelays = new ArrayList<>();
        int notRerun = 0;
        for (String syncId : heldAfter.isEmpty() ? heldBefore : heldAfter) {
            java.util.Optional<Instant> firstAfter = history.firstSucceededAfter(syncId, killedAt);
            if (firstAfter.isEmpty()) {
                notRerun++;
            } else {
                rerunDelays.add(Duration.between(killedAt, firstAfter.get()).toMillis());
            }
        }
        int tenantsWithoutRunAfterKill = 0;
        long lastTenantBack = 0;
        for (int t = 0; t < c.tenants(); t++) {
            java.util.Optional<Instant> back = history.firstSucceededAfter(Tenants.syncId(t).value(), killedAt);
            if (back.isPresent()) {
                lastTenantBack = Math.max(lastTenantBack, Duration.between(killedAt, back.get()).toMillis());
            }
            if (back.isEmpty()) {
                tenantsWithoutRunAfterKill++;
                if (tenantsWithoutRunAfterKill <= 5) {
                    say.accept("  no run since the kill: " + Tenants.syncId(t).value() + " " + history.describe(Tenants.syncId(t).value())
                            + " " + describeState(db, Tenants.syncId(t).value(), c.engine()));
                }
            }
        }
        Map<Integer, Integer> perTenant = countBy(db, "SELECT tenant_id, COUNT(*) FROM tenant_users GROUP BY tenant_id");
        int duplicates = count(db, "SELECT COUNT(*) FROM (SELECT tenant_id, lower(email) FROM tenant_users GROUP BY tenant_id, lower(email)"
                + " HAVING COUNT(*) > 1) d");
        int missing = 0;
        int waiting = 0;
        int extra = 0;
        for (int t = 0; t < c.tenants(); t++) {
            int n = perTenant.getOrDefault(t, 0);
            // A tenant that has not run since the new hires were added cannot have them yet: waiting, not lost.
            if (history.firstSucceededAfter(Tenants.syncId(t).value(), added).isPresent()) {
                missing += Math.max(0, expectedPerTenant - n);
            } else {
                waiting += Math.max(0, expectedPerTenant - n);
            }
            extra += Math.max(0, n - expectedPerTenant);
        }
        int links = count(db, "SELECT COUNT(*) FROM rostersync_link");
        int accountsTotal = count(db, "SELECT COUNT(*) FROM tenant_users");
        long max = rerunDelays.stream().mapToLong(Long::longValue).max().orElse(0);
        say.accept(String.format(Locale.ROOT, "  its in-flight syncs ran again on the other nodes: %d of %d, the last %.1f s after the kill"
                        + " (lease TTL %d s); not run again: %d; every tenant's first successful run since the kill started within %.1f s"
                        + " of it; tenants with none: %d of %,d",
                rerunDelays.size(), rerunDelays.size() + notRerun, max / 1000.0, c.leaseTtl().toSeconds(), notRerun,
                lastTenantBack / 1000.0, tenantsWithoutRunAfterKill, c.tenants()));
        say.accept(String.format(Locale.ROOT, "  accounts in the host: %,d for %,d expected (%d per tenant); missing in tenants that ran"
                        + " since %d, waiting in tenants that did not run yet %d, extra %d, duplicated emails %d; links %,d",
                accountsTotal, expectedPerTenant * c.tenants(), expectedPerTenant, missing, waiting, extra, duplicates, links));
        nodes.remove(victim);
    }

    private static void probe(Config c, HikariDataSource db, JdbcSyncStateStore store, URI zendesk,
                              java.util.function.Consumer<String> say) throws Exception {
        int k = Math.min(c.probe(), c.tenants());
        HttpSettings http = HttpSettings.builder().httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        TenantSyncs syncs = new TenantSyncs(c.tenants(), db, store, zendesk, http, "probe", c.leaseTtl());
        // Warm up: build every probed tenant's directories once, so the measurement holds runs only.
        for (int t = 0; t < k; t++) {
            syncs.runnerFor(Tenants.syncId(t)).run(RunOptions.defaults());
        }
        long idle = usedAfterGc();
        CountDownLatch planned = new CountDownLatch(k);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<SyncReport> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < k; t++) {
            int tenant = t;
            Thread th = new Thread(() -> reports.add(syncs.runnerFor(Tenants.syncId(tenant), new SyncListener() {
                @Override
                public void planned(Plan plan) {
                    planned.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).run(RunOptions.defaults().withForceFull())));
            th.start();
            threads.add(th);
        }
        if (!planned.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the probe's runs did not all reach their plan");
        }
        long holding = usedAfterGc();
        release.countDown();
        for (Thread th : threads) {
            th.join();
        }
        long ok = reports.stream().filter(r -> r.status() == RunStatus.SUCCEEDED).count();
        say.accept(String.format(Locale.ROOT, "memory per concurrently running sync: %d full runs of %d users held after planning:"
                        + " heap %,d KB -> %,d KB after a full GC = %,.0f KB per running sync (%d of %d succeeded)",
                k, c.users() + 2, idle / 1024, holding / 1024, (holding - idle) / 1024.0 / k, ok, k));
    }

    /** The sync's lease and, on Quartz, its trigger and fired-trigger rows: why a tenant did not run. */
    private static String describeState(HikariDataSource db, String syncId, String engine) throws SQLException {
        StringBuilder b = new StringBuilder();
        List<String> queries = new ArrayList<>(List.of(
                "SELECT 'lease', owner, held, expires_at_ms - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint FROM rostersync_lease WHERE sync_id = ?"));
        if (engine.equals("quartz")) {
            queries.add("SELECT 'trigger', trigger_state, next_fire_time - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint, prev_fire_time"
                    + " - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint FROM qrtz_triggers WHERE trigger_name = ?");
            queries.add("SELECT 'fired', instance_name, state, fired_time - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint"
                    + " FROM qrtz_fired_triggers WHERE job_name = ?");
        }
        try (Connection cn = db.getConnection()) {
            for (String q : queries) {
                try (PreparedStatement p = cn.prepareStatement(q)) {
                    p.setString(1, syncId);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            b.append('[');
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                b.append(i > 1 ? " " : "").append(rs.getString(i));
                            }
                            b.append("] ");
                        }
                    }
                }
            }
        }
        return b.toString().strip();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Set<String> heldBy(HikariDataSource db, String owner) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection cn = db.getConnection();
             PreparedStatement p = cn.prepareStatement("SELECT sync_id FROM rostersync_lease WHERE owner = ? AND held AND expires_at_ms > ?")) {
            p.setString(1, owner);
            p.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static int count(HikariDataSource db, String sql) throws SQLException {
        try (Connection cn = db.getConnection(); PreparedStatement p = cn.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<Integer, Integer> countBy(HikariDataSource db, String sql) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        try (Connection cn = db.getConnection(); PreparedStatement p = cn.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** Counters of every node, PostgreSQL and this process at one moment. */
    static final class Snapshot {
        long nanos;
        long nodeCpu;
        long pgCpu;
        long coordinatorCpu;
        long allocated;
        long runs;
        long busy;
        long failed;
        long fired;
        long missed;
        long late;
        long triggered;
        long gcCount;
        long gcMillis;
        long requests;
        int mostRunning;
        String heapUsed = "";
        String rss = "";
        String load = "";

        static Snapshot take(List<BenchNode> nodes, long postmaster, ZendeskEmulator zendesk, HikariDataSource db, String engine)
                throws InterruptedException, SQLException {
            Snapshot s = new Snapshot();
            List<String> heaps = new ArrayList<>();
            List<String> rss = new ArrayList<>();
            for (BenchNode n : nodes) {
                Map<String, String> st = n.stats();
                s.nodeCpu += BenchNode.stat(st, "cpuNanos");
                s.allocated += BenchNode.stat(st, "allocated");
                s.runs += BenchNode.stat(st, "runs");
                s.busy += BenchNode.stat(st, "busy");
                s.failed += BenchNode.stat(st, "failed");
                s.fired += BenchNode.stat(st, "fired");
                s.missed += BenchNode.stat(st, "missed");
                s.late += BenchNode.stat(st, "late");
                s.gcCount += BenchNode.stat(st, "gcCount");
                s.gcMillis += BenchNode.stat(st, "gcMillis");
                s.mostRunning = Math.max(s.mostRunning, (int) BenchNode.stat(st, "mostRunning"));
                heaps.add(BenchNode.stat(st, "heapUsed") / (1024 * 1024) + " MB");
                rss.add(n.rssBytes() / (1024 * 1024) + " MB");
            }
            s.heapUsed = String.join("/", heaps);
            s.rss = String.join("/", rss);
            s.pgCpu = postmaster > 0 ? Proc.treeCpuNanos(postmaster) : 0;
            s.coordinatorCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            s.requests = zendesk.requestCount();
            s.triggered = engine.equals("quartz") ? count(db, "SELECT COALESCE(SUM(times_triggered), 0) FROM qrtz_simple_triggers") : -1;
            s.load = Proc.loadAverage();
            s.nanos = System.nanoTime();
            return s;
        }
    }
}
