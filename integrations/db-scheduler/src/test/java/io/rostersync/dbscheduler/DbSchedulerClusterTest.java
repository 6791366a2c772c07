package io.rostersync.dbscheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.jdbc.nodes.NodeProcess;
import io.rostersync.model.SyncId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scheduler nodes in separate JVMs ({@link ClusterNode}) on one PostgreSQL, each with its own state store, syncing
 * tenants from a Zendesk emulator in this JVM into host tables. Counts, never clocks: runs are rows in
 * {@code dbsched_runs} with the firing they served; accounts are rows in the tenants' tables.
 */
@Timeout(150)
class DbSchedulerClusterTest {

    private static final int TENANTS = 4;
    private static final int USERS = 20;
    private static final String TOKEN = "cluster-test-token-5b1e";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ZendeskEmulator zendesk;
    private TestDatabase db;
    private int accounts;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeEach
    void tenantsAndDatabase() {
        zendesk = ZendeskEmulator.builder().apiToken(ClusterNode.EMAIL, TOKEN).accountLimitPerMinute(0)
                .incrementalLimitPerMinute(0).start();
        for (int i = 0; i < USERS; i++) {
            zendesk.addUser("User " + i, "user" + i + "@tenant.example", "end-user");
        }
        accounts = zendesk.userIds().size();
        db = TestDatabase.fresh();
        db.exec(ClusterNode.RUNS_DDL);
        for (int k = 0; k < TENANTS; k++) {
            db.exec(ClusterNode.tableDdl(k));
        }
    }

    @AfterEach
    void stopEverything() {
        nodes.forEach(NodeProcess::close);
        if (zendesk != null) {
            zendesk.close();
        }
    }

    @Test
    void eachSyncRunsOncePerFiringAcrossThreeNodes() {
        startNodes(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2), "a", "b", "c");

        await("three runs of every tenant", () -> tenantsWithRuns("status = 'SUCCEEDED'", 3) == TENANTS);
        nodes.forEach(n -> n.stop(WAIT));

