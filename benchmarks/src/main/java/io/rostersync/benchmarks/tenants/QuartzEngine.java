package io.rostersync.benchmarks.tenants;

import io.rostersync.engine.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The clustered Quartz engine of a node: the JDBC job store on the benchmark's PostgreSQL
 * ({@code JobStoreTX}, {@code isClustered=true}, check-in every 2 s, batch trigger acquisition with a fire-ahead
 * window, a misfire threshold of 5 s), one durable job per tenant that requests
 * recovery, an interval trigger per tenant with the first firings spread over one interval.
 */
final class QuartzEngine {

    static final String SCHEDULER = "rostersync-bench";
    private static final String CONTEXT_SYNCS = "tenantSyncs";
    private static final String CONTEXT_SCHEDULE = "schedule";

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

    /** Puts what the jobs need in the scheduler's context. */
    static void install(Scheduler scheduler, TenantSyncs syncs, Schedule schedule) throws SchedulerException {
        scheduler.getContext().put(CONTEXT_SYNCS, syncs);
        scheduler.getContext().put(CONTEXT_SCHEDULE, schedule);
    }

    /** One job and one interval trigger per tenant, first firings spread over one interval from {@code startAt}. */
    static void register(Scheduler scheduler, int tenants, Duration interval, long startAt) throws SchedulerException {
        for (int t = 0; t < tenants; t++) {
            String name = Tenants.syncId(t).value();
            JobKey key = JobKey.jobKey(name, "tenants");
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "tenants").forJob(key)
                    .startAt(new Date(startAt + t * interval.toMillis() / tenants))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNowWithRemainingCount())
                    .build();
            scheduler.scheduleJob(JobBuilder.newJob(TenantJob.class).withIdentity(key).usingJobData("tenant", t)
                    .requestRecovery().storeDurably().build(), java.util.Set.of(trigger), true);
        }
    }

    /** One firing of one tenant's sync. */
    @DisallowConcurrentExecution
    public static final class TenantJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                TenantSyncs syncs = (TenantSyncs) Objects.requireNonNull(context.getScheduler().getContext().get(CONTEXT_SYNCS));
                Schedule schedule = (Schedule) Objects.requireNonNull(context.getScheduler().getContext().get(CONTEXT_SCHEDULE));
                java.util.Date next = context.getNextFireTime();
                MultiTenantNode.fire(syncs, context.getMergedJobDataMap().getInt("tenant"), schedule,
                        next == null ? java.time.Instant.now().plus(schedule.interval()) : next.toInstant());
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
