package io.rostersync.dbscheduler;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * One scheduler node of {@link DbSchedulerClusterTest}, in its own JVM: a host application as the README recipe
 * shows it. Its syncs {@code tenant-0 .. tenant-(n-1)} read the Zendesk emulator the test runs and write the host
 * table {@code tenant_<k>_users} (each create held for a moment, so a kill lands mid-run); every finished run is a
 * row in {@code dbsched_runs} with the db-scheduler firing it served. The Zendesk token comes from the environment,
 * as a host's secrets do; the task data never sees it.
 *
 * <p>Arguments: JDBC URL, node name, Zendesk base URI, tenant count, interval (ms), write delay (ms), lease TTL (ms).
 * Prints {@code READY} once its scheduler runs and its syncs are registered; stops cleanly when its standard input
 * closes.
 */
public final class ClusterNode {

    static final String TOKEN_VARIABLE = "ROSTERSYNC_TEST_ZENDESK_TOKEN";
    static final String EMAIL = "admin@emulator.zendesk.test";

    /** The firing the current thread serves, set by the interceptor around the task. */
    private static final ThreadLocal<Instant> FIRING = new ThreadLocal<>();

    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String node = args[1];
        URI zendesk = URI.create(args[2]);
        int tenants = Integer.parseInt(args[3]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[4]));
        Duration writeDelay = Duration.ofMillis(Long.parseLong(args[5]));
        Duration leaseTtl = Duration.ofMillis(Long.parseLong(args[6]));
        String token = System.getenv(TOKEN_VARIABLE);

        DataSource dataSource = PostgresTestServer.dataSource(url);
        JdbcSyncStateStore store = JdbcSyncStateStore.create(dataSource);
        SyncRunnerFactory factory = id -> {
            int tenant = tenantNumber(id).filter(k -> k < tenants).orElseThrow(() -> new UnknownSyncException(id));
            ZendeskDirectory source = ZendeskDirectory.builder().subdomain("emulator").baseUriForTesting(zendesk)
                    .apiToken(EMAIL, Secret.of(token)).withoutClientRateLimits().readOnly().build();
            UserDirectory target = new SlowWrites(JdbcUserDirectory.create("host", dataSource, table(tenant)), writeDelay);
            return SyncRunner.builder().syncId(id).source(source).target(target).stateStore(store)
                    .owner(node).leaseTtl(leaseTtl).listener(recording(dataSource, node)).build();
        };
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(factory);
        ExecutionInterceptor firing = (instance, context, chain) -> {
            FIRING.set(context.getExecution().getExecutionTime());
            try {
                return chain.proceed(instance, context);
            } finally {
                FIRING.remove();
            }
        };
        Scheduler scheduler = Scheduler.create(dataSource, syncs.task())
                .schedulerName(new SchedulerName.Fixed(node))
                .threads(4)
                .pollingInterval(Duration.ofMillis(200))
                // dead after 6 missed heartbeats (6 s): short for the test, long enough for a node that is merely slow
                .heartbeatInterval(Duration.ofSeconds(1))
                .missedHeartbeatsLimit(6)
                .addExecutionInterceptor(firing)
                .build();
        scheduler.start();
        for (int k = 0; k < tenants; k++) {
            syncs.register(scheduler, SyncId.of("tenant-" + k), SyncTrigger.every(interval).firstRunWithin(Duration.ofSeconds(1))
                    .retryBusyAfter(Duration.ofMillis(300)));
        }
        System.out.println("READY " + node);
        System.out.flush();
        while (System.in.read() != -1) {
            // the test sends STOP and closes our standard input to stop us cleanly
        }
        scheduler.stop();
        System.out.println("STOPPED " + node);
        System.exit(0);
    }

    static Optional<Integer> tenantNumber(SyncId id) {
        String v = id.value();
        return v.matches("tenant-\\d{1,4}") ? Optional.of(Integer.parseInt(v.substring(7))) : Optional.empty();
    }

    static String tableName(int tenant) {
        return "tenant_" + tenant + "_users";
    }

    /** The host's users table of one tenant, without a unique email, so a duplicated account would show. */
    static String tableDdl(int tenant) {
        return "CREATE TABLE " + tableName(tenant) + " (id VARCHAR(64) PRIMARY KEY, email VARCHAR(254),"
                + " username VARCHAR(255), first_name VARCHAR(255), last_name VARCHAR(255), status VARCHAR(16) NOT NULL)";
    }

    static final String RUNS_DDL = "CREATE TABLE dbsched_runs (sync_id TEXT NOT NULL, node TEXT NOT NULL,"
            + " execution_time TIMESTAMP WITH TIME ZONE, status TEXT NOT NULL, started_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " finished_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    private static UserTableMapping table(int tenant) {
        return UserTableMapping.builder(tableName(tenant)).id("id").email("email").username("username")
                .firstName("first_name").lastName("last_name").status("status", UserTableMapping.StatusValues.names())
                .build();
    }

    private static SyncListener recording(DataSource dataSource, String node) {
        return new SyncListener() {
            @Override
            public void finished(SyncReport report) {
                Instant firing = FIRING.get();
                try (Connection c = dataSource.getConnection();
                     PreparedStatement p = c.prepareStatement("INSERT INTO dbsched_runs VALUES (?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, report.syncId().value());
                    p.setString(2, node);
                    p.setTimestamp(3, firing == null ? null : Timestamp.from(firing));
                    p.setString(4, report.status().name());
                    p.setTimestamp(5, Timestamp.from(report.startedAt()));
                    p.setTimestamp(6, Timestamp.from(report.finishedAt()));
                    p.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** The host's table, each write held for {@code delay}: a run takes long enough to be killed half-way. */
    private static final class SlowWrites implements UserDirectory {
        private final UserDirectory delegate;
        private final Duration delay;

        SlowWrites(UserDirectory delegate, Duration delay) {
            this.delegate = delegate;
            this.delay = delay;
        }

        private void pause() {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public UserPages readAll() {
            return delegate.readAll();
        }

        @Override
        public UserPages readChanges(Cursor since) {
            return delegate.readChanges(since);
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return delegate.get(id);
        }

        @Override
        public List<UserRecord> findExisting(UserProfile profile) {
            return delegate.findExisting(profile);
        }

        @Override
        public WriteResult create(UserProfile profile, CreateOptions options) {
            pause();
            return delegate.create(profile, options);
        }

        @Override
        public WriteResult update(NativeId id, UserPatch patch) {
            pause();
            return delegate.update(id, patch);
        }

        @Override
        public WriteResult deactivate(NativeId id) {
            pause();
            return delegate.deactivate(id);
        }

        @Override
        public WriteResult reactivate(NativeId id) {
            pause();
            return delegate.reactivate(id);
        }

        @Override
        public WriteResult delete(NativeId id) {
            pause();
            return delegate.delete(id);
        }
    }
}
