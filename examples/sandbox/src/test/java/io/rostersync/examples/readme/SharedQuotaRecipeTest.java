package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.bucket4j.PostgresRequestBudgets;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's recipe for one vendor quota across nodes, run as written on a private PostgreSQL against the
 * Zendesk emulator (three nodes in separate JVMs sharing one budget are tested in rostersync-bucket4j).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedQuotaRecipeTest {

    @Test
    void aZendeskAccountsBudgetLivesInPostgresAndEveryRequestOfTheSyncDrawsFromIt() throws Exception {
        DataSource dataSource = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("readme_quota"));
        try (ZendeskEmulator emulator = ZendeskEmulator.start()) {
            emulator.addUser("Ann Lee", "ann.lee@acme.example", "agent");

            // tag::shared-quota[]
            PostgresRequestBudgets.createTable(dataSource);     // once; or apply its script with Flyway or Liquibase
            PostgresRequestBudgets budgets = PostgresRequestBudgets.builder(dataSource).build(); // every node
            RequestBudget acme = budgets.budget("zendesk:acme",  // the vendor account, the same key on every node
                    RateLimit.of("zendesk:acme", 700, Duration.ofMinutes(1)));
            HttpSettings http = HttpSettings.builder().requestBudget(acme).build();
            ZendeskDirectory zendesk = emulator.directory()      // ZendeskDirectory.builder().subdomain("acme")... in production
                    .http(http).build();
            // end::shared-quota[]

            SyncReport report = SyncRunner.builder().syncId(SyncId.of("zendesk-acme")).source(zendesk)
                    .target(InMemoryUserDirectory.create("host")).policy(SyncPolicy.defaults())
                    .stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());

            assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
            try (Connection c = dataSource.getConnection();
                    ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM " + PostgresRequestBudgets.TABLE)) {
                rows.next();
                assertThat(rows.getInt(1)).as("one bucket row for the account").isEqualTo(1);
            }
        }
    }
}
