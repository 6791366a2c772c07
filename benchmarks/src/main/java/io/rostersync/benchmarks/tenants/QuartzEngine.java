package io.rostersync.benchmarks.tenants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The clustered Quartz engine of a node: the JDBC job store on the benchmark's PostgreSQL
 * ({@code JobStoreTX}, {@code isClustered=true}, check-in every 2 s, batch trigger acquisition with a fire-ahead
 * window, a misfire threshold of 5 s). The jobs are rostersync-quartz's own: {@code QuartzSyncs} registers one
 * {@code SyncJob} and one interval trigger per tenant, first firings spread over one interval by sync id.
 */
final class QuartzEngine {

    static final String SCHEDULER = "rostersync-bench";

    private QuartzEngine() {
    }

    /** Quartz's own tables for PostgreSQL, from the script in its jar. */
    static void createTables(DataSource db) throws IOException, SQLException {
        String script;
        try (InputStream in = Objects.requireNonNull(Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql"),
                "tables_postgres.sql in the Quartz jar")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                String st = statement.strip();
                if (!st.isEmpty() && !st.equalsIgnoreCase("commit")) {
                    s.execute(st);
                }
            }
        }
    }

    /** A clustered scheduler on {@code db} (not started), running jobs on {@code threads} threads. */
    static Scheduler scheduler(String instanceId, DataSource db, int threads, long fireAheadMillis) throws SchedulerException {
        String provider = "bench-" + instanceId;
        DBConnectionManager.getInstance().addConnectionProvider(provider, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return db.getConnection();
            }

            @Override
            public void shutdown() {
            }

            @Override
            public void initialize() {
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", instanceId + "-quartz");
        // Many short jobs: take up to a thread pool's worth of triggers per acquisition, those due within the
        // fire-ahead window, so the cluster's one trigger lock is taken once per batch rather than per firing.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", Long.toString(fireAheadMillis));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", provider);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Below the interval: a firing more than 5 s late is a misfire and fires once, now; with Quartz's default
        // of a minute, a late trigger fires every missed time back to back.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        return new StdSchedulerFactory(p).getScheduler();
    }
}
