package io.rostersync.quartz.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.jdbc.nodes.NodeProcess;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.quartz.cluster.RunLog.Execution;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three Quartz nodes in three JVMs on the clustered JDBC job store of one PostgreSQL database, each with its own
 * {@link JdbcSyncStateStore} on that database, syncing three tenants' Zendesk emulators into the tenants' host
 * tables. Counts come from the nodes' {@link RunLog}, the store's run history and the host tables; the test
 * waits for conditions with deadlines and never asserts on durations.
 */
@Timeout(240)
class QuartzClusterTest {

    private static final List<String> TENANTS = List.of("tenant-a", "tenant-b", "tenant-c");
    private static final int USERS = 20;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);

    private static final Map<String, ZendeskEmulator> ZENDESKS = new TreeMap<>();
    /** Each tenant's accounts as the source has them: lower-case email, else username. */
    private static final Map<String, Set<String>> SOURCE = new TreeMap<>();

    private String jdbcUrl;
    private HikariDataSource db;
    private JdbcSyncStateStore store;
    private Path logs;
    private final List<NodeProcess> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void zendesks() {
        long seed = 17;
        for (String tenant : TENANTS) {
            ZendeskEmulator zendesk = ZendeskEmulator.builder()
                    .apiToken(ZendeskEmulator.DEFAULT_EMAIL, ZendeskEmulator.DEFAULT_API_TOKEN)
                    .accountLimitPerMinute(1_000_000).incrementalLimitPerMinute(1_000_000).start();
            ZENDESKS.put(tenant, zendesk);
            zendesk.seed(new RosterGenerator(seed++), USERS);
            SOURCE.put(tenant, read(zendesk.directory().pageSize(10).readOnly().build()));
        }
    }

    @AfterAll
    static void stopZendesks() {
        ZENDESKS.values().forEach(ZendeskEmulator::close);
    }

    @BeforeEach
    void database(TestInfo test) throws Exception {
        jdbcUrl = PostgresTestServer.newDatabase("quartz");
        db = QuartzNode.pool(jdbcUrl, 3);
        QuartzTables.create(db);
        RunLog.createTable(db);
        store = JdbcSyncStateStore.builder(db).reportHistory(10_000).build();
        store.migrate();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String tenant : TENANTS) {
                s.execute(QuartzNode.accountsDdl(tenant));
            }
        }
        logs = Path.of("target", "quartz-nodes", test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeProcess::close);
        db.close();
    }

    // ---- the three properties --------------------------------------------------------------------------------

    @Test
    void eachFiringRunsItsSyncExactlyOnceOnOneOfThreeNodes() throws Exception {
        startNodes(config("node-1"), config("node-2"), config("node-3"));

        Await.until("every tenant synced four times", DEADLINE, POLL,
                () -> TENANTS.stream().allMatch(t -> finishedRuns(t) >= 4));
        stopAll();

        List<Execution> runs = RunLog.executions(db);
        assertThat(runs).allSatisfy(e -> {
            assertThat(e.finished()).as("firing %s on %s finished", e.firing(), e.node()).isPresent();
            assertThat(e.status()).as("firing %s on %s", e.firing(), e.node()).contains("SUCCEEDED");
        });
        assertThat(runs).extracting(Execution::firing).doesNotHaveDuplicates();
        for (String tenant : TENANTS) {
            long firings = runs.stream().filter(e -> e.syncId().equals(tenant)).count();
            assertThat(store.reports(SyncId.of(tenant), 10_000)).as("runs of %s in the store's history", tenant)
                    .hasSize((int) firings);
            assertThat(accounts(tenant)).as("accounts of %s", tenant).containsExactlyInAnyOrderElementsOf(SOURCE.get(tenant));
            Instant lastFiring = runs.stream().filter(e -> e.syncId().equals(tenant)).map(Execution::scheduled)
                    .max(Instant::compareTo).orElseThrow();
            assertThat(store.scheduleState(SyncId.of(tenant)).nextDue()).as("next due time of %s in the store", tenant)
                    .hasValueSatisfying(due -> assertThat(due).isAfter(lastFiring));
        }
        System.out.println("firings per node: " + perNode(runs));
    }

    /**
     * A lease shorter than Quartz's failure detection (a missed check-in plus 7.5 s) has expired when the
     * recovery firing comes, which runs the sync; a longer one has not, so the recovery firing finds the sync
     * busy and a later firing runs it once the lease has expired.
     */
    @ParameterizedTest(name = "lease time to live {0} s")
    @ValueSource(ints = {2, 12})
    void aNodeKilledMidRunHasItsSyncRunAgainOnAnotherNodeWithNoAccountDuplicatedOrLost(int leaseSeconds) throws Exception {
        // 150 ms after each account written: a first run writes for about 3 s, long enough to be killed in it
        List<NodeConfig> configs = new ArrayList<>();
        for (String name : List.of("node-1", "node-2", "node-3")) {
            configs.add(config(name).withWriteDelay(Duration.ofMillis(150)).withLeaseTtl(Duration.ofSeconds(leaseSeconds)));
        }
        startNodes(configs.toArray(NodeConfig[]::new));

        AtomicReference<Execution> victim = new AtomicReference<>();
        Await.until("a run part-way through writing its accounts", DEADLINE, Duration.ofMillis(50), () -> {
            for (Execution e : executions()) {
                int written = accounts(e.syncId()).size();
                if (e.finished().isEmpty() && written >= 2 && written <= SOURCE.get(e.syncId()).size() - 5) {
                    victim.set(e);
                    return true;
                }
            }
            return false;
        });
        Execution killed = victim.get();
        node(killed.node()).kill();
        Instant killedAt = Instant.now();
        int writtenWhenKilled = accounts(killed.syncId()).size();
        Set<String> interrupted = executions().stream().filter(e -> e.node().equals(killed.node()) && e.finished().isEmpty())
                .map(Execution::syncId).collect(Collectors.toCollection(TreeSet::new));

        Await.until("every interrupted sync ran again on another node and every tenant has every account", DEADLINE, POLL,
                () -> interrupted.stream().allMatch(t -> firstSuccessAfter(executions(), t, killedAt).isPresent())
                        && TENANTS.stream().allMatch(t -> accounts(t).size() >= SOURCE.get(t).size()));
        Instant recovered = Instant.now();
        Await.until("every tenant synced again after that", DEADLINE, POLL,
                () -> TENANTS.stream().allMatch(t -> executions().stream()
                        .anyMatch(e -> e.syncId().equals(t) && e.fired().isAfter(recovered) && e.finished().isPresent())));
        stopAll();

        assertThat(writtenWhenKilled).as("accounts of %s written when its node was killed", killed.syncId())
                .isLessThan(SOURCE.get(killed.syncId()).size());
        List<Execution> runs = RunLog.executions(db);
        // the killed firing itself was fired again by Quartz's recovery, on another node
        assertThat(runs).filteredOn(e -> e.firing().equals(killed.firing()) && e.finished().isPresent())
                .singleElement().satisfies(e -> {
                    assertThat(e.node()).isNotEqualTo(killed.node());
                    assertThat(e.recovering()).isTrue();
                });
        // no firing lost, none run twice: every firing that started anywhere finished exactly once
        Map<String, List<Execution>> byFiring = runs.stream().collect(Collectors.groupingBy(Execution::firing));
        byFiring.forEach((firing, executions) -> assertThat(executions).as("executions of firing %s", firing)
                .filteredOn(e -> e.finished().isPresent()).hasSize(1));
        assertThat(runs).filteredOn(e -> e.finished().isEmpty()).allSatisfy(e -> assertThat(e.node()).isEqualTo(killed.node()));
        // every run succeeded, but for an interrupted sync's firings while the dead node's lease lasted
        assertThat(runs).filteredOn(e -> e.finished().isPresent()).allSatisfy(e -> {
            boolean waitedForTheLease = interrupted.contains(e.syncId())
                    && e.fired().isBefore(firstSuccessAfter(runs, e.syncId(), killedAt).orElseThrow().fired());
            assertThat(e.status()).as("firing %s on %s", e.firing(), e.node())
                    .hasValueSatisfying(status -> assertThat(status).isIn(waitedForTheLease
                            ? List.of("SUCCEEDED", "BUSY") : List.of("SUCCEEDED")));
        });
        for (String tenant : TENANTS) {
            assertThat(accounts(tenant)).as("accounts of %s", tenant).containsExactlyInAnyOrderElementsOf(SOURCE.get(tenant));
        }
        Execution rerun = firstSuccessAfter(runs, killed.syncId(), killedAt).orElseThrow();
        System.out.println("lease " + leaseSeconds + " s: killed " + killed.node() + " during " + killed.firing() + " after "
                + writtenWhenKilled + " accounts; " + killed.syncId() + " ran again on " + rerun.node() + " "
                + Duration.between(killedAt, rerun.fired()).toMillis() + " ms after the kill"
                + (rerun.recovering() ? " (the recovery firing)" : "") + "; firings per node: " + perNode(runs));
    }

    /** The first execution of {@code tenant} fired after {@code after} that ran and succeeded. */
    private static Optional<Execution> firstSuccessAfter(List<Execution> runs, String tenant, Instant after) {
        return runs.stream().filter(e -> e.syncId().equals(tenant) && e.fired().isAfter(after)
                        && e.status().filter("SUCCEEDED"::equals).isPresent())
                .min(java.util.Comparator.comparing(Execution::fired));
    }

    @Test
    void firingsMissedWhileEveryNodeWasDownFireOnceWhenANodeIsBack() throws Exception {
        NodeConfig first = config("node-1");
        startNodes(first, config("node-2"), config("node-3"));
        Await.until("every tenant synced twice", DEADLINE, POLL, () -> TENANTS.stream().allMatch(t -> finishedRuns(t) >= 2));
        stopAll();
        Map<String, Instant> lastBefore = new TreeMap<>();
        for (Execution e : RunLog.executions(db)) {
            lastBefore.merge(e.syncId(), e.scheduled(), (a, b) -> a.isAfter(b) ? a : b);
        }

        // every node down until each tenant's stored next firing and two more are missed, the first one by more
        // than the misfire threshold: a condition on what Quartz stored, however long stopping the nodes took
        Instant lastStoredFiring = Instant.ofEpochMilli(latestNextFiring());
        Instant missed = lastStoredFiring.plus(INTERVAL.multipliedBy(2)).plus(first.misfireThreshold());
        Await.until("three firings of every tenant missed, past the misfire threshold", DEADLINE, POLL,
                () -> Instant.now().isAfter(missed));
        Instant restarted = Instant.now();
        startNodes(config("node-4"));
        Await.until("every tenant synced twice after the restart", DEADLINE, POLL, () -> TENANTS.stream()
                .allMatch(t -> executions().stream().filter(e -> e.syncId().equals(t) && e.finished().isPresent()
                        && !e.scheduled().isBefore(restarted)).count() >= 2));
        stopAll();

        List<Execution> runs = RunLog.executions(db);
        for (String tenant : TENANTS) {
            List<Instant> scheduled = runs.stream().filter(e -> e.syncId().equals(tenant)).map(Execution::scheduled)
                    .sorted().toList();
            // none of the firings missed during the downtime was fired late
            assertThat(scheduled).as("firings of %s", tenant)
                    .noneMatch(t -> t.isAfter(lastBefore.get(tenant)) && t.isBefore(restarted));
            // and after it no burst: firings at least an interval apart
            List<Instant> after = scheduled.stream().filter(t -> !t.isBefore(restarted)).toList();
            for (int i = 1; i < after.size(); i++) {
                assertThat(Duration.between(after.get(i - 1), after.get(i))).as("firings of %s after the restart", tenant)
                        .isGreaterThanOrEqualTo(INTERVAL);
            }
            assertThat(runs).filteredOn(e -> e.syncId().equals(tenant)).allSatisfy(e -> assertThat(e.status()).contains("SUCCEEDED"));
        }
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    private NodeConfig config(String node) {
        Map<String, URI> tenants = new TreeMap<>();
        ZENDESKS.forEach((tenant, zendesk) -> tenants.put(tenant, zendesk.baseUri()));
        return NodeConfig.forTests(node, jdbcUrl, tenants, INTERVAL);
    }

    /** Starts the nodes at the same time (each registers every tenant at boot) and waits until all are up. */
    private void startNodes(NodeConfig... configs) throws Exception {
        Files.createDirectories(logs);
        ExecutorService starter = Executors.newFixedThreadPool(configs.length);
        try {
            List<Future<NodeProcess>> started = new ArrayList<>();
            for (NodeConfig config : configs) {
                Path file = logs.resolve(config.node() + ".properties");
                config.store(file);
                started.add(starter.submit(() -> {
                    NodeProcess node = NodeProcess.node(config.node(), QuartzNode.class).logDir(logs)
                            .jvmAlso("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                                    "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=warn",
                                    "-Dorg.slf4j.simpleLogger.log.org.quartz=warn",
                                    "-Dorg.slf4j.simpleLogger.log.io.rostersync.engine=warn")
                            .args(List.of(file.toString())).start();
                    nodes.add(node); // closed after the test even if it never gets ready
                    node.await(QuartzNode.READY, Duration.ofSeconds(60));
                    return node;
                }));
            }
            for (Future<NodeProcess> f : started) {
                f.get();
            }
        } finally {
            starter.shutdown();
        }
    }

    private void stopAll() throws Exception {
        ExecutorService stopper = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> stops = new ArrayList<>();
            for (NodeProcess node : nodes) {
                if (node.isAlive()) {
                    stops.add(stopper.submit(() -> node.stop(Duration.ofSeconds(60))));
                }
            }
            for (Future<?> f : stops) {
                f.get();
            }
        } finally {
            stopper.shutdown();
        }
    }

    private NodeProcess node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name) && n.isAlive()).findFirst().orElseThrow();
    }

    // ---- what the nodes did -----------------------------------------------------------------------------------

    private List<Execution> executions() {
        try {
            return RunLog.executions(db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest next firing Quartz stored for the tenants' triggers, in epoch milliseconds. */
    private long latestNextFiring() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(next_fire_time) FROM qrtz_triggers WHERE trigger_group = '"
                     + io.rostersync.quartz.QuartzSyncs.GROUP + "'")) {
            if (!rs.next() || rs.getObject(1) == null) {
                throw new IllegalStateException("no trigger of the tenants is stored");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long finishedRuns(String tenant) {
        return executions().stream().filter(e -> e.syncId().equals(tenant) && e.finished().isPresent()).count();
    }

    /** The tenant's host table, one entry per row (a duplicated account shows twice). */
    private List<String> accounts(String tenant) {
        List<String> keys = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lower(coalesce(email, username)) FROM " + QuartzNode.accountsTable(tenant))) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    private static Map<String, Long> perNode(List<Execution> runs) {
        return runs.stream().collect(Collectors.groupingBy(Execution::node, TreeMap::new, Collectors.counting()));
    }

    private static Set<String> read(ZendeskDirectory directory) {
        Set<String> keys = new TreeSet<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                for (UserRecord user : page.get().users()) {
                    keys.add(user.label().toLowerCase(Locale.ROOT));
                }
            }
        }
        return keys;
    }
}
