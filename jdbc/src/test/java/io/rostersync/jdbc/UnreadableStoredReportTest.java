package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.PlanMode;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13 section 1: a stored report that cannot be read (damaged, oversized, another version) must not fail every later run. */
class UnreadableStoredReportTest {

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"formatVersion\": 999}", "{\"a\": 1, \"a\": 2}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]"})
    void theNextRunReadsInFullAndReplacesIt(String damaged) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:unreadable-" + Math.abs(damaged.hashCode()) + ";DB_CLOSE_DELAY=-1");
        JdbcSyncStateStore store = JdbcSyncStateStore.create(ds);
        store.migrate();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("hr");
        InMemoryUserDirectory target = InMemoryUserDirectory.create("app");
        source.add(UserProfile.builder().email("ann@example.com").firstName("Ann").build());
        SyncId sync = SyncId.of("damaged-report");
        SyncRunner runner = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(store).build();
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE rostersync_report SET report_json = ? WHERE sync_id = ?")) {
            p.setString(1, damaged);
            p.setString(2, sync.value());
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
        source.add(UserProfile.builder().email("bob@example.com").firstName("Bob").build());

        SyncReport next = runner.run(RunOptions.defaults());

        assertThat(next.status()).as(next.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.mode()).isEqualTo(PlanMode.FULL);
        assertThat(target.all()).hasSize(2);
        assertThat(store.lastReport(sync)).contains(next);
    }
}
