package io.rostersync.jdbc;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import javax.sql.DataSource;

import org.junit.jupiter.api.Timeout;

/** The store contract on a schema Flyway applied, with the store never migrating itself. */
@Timeout(120)
class StoreOnFlywaySchemaPostgresTest extends SyncStateStoreContract {

    private static JdbcSyncStateStore store;

    @Override
    protected SyncStateStore store() {
        synchronized (StoreOnFlywaySchemaPostgresTest.class) {
            if (store == null) {
                try {
                    DataSource db = ConcurrentMigrationPostgresTest.freshSchema("flyway_applied");
                    SchemaTools.flywayMigrate(db, "postgresql");
                    store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return store;
        }
    }
}
