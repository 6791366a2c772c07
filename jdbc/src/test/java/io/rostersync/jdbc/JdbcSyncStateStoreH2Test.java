package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncStateStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.testkit.SyncStateStoreContract;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import java.util.Optional;

class JdbcSyncStateStoreH2Test extends SyncStateStoreContract {

    private static final JdbcSyncStateStore STORE;
    private static final JdbcDataSource DB;

    static {
        JdbcDataSource ds = new JdbcDataSource();
        DB = ds;
        ds.setURL("jdbc:h2:mem:rostersync-state;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        STORE = JdbcSyncStateStore.create(ds);
        STORE.migrate();
    }

    @Override
    protected SyncStateStore store() {
        return STORE;
    }

    /** A new store over the same database, as after a restart: the contract's durability checks run. */
    @Override
    protected Optional<SyncStateStore> reopened() {
        return Optional.of(JdbcSyncStateStore.builder(DB).migrateOnFirstUse(false).build());
    }

    @Test
    void migrateIsIdempotent() {
        int version = STORE.migrate();
        assertThat(version).isGreaterThanOrEqualTo(2);
        assertThat(STORE.migrate()).isEqualTo(version);
    }

    @Test
    void aVersionOneDatabaseKeepsItsCursorAndGainsAnEmptyFingerprintSoTheNextRunReadsInFull() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:rostersync-v1;DB_CLOSE_DELAY=-1");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String v1 = new String(JdbcSyncStateStore.class.getResourceAsStream("/io/rostersync/jdbc/schema/h2/V1__links_and_leases.sql")
                    .readAllBytes(), StandardCharsets.UTF_8);
            for (String sql : v1.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.execute("INSERT INTO rostersync_cursor (sync_id, cursor_value) VALUES ('old-sync', 'cursor-from-v1')");
        }
        JdbcSyncStateStore upgraded = JdbcSyncStateStore.create(ds);

        assertThat(upgraded.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);

        SyncId old = SyncId.of("old-sync");
        assertThat(upgraded.cursor(old)).contains(Cursor.of("cursor-from-v1"));
        assertThat(upgraded.cursorFingerprint(old)).isEmpty();
        assertThat(upgraded.heldDeprovisions(old)).isEmpty();
        assertThat(upgraded.waitingUsers(old)).isEmpty();
        assertThat(upgraded.scheduleState(old)).as("starts afresh: due now, full read first").isEqualTo(ScheduleState.never());
        assertThat(upgraded.eventPosition(old, "/data/UserChangeEvent")).as("subscribers start from their own default").isEmpty();
    }
}