        assertThat(db.count("SELECT count(*) FROM (SELECT sync_id, execution_time FROM dbsched_runs"
                + " GROUP BY sync_id, execution_time HAVING count(*) > 1) twice")).as("firings run twice").isZero();
        assertThat(db.count("SELECT count(*) FROM dbsched_runs WHERE execution_time IS NULL")).isZero();
        assertThat(db.count("SELECT count(*) FROM dbsched_runs WHERE status NOT IN ('SUCCEEDED', 'BUSY')"))
                .as("failed runs").isZero();
        // a BUSY run did nothing (it found the lease held: a node so starved that another declared it dead)
        assertThat(db.count("SELECT count(*) FROM dbsched_runs r1 JOIN dbsched_runs r2 ON r1.sync_id = r2.sync_id"
                + " AND r1.ctid < r2.ctid AND r1.status = 'SUCCEEDED' AND r2.status = 'SUCCEEDED'"
                + " AND r1.started_at < r2.finished_at AND r2.started_at < r1.finished_at"))
                .as("runs of one sync overlapping in time").isZero();
        assertThat(db.count("SELECT count(DISTINCT node) FROM dbsched_runs")).as("nodes that ran syncs").isGreaterThan(1);
        assertEveryTenantHasEveryAccountOnce();
        JdbcSyncStateStore store = JdbcSyncStateStore.create(db.dataSource);
        for (int k = 0; k < TENANTS; k++) {
            SyncId id = SyncId.of("tenant-" + k);
            Instant rescheduledTo = Instant.ofEpochMilli(db.count("SELECT (extract(epoch FROM execution_time) * 1000)::bigint"
                    + " FROM scheduled_tasks WHERE task_instance = '" + id + "'"));
            assertThat(store.scheduleState(id).nextDue()).as("next due of %s in the store", id).contains(rescheduledTo);
        }
    }

    @Test
    void syncsOfANodeKilledMidRunRunAgainOnTheOthersWithNoAccountDuplicatedOrLost() {
        startNodes(Duration.ofSeconds(4), Duration.ofMillis(80), Duration.ofSeconds(2), "a", "b", "c");

        Map.Entry<String, String> halfWay = awaitValue("a node half-way through writing a tenant", this::nodeMidWrite);
        NodeProcess victim = nodes.stream().filter(n -> n.name().equals(halfWay.getValue())).findFirst().orElseThrow();
        victim.kill();
        Instant killedAt = Instant.now();
        List<String> orphaned = strings("SELECT task_instance FROM scheduled_tasks WHERE picked AND picked_by = '"
                + victim.name() + "'");
        assertThat(orphaned).as("the syncs the killed node was running").contains(halfWay.getKey());
        long deadLeaseExpiry = db.count("SELECT expires_at_ms FROM rostersync_lease WHERE held AND sync_id = '"
                + halfWay.getKey() + "' AND owner = '" + victim.name() + "'");

        await("the killed node's syncs to run again elsewhere and every account to be there", () ->
                orphaned.stream().allMatch(s -> db.count("SELECT count(*) FROM dbsched_runs WHERE status = 'SUCCEEDED'"
                        + " AND sync_id = '" + s + "' AND node <> '" + victim.name() + "' AND started_at > '" + killedAt + "'") > 0)
                        && allTenantsComplete());
        nodes.forEach(n -> n.stop(WAIT));

        assertEveryTenantHasEveryAccountOnce();
        assertThat(db.count("SELECT count(*) FROM dbsched_runs WHERE node = '" + victim.name() + "' AND finished_at > '"
                + killedAt + "'")).isZero();
        assertThat(Instant.ofEpochMilli(db.count("SELECT (extract(epoch FROM min(started_at)) * 1000)::bigint"
                + " FROM dbsched_runs WHERE status = 'SUCCEEDED' AND sync_id = '" + halfWay.getKey() + "' AND node <> '"
                + victim.name() + "' AND started_at > '" + killedAt + "'")))
                .as("the half-written sync ran again only once the dead node's lease had expired")
                .isAfterOrEqualTo(Instant.ofEpochMilli(deadLeaseExpiry));
        assertThat(db.count("SELECT count(*) FROM (SELECT sync_id, execution_time FROM dbsched_runs"
                + " GROUP BY sync_id, execution_time HAVING count(*) > 1) twice")).as("firings run twice").isZero();
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).as("one instance per sync").isEqualTo(TENANTS);
    }

    @Test
    void afterEveryNodeWasDownForSeveralIntervalsEachSyncRunsOnceThenOnSchedule() {
        Duration interval = Duration.ofSeconds(1);
        startNodes(interval, Duration.ZERO, Duration.ofSeconds(2), "a", "b");
        await("a run of every tenant", () -> tenantsWithRuns("status = 'SUCCEEDED'", 1) == TENANTS);
        nodes.forEach(n -> n.stop(WAIT));
        await("every sync to have missed three intervals", () -> db.count("SELECT count(*) FROM scheduled_tasks"
                + " WHERE execution_time > now() - interval '3 seconds'") == 0);

        Instant back = Instant.now();
        startNodes(interval, Duration.ZERO, Duration.ofSeconds(2), "c", "d");
        String afterRestart = "status = 'SUCCEEDED' AND started_at > '" + back + "'";
        await("two runs of every tenant after the restart", () -> tenantsWithRuns(afterRestart, 2) == TENANTS);
        nodes.forEach(n -> n.stop(WAIT));

        for (int k = 0; k < TENANTS; k++) {
            String tenant = "sync_id = 'tenant-" + k + "' AND " + afterRestart;
            // one run serves all the firings missed while down (none, if a node declared the catch-up run's node dead
            // and revived it: the revived run serves a firing of its own time); the awaited runs came after it
            assertThat(db.count("SELECT count(*) FROM dbsched_runs WHERE " + tenant + " AND execution_time < '" + back + "'"))
                    .as("runs of tenant-%d for firings missed while down", k).isLessThanOrEqualTo(1);
        }
        assertThat(db.count("SELECT count(*) FROM dbsched_runs WHERE status NOT IN ('SUCCEEDED', 'BUSY')")).isZero();
        assertEveryTenantHasEveryAccountOnce();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void assertEveryTenantHasEveryAccountOnce() {
        for (int k = 0; k < TENANTS; k++) {
            String table = ClusterNode.tableName(k);
            assertThat(db.count("SELECT count(*) FROM " + table)).as("accounts of tenant-%d", k).isEqualTo(accounts);
            assertThat(db.count("SELECT count(DISTINCT lower(email)) FROM " + table)).as("distinct emails of tenant-%d", k)
                    .isEqualTo(accounts);
        }
    }

    private boolean allTenantsComplete() {
        for (int k = 0; k < TENANTS; k++) {
            if (db.count("SELECT count(DISTINCT lower(email)) FROM " + ClusterNode.tableName(k)) < accounts) {
                return false;
            }
        }
        return true;
    }

    private long tenantsWithRuns(String where, int runs) {
        return db.count("SELECT count(*) FROM (SELECT sync_id FROM dbsched_runs WHERE " + where
                + " GROUP BY sync_id HAVING count(*) >= " + runs + ") enough");
    }

    /** A sync some node is running whose table it has written part of: (sync id, node). */
    private Optional<Map.Entry<String, String>> nodeMidWrite() {
        Map<String, String> picked = new LinkedHashMap<>();
        query("SELECT task_instance, picked_by FROM scheduled_tasks WHERE picked", rs -> picked.put(rs.getString(1),
                rs.getString(2)));
        for (Map.Entry<String, String> e : picked.entrySet()) {
            int tenant = ClusterNode.tenantNumber(SyncId.of(e.getKey())).orElseThrow();
            long written = db.count("SELECT count(*) FROM " + ClusterNode.tableName(tenant));
            if (written > 0 && written < accounts - 2) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        query(sql, rs -> out.add(rs.getString(1)));
        return out;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = db.dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startNodes(Duration interval, Duration writeDelay, Duration leaseTtl, String... names) {
        List<NodeProcess> started = new ArrayList<>();
        for (String name : names) {
            started.add(node(name, interval, writeDelay, leaseTtl));
        }
        nodes.addAll(started);
        started.forEach(n -> n.await("READY ", WAIT));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    private static <T> T awaitValue(String what, java.util.function.Supplier<Optional<T>> probe) {
        return Await.value(what, WAIT, probe);
    }

    /** A {@link ClusterNode} in a child JVM; its output goes to target/cluster-nodes/. */
    private NodeProcess node(String name, Duration interval, Duration writeDelay, Duration leaseTtl) {
        return NodeProcess.node(name, ClusterNode.class).jvm(List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
                .logDir(Path.of("target", "cluster-nodes", getClass().getSimpleName() + "-" + ProcessHandle.current().pid()))
                .env(ClusterNode.TOKEN_VARIABLE, TOKEN)
                .args(List.of(db.url, name, zendesk.baseUri().toString(), String.valueOf(TENANTS),
                        String.valueOf(interval.toMillis()), String.valueOf(writeDelay.toMillis()),
                        String.valueOf(leaseTtl.toMillis())))
                .start();
    }
}
