package io.rostersync.testkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.RunStatus;
import io.rostersync.engine.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.plan.PlanMode;
import io.rostersync.state.JdbcSyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class SyncRunnerOnJdbcStoreTest {

    @Test
    void runsEndToEndAndResumesIncrementallyFromTheStoredCursor() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:runner-e2e;DB_CLOSE_DELAY=-1");
        JdbcSyncStateStore store = JdbcSyncStateStore.create(ds);
        store.migrate();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        new RosterGenerator(7).profiles(40).forEach(source::add);
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("jdbc-e2e")).source(source).target(target).stateStore(store).build();

        SyncReport first = runner.run(RunOptions.defaults());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.links(SyncId.of("jdbc-e2e")).size()).isEqualTo(40);
        assertThat(store.lastReport(SyncId.of("jdbc-e2e"))).contains(first);

        SyncReport second = runner.run(RunOptions.defaults());
        assertThat(second.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(second.plannedTotal()).isZero();
    }
}
