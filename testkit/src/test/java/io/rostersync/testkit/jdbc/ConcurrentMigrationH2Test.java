package io.rostersync.testkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.state.JdbcSyncStateStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On H2 with its default one-second lock timeout, so a node that waits must retry rather than fail. */
@Timeout(300)
class ConcurrentMigrationH2Test extends ConcurrentMigrationContract {

    private static int databases;

    @Override
    DataSource freshDatabase(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        synchronized (ConcurrentMigrationH2Test.class) {
            ds.setURL("jdbc:h2:mem:migrate-" + name + "-" + (databases++) + ";DB_CLOSE_DELAY=-1");
        }
        return ds;
    }

    @Override
    int rounds() {
        return 60;
    }

    /**
     * A node that finds the migration lock held for longer than H2's lock timeout keeps waiting (it
     * retries on the timeout) and creates nothing until the holder lets go; then it migrates.
     */
    @Test
    void aNodeWaitsPastTheLockTimeoutForAnotherNodesMigrationAndDoesNothingMeanwhile() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:migrate-held;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=50");
        try (Connection holder = db.getConnection()) {
            try (Statement s = holder.createStatement()) {
                s.execute("CREATE TABLE rostersync_migration_lock (id INT NOT NULL PRIMARY KEY)");
                s.execute("INSERT INTO rostersync_migration_lock (id) VALUES (1)");
            }
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id FROM rostersync_migration_lock WHERE id = 1 FOR UPDATE")) {
                rs.next();
            }
            CompletableFuture<Integer> migrating = CompletableFuture.supplyAsync(() -> JdbcSyncStateStore.create(db).migrate());
            Thread.sleep(600); // twelve lock timeouts of the waiting node
            assertThat(migrating).isNotDone();
            assertThat(tableExists(db, "ROSTERSYNC_SCHEMA_VERSION")).as("nothing created while the lock is held").isFalse();
            holder.rollback();
            assertThat(migrating.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
        }
        assertThat(recordedVersions(db)).isGreaterThanOrEqualTo(2);
    }

    private static boolean tableExists(DataSource db, String table) throws Exception {
        try (Connection c = db.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, table, null)) {
                return rs.next();
            }
        }
    }
}
