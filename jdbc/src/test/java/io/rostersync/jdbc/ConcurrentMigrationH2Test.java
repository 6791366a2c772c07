package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.jdbc.JdbcSyncStateStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
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
            AtomicInteger lockAttempts = new AtomicInteger();
            DataSource counted = countingLockAttempts(db, lockAttempts);
            CompletableFuture<Integer> migrating = CompletableFuture.supplyAsync(() -> JdbcSyncStateStore.create(counted).migrate());
            // Each attempt after the first follows a lock timeout: wait for three timeouts, not for a guessed time.
            while (lockAttempts.get() < 4 && !migrating.isDone()) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
            }
            assertThat(migrating).isNotDone();
            assertThat(tableExists(db, "ROSTERSYNC_SCHEMA_VERSION")).as("nothing created while the lock is held").isFalse();
            holder.rollback();
            assertThat(migrating.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
        }
        assertThat(recordedVersions(db)).isGreaterThanOrEqualTo(2);
    }

    /** {@code db}, counting the queries that try to take the migration lock's row. */
    private static DataSource countingLockAttempts(JdbcDataSource db, AtomicInteger attempts) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(db, method, args);
                    return result instanceof Connection c ? wrap(Connection.class, c, attempts) : result;
                });
    }

    private static <T> T wrap(Class<T> type, T real, AtomicInteger attempts) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (real instanceof Statement && method.getName().equals("executeQuery")
                    && String.valueOf(args[0]).contains("rostersync_migration_lock") && String.valueOf(args[0]).contains("FOR UPDATE")) {
                attempts.incrementAndGet();
            }
            Object result = invoke(real, method, args);
            return result instanceof Statement st && !(result instanceof java.sql.PreparedStatement)
                    ? wrap(Statement.class, st, attempts) : result;
        }));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
