package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.rostersync.dbscheduler.DbSchedulerSyncs;
import io.rostersync.dbscheduler.Registration;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's db-scheduler recipe, run as written on a private PostgreSQL (three nodes in separate JVMs,
 * kill -9 and outages are tested in rostersync-db-scheduler itself).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DbSchedulerRecipeTest {

    /** Stands in for the host's tenants table. */
    record Tenant(String id, UserDirectory zendesk) {
        SyncId syncId() {
            return SyncId.of("zendesk-" + id);
        }
    }

    private final Map<String, Tenant> tenantsById = Map.of(
            "acme", new Tenant("acme", InMemoryUserDirectory.create("zendesk-acme")),
            "globex", new Tenant("globex", InMemoryUserDirectory.create("zendesk-globex")));
    private final UserDirectory hostUsers = InMemoryUserDirectory.create("host-users");

    private Optional<Tenant> findTenant(SyncId syncId) {
        return Optional.ofNullable(tenantsById.get(syncId.value().substring("zendesk-".length())));
    }

    private List<Tenant> allTenants() {
        return List.copyOf(tenantsById.values());
    }

    /** db-scheduler's table, as its documentation defines it; a host creates it with its own migrations. */
    private static void createScheduledTasksTable(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
                    + " task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,"
                    + " picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
                    + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,"
                    + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))");
        }
    }

    @Test
    void everyNodeStartsTheTaskAndRegistersEveryTenantAtStartUpWithoutDuplicates() throws Exception {
        DataSource dataSource = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("readme_dbsched"));
        createScheduledTasksTable(dataSource);
        JdbcSyncStateStore store = JdbcSyncStateStore.create(dataSource);
        store.migrate();
        Instant boot = Instant.now();

        // tag::db-scheduler[]
        SyncRunnerFactory factory = syncId -> {          // credentials stay in your code, never in task data
            Tenant t = findTenant(syncId).orElseThrow(() -> new UnknownSyncException(syncId)); // gone: unscheduled
            return SyncRunner.builder().syncId(syncId).source(t.zendesk()).target(hostUsers)
                    .policy(SyncPolicy.defaults()).stateStore(store).leaseTtl(Duration.ofMinutes(5)).build();
        };
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(factory);
        Scheduler scheduler = Scheduler.create(dataSource, syncs.task())
                .threads(8).heartbeatInterval(Duration.ofMinutes(1)).missedHeartbeatsLimit(5) // dead after 5 minutes
                .build();
        scheduler.start();
        for (Tenant t : allTenants()) {                  // every node, every start-up: idempotent
            syncs.register(scheduler, t.syncId(),
                    SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)));
        }
        // end::db-scheduler[]

        try {
            for (Tenant t : allTenants()) { // a second start-up changes nothing
                assertThat(syncs.register(scheduler, t.syncId(),
                        SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1))))
                        .isEqualTo(Registration.UNCHANGED);
                assertThat(syncs.registered(scheduler, t.syncId())).hasValueSatisfying(r -> assertThat(r.nextRun())
                        .isBetween(boot.minusSeconds(1), boot.plus(Duration.ofHours(1)).plusSeconds(60)));
            }
            assertThat(factory.runnerFor(SyncId.of("zendesk-acme")).syncId()).isEqualTo(SyncId.of("zendesk-acme"));
        } finally {
            scheduler.stop();
        }
    }
}
