package io.rostersync.spring.boot.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.model.SyncId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spring.boot.RosterSyncAutoConfiguration;
import io.rostersync.spring.boot.RosterSyncSchedulingAutoConfiguration;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.spring.boot.SyncDefinition;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A sync declared in properties refers to a connection declared in properties by its name, and runs through it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionsWithSyncsTest {

    @Test
    void aSyncFromPropertiesReadsThroughAConnectionFromProperties() {
        InMemoryUserDirectory app = InMemoryUserDirectory.create("app");
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
            zendesk.addUser("Bob Roe", "bob@acme.example", "agent");
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class,
                            RosterSyncAutoConfiguration.class, RosterSyncSchedulingAutoConfiguration.class))
                    .withBean(DataSource.class, ConnectionsWithSyncsTest::h2)
                    .withBean("app", InMemoryUserDirectory.class, () -> app)
                    .withPropertyValues(
                            "rostersync.scheduling.enabled=false",
                            "ZENDESK_API_TOKEN=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                            "rostersync.connections.support.zendesk.subdomain=emulator",
                            "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                            "rostersync.connections.support.zendesk.api-token=${ZENDESK_API_TOKEN}",
                            "rostersync.connections.support.zendesk.read-only=true",
                            "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri(),
                            "rostersync.syncs.zendesk-to-app.source=support",
                            "rostersync.syncs.zendesk-to-app.target=app")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        RosterSyncs syncs = context.getBean(RosterSyncs.class);
                        SyncDefinition sync = syncs.definition(SyncId.of("zendesk-to-app")).orElseThrow();
                        assertThat(sync.source()).isSameAs(context.getBean("support"));
                        assertThat(syncs.runnerFor(sync.id()).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
                        assertThat(app.size()).isEqualTo(2);
                    });
        }
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
