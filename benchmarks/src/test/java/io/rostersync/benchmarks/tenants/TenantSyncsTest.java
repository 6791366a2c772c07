package io.rostersync.benchmarks.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.http.HttpSettings;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.RosterGenerator;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's tenants, small: each tenant's sync reads its own Zendesk account on the shared emulator
 * server and writes its own slice of the host table through its view; a second run changes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TenantSyncsTest {

    @Test
    void eachTenantSyncsItsOwnAccountIntoItsOwnSliceAndTheSecondRunPlansNothing() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresTestServer.newDatabase("tenants_harness"));
        config.setMaximumPoolSize(4);
        try (HikariDataSource db = new HikariDataSource(config);
             ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@first.test", "first").withoutRecordedRequests().start()) {
            JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).build();
            store.migrate();
            Tenants.createHostTables(db, 3);
            for (int t = 0; t < 3; t++) {
                zendesk.addAccount(Tenants.email(t), Tenants.apiToken(t)).seed(new RosterGenerator(t), 5 + t);
            }
            HttpSettings http = HttpSettings.builder().httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()).build();
            TenantSyncs syncs = new TenantSyncs(3, db, store, zendesk.baseUri(), http, "harness", Duration.ofSeconds(30));

            SyncReport first = syncs.runnerFor(Tenants.syncId(1)).run(RunOptions.defaults());
            SyncReport second = syncs.runnerFor(Tenants.syncId(1)).run(RunOptions.defaults());

            assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(first.applied()).isEqualTo(6);
            assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(second.plannedTotal()).isZero();
            assertThat(MultiTenantBenchmark.count(db, "SELECT COUNT(*) FROM tenant_users WHERE tenant_id = 1")).isEqualTo(6);
            assertThat(MultiTenantBenchmark.count(db, "SELECT COUNT(*) FROM tenant_users WHERE tenant_id <> 1")).isZero();
            assertThat(MultiTenantBenchmark.count(db, "SELECT COUNT(*) FROM tenant_users WHERE status <> 'PENDING'"))
                    .as("seed 002 imports users as pending").isZero();
            assertThat(syncs.finished(RunStatus.SUCCEEDED)).isEqualTo(2);
        }
    }
}
