package io.rostersync.jdbc;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import javax.sql.DataSource;

import org.junit.jupiter.api.Timeout;

/** The store contract on a schema Liquibase applied, with the store never migrating itself. */
@Timeout(120)
class StoreOnLiquibaseSchemaPostgresTest extends SyncStateStoreContract {

    private static JdbcSyncStateStore store;

    @Override
    protected SyncStateStore store() {
        synchronized (StoreOnLiquibaseSchemaPostgresTest.class) {
            if (store == null) {
                try {
                    DataSource db = ConcurrentMigrationPostgresTest.freshSchema("liquibase_applied");
                    SchemaTools.liquibaseUpdate(db, "postgresql");
                    store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return store;
        }
    }
}
