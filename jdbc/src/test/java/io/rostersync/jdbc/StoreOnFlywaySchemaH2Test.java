package io.rostersync.jdbc;

import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Timeout;
import java.util.Optional;

/** The store contract on a schema Flyway applied, with the store never migrating itself. */
@Timeout(120)
class StoreOnFlywaySchemaH2Test extends SyncStateStoreContract {

    private static JdbcSyncStateStore store;
    private static DataSource db;

    @Override
    protected SyncStateStore store() {
        synchronized (StoreOnFlywaySchemaH2Test.class) {
            if (store == null) {
                try {
                    JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:mem:Flyway-applied;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
                db = ds;
                    SchemaTools.flywayMigrate(db, "h2");
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
