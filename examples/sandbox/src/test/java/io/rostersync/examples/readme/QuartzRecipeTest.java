package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.quartz.RegistrationOutcome;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The README's Quartz recipe, run as written on a Quartz scheduler with its in-memory job store (the
 * clustered JDBC store on PostgreSQL with three nodes is tested in rostersync-quartz itself).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuartzRecipeTest {

    /** Stands in for the host's tenants table. */
    record Tenant(String id, UserDirectory zendesk) {
    }

    private final Map<String, Tenant> tenantsById = Map.of(
            "acme", new Tenant("acme", InMemoryUserDirectory.create("zendesk-acme")),
            "globex", new Tenant("globex", InMemoryUserDirectory.create("zendesk-globex")));
    private final UserDirectory hostDirectory = InMemoryUserDirectory.create("host-users");

    private Optional<Tenant> findTenant(SyncId syncId) {
        return Optional.ofNullable(tenantsById.get(syncId.value().substring("zendesk-".length())));
    }

    private List<Tenant> allTenants() {
        return List.copyOf(tenantsById.values());
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:readme-quartz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static Properties quartzProperties() {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "readme-" + UUID.randomUUID());
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return p;
    }

    @Test
    void everyNodeInstallsTheFactoryAndRegistersEveryTenantAtBootWithoutDuplicates() throws Exception {
        DataSource dataSource = h2();
        JdbcSyncStateStore.create(dataSource).migrate();
        Scheduler scheduler = new StdSchedulerFactory(quartzProperties()).getScheduler();
        try {
            Instant boot = Instant.now();
            // tag::quartz[]
            JdbcSyncStateStore store = JdbcSyncStateStore.create(dataSource);   // every node, the same database
            SyncRunnerFactory runners = syncId -> {
                Tenant t = findTenant(syncId).orElseThrow(() -> new UnknownSyncException(syncId)); // gone: unregistered
                return SyncRunner.builder().syncId(syncId)
                        .source(t.zendesk()).target(hostDirectory).policy(SyncPolicy.defaults())
                        .stateStore(store)
                        .leaseTtl(Duration.ofMinutes(2))  // renewed while a run works; short, so a dead node's syncs move on
                        .build();
            };
            QuartzSyncs syncs = QuartzSyncs.install(scheduler, runners);        // every node, before start()
            for (Tenant t : allTenants()) {                                    // every boot: idempotent
                syncs.register(SyncId.of("zendesk-" + t.id()),
                        SyncTrigger.every(Duration.ofHours(6))
                                .firstRunWithin(Duration.ofHours(1))           // spread per sync id over the hour
                                .fullEvery(4, Duration.ofHours(24)));
            }
            scheduler.start();
            // end::quartz[]

            for (Tenant t : allTenants()) { // a second boot changes nothing
                assertThat(syncs.register(SyncId.of("zendesk-" + t.id()), SyncTrigger.every(Duration.ofHours(6))
                        .firstRunWithin(Duration.ofHours(1)).fullEvery(4, Duration.ofHours(24))))
                        .isEqualTo(RegistrationOutcome.UNCHANGED);
            }
            assertThat(syncs.registered()).containsExactlyInAnyOrder(SyncId.of("zendesk-acme"), SyncId.of("zendesk-globex"));
            assertThat(syncs.nextRun(SyncId.of("zendesk-acme"))).hasValueSatisfying(
                    at -> assertThat(at).isBetween(boot, boot.plus(Duration.ofHours(1)).plusSeconds(60)));
            assertThat(runners.runnerFor(SyncId.of("zendesk-globex")).syncId()).isEqualTo(SyncId.of("zendesk-globex"));
        } finally {
            scheduler.shutdown(true);
        }
    }
}
