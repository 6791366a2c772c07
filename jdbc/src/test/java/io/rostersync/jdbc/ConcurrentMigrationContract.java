package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.SyncId;
import io.rostersync.jdbc.JdbcSyncStateStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §5: several nodes calling {@link JdbcSyncStateStore#migrate()} at the same moment on a fresh
 * database all succeed and leave one schema, round after round. Each caller has its own store and its own
 * connections, as separate nodes would; a latch releases them together.
 */
abstract class ConcurrentMigrationContract {

    static final int NODES = 4;

    /** A database (or schema) nobody has used yet. */
    abstract DataSource freshDatabase(String name) throws Exception;

    abstract int rounds();

    @Test
    void nodesMigratingAFreshDatabaseAtOnceAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < rounds(); round++) {
                DataSource db = freshDatabase("race" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> versions = new ArrayList<>();
                for (int node = 0; node < NODES; node++) {
                    JdbcSyncStateStore store = JdbcSyncStateStore.create(db);
                    versions.add(pool.submit(() -> {
                        go.await();
                        return store.migrate();
                    }));
                }
                go.countDown();
                List<Integer> got = new ArrayList<>();
                for (Future<Integer> f : versions) {
                    got.add(f.get(120, TimeUnit.SECONDS)); // rethrows a node's failure
                }
                int latest = got.get(0);
                assertThat(got).as("round %d", round).containsOnly(latest);
                assertThat(latest).isGreaterThanOrEqualTo(1);
                assertThat(recordedVersions(db)).as("round %d", round).isEqualTo(latest);
                // the schema works: a lease can be taken and fences the next caller
                JdbcSyncStateStore store = JdbcSyncStateStore.create(db);
                SyncId sync = SyncId.of("after-race");
                Instant now = Instant.parse("2026-06-01T00:00:00Z");
                assertThat(store.tryAcquire(sync, "a", Duration.ofMinutes(1), now)).isPresent();
                assertThat(store.tryAcquire(sync, "b", Duration.ofMinutes(1), now)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many versions are recorded, each once (the primary key guarantees the once). */
    static int recordedVersions(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(version), MAX(version) FROM rostersync_schema_version")) {
            rs.next();
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getInt(3)).isEqualTo(rs.getInt(1));
            return rs.getInt(1);
        }
    }
}
