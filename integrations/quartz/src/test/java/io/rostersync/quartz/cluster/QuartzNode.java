package io.rostersync.quartz.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.SyncId;
import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One scheduler node in its own JVM, as a host would run it: a Quartz scheduler on the clustered JDBC job
 * store, the host's {@link SyncRunnerFactory} installed, every tenant's sync registered at boot (every node
 * does, every time: registration is idempotent), and a {@link RunLog} of every firing.
 *
 * <p>Each tenant syncs its Zendesk emulator (read over HTTP at the URI in the {@link NodeConfig}) into its
 * own host table {@code accounts_<tenant>} of the shared database, with a {@link JdbcSyncStateStore} on the
 * same database; the table has no unique key, so a duplicated account would show.
 *
 * <p>Protocol on standard streams: the node prints {@value #READY} once its scheduler has started; the line
 * {@code STOP} on its standard input shuts the scheduler down, waiting for running jobs, prints
 * {@value #STOPPED} and exits 0. When its standard input closes (the test JVM is gone) the node halts at
 * once, so no node outlives its test.
 */
public final class QuartzNode {

    /** Printed when the scheduler has started. */
    public static final String READY = "NODE READY";
    /** Printed after a graceful stop. */
    public static final String STOPPED = "NODE STOPPED";
    /** The Quartz scheduler name every node shares; the cluster is the nodes of one name on one database. */
    public static final String SCHEDULER_NAME = "rostersync-test-cluster";

    private QuartzNode() {
    }

    /**
     * Runs a node.
     *
     * @param args the path of its {@link NodeConfig} file
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        NodeConfig config = NodeConfig.load(Path.of(args[0]));
        HikariDataSource db = pool(config.jdbcUrl(), config.threads() + 2);
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).reportHistory(10_000).build();
        Scheduler scheduler = new StdSchedulerFactory(quartzProperties(config)).getScheduler();
        scheduler.getListenerManager().addJobListener(new RunLog(db, config.node()),
                GroupMatcher.jobGroupEquals(QuartzSyncs.GROUP));
        QuartzSyncs syncs = QuartzSyncs.install(scheduler, new TenantRunners(config, db, store));
        for (String tenant : config.tenants().keySet()) {
            syncs.register(SyncId.of(tenant), SyncTrigger.every(config.interval()).firstRunWithin(config.firstRunWithin()));
        }
        scheduler.start();
        System.out.println(READY);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.strip().equals("STOP")) {
                scheduler.shutdown(true);
                db.close();
                System.out.println(STOPPED);
                System.out.flush();
                System.exit(0);
            }
        }
        Runtime.getRuntime().halt(2);
    }

    /**
     * The Quartz settings of a clustered node: {@code JobStoreTX} with the PostgreSQL delegate on the shared
     * database through Quartz's HikariCP provider, string-only job data, the configuration's check-in
     * interval and misfire threshold.
     *
     * @param config the node
     * @return the properties for {@link StdSchedulerFactory}
     */
    public static Properties quartzProperties(NodeConfig config) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", config.node());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.threads()));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "rostersync");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(config.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(config.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.dataSource.rostersync.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.rostersync.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.rostersync.URL", config.jdbcUrl());
        p.setProperty("org.quartz.dataSource.rostersync.maxConnections", Integer.toString(config.threads() + 3));
        return p;
    }

    /**
     * The mapping of tenant {@code tenant}'s host table: generated ids, email, username, names and status.
     *
     * @param tenant the sync id
     * @return the mapping of {@code accounts_<tenant>}
     */
    public static UserTableMapping accountsMapping(String tenant) {
        return UserTableMapping.builder(accountsTable(tenant)).id("id").idsGeneratedByDatabase().email("email")
                .username("username").firstName("first_name").lastName("last_name")
                .status("status", UserTableMapping.StatusValues.names()).build();
    }

    /**
     * The host table of a tenant.
     *
     * @param tenant the sync id (letters, digits and hyphens)
     * @return its name
     */
    public static String accountsTable(String tenant) {
        return "accounts_" + tenant.replace('-', '_').replace('.', '_');
    }

    /**
     * The DDL of a tenant's host table: no unique key on purpose.
     *
     * @param tenant the sync id
     * @return the statement
     */
    public static String accountsDdl(String tenant) {
        return "CREATE TABLE " + accountsTable(tenant) + " (id BIGSERIAL PRIMARY KEY, email VARCHAR(320),"
                + " username VARCHAR(200), first_name VARCHAR(200), last_name VARCHAR(200), status VARCHAR(20))";
    }

    /**
     * A small connection pool.
     *
     * @param jdbcUrl the database
     * @param size    at most this many connections
     * @return the pool; close it when done
     */
    public static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setPoolName("node-state");
        return new HikariDataSource(c);
    }

    /** The host's factory: one cached runner per known tenant; an unknown id is an {@link UnknownSyncException}. */
    private static final class TenantRunners implements SyncRunnerFactory {
        private final NodeConfig config;
        private final DataSource db;
        private final JdbcSyncStateStore store;
        private final Map<SyncId, SyncRunner> runners = new ConcurrentHashMap<>();

        TenantRunners(NodeConfig config, DataSource db, JdbcSyncStateStore store) {
            this.config = config;
            this.db = db;
            this.store = store;
        }

        @Override
        public SyncRunner runnerFor(SyncId syncId) {
            URI zendesk = config.tenants().get(syncId.value());
            if (zendesk == null) {
                throw new UnknownSyncException(syncId);
            }
            return runners.computeIfAbsent(syncId, id -> build(id, zendesk));
        }

        private SyncRunner build(SyncId id, URI zendesk) {
            ZendeskDirectory source = ZendeskDirectory.builder().subdomain("emulator").baseUriForTesting(zendesk)
                    .apiToken(ZendeskEmulator.DEFAULT_EMAIL, Secret.of(ZendeskEmulator.DEFAULT_API_TOKEN))
                    .withoutClientRateLimits().pageSize(10).readOnly().build();
            JdbcUserDirectory target = JdbcUserDirectory.create("accounts-" + id, db, accountsMapping(id.value()));
            long pause = config.writeDelay().toMillis();
            SyncListener slowWrites = new SyncListener() {
                @Override
                public void applied(int done, int total, ActionOutcome outcome) {
                    if (pause > 0) {
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            return SyncRunner.builder().syncId(id).source(source).target(target).stateStore(store)
                    .owner(config.node()).leaseTtl(config.leaseTtl()).listener(slowWrites).build();
        }
    }
}
