package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.Optional;

@Timeout(120)
class JdbcSyncStateStorePostgresTest extends SyncStateStoreContract {

    private static JdbcSyncStateStore store;

    @Override
    protected SyncStateStore store() {
        synchronized (JdbcSyncStateStorePostgresTest.class) {
            if (store == null) {
                store = JdbcSyncStateStore.create(PostgresTestServer.dataSource());
                store.migrate();
            }
            return store;
        }
    }

    @Test
    void migrateIsIdempotent() {
        store();
        int version = store.migrate();
        assertThat(version).isGreaterThanOrEqualTo(2);
        assertThat(store.migrate()).isEqualTo(version);
    }

    /** A new store over the same database, as after a restart: the contract's durability checks run. */
    @Override
    protected Optional<SyncStateStore> reopened() {
        return Optional.of(JdbcSyncStateStore.builder(PostgresTestServer.dataSource()).migrateOnFirstUse(false).build());
    }
}
