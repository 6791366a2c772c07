package io.rostersync.testkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.state.JdbcSyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcSyncStateStoreH2Test extends SyncStateStoreContract {

    private static final JdbcSyncStateStore STORE;

    static {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:rostersync-state;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        STORE = JdbcSyncStateStore.create(ds);
        STORE.migrate();
    }

    @Override
    protected SyncStateStore store() {
        return STORE;
    }

    @Test
    void migrateIsIdempotent() {
        int version = STORE.migrate();
        assertThat(version).isGreaterThanOrEqualTo(2);
        assertThat(STORE.migrate()).isEqualTo(version);
    }
}
