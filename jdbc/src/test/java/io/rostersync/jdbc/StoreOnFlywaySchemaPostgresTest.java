package io.rostersync.jdbc;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import javax.sql.DataSource;

import org.junit.jupiter.api.Timeout;
import java.util.Optional;

/** The store contract on a schema Flyway applied, with the store never migrating itself. */
@Timeout(120)
class StoreOnFlywaySchemaPostgresTest extends SyncStateStoreContract {

    private static JdbcSyncStateStore store;
    private static DataSource db;

    @Override
    protected SyncStateStore store() {
        synchronized (StoreOnFlywaySchemaPostgresTest.class) {
            if (store == null) {
                try {
                    db = ConcurrentMigrationPostgresTest.freshSchema("flyway_applied");
                    SchemaTools.flywayMigrate(db, "postgresql");
                    store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return store;
        }
    }

    /** A new store over the same database, as after a restart: the contract's durability checks run. */
    @Override
    protected Optional<SyncStateStore> reopened() {
        return Optional.of(JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build());
    }
}
