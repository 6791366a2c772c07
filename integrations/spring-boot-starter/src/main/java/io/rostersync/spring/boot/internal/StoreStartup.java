package io.rostersync.spring.boot.internal;

import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.model.SyncId;
import io.rostersync.spring.boot.RosterSyncProperties;
import javax.sql.DataSource;

/** Builds the JDBC store at start-up: migrated, or checked when the host migrates it itself. */
public final class StoreStartup {

    /** A sync id no host uses, for reading each table once (nothing is written). */
    private static final SyncId PROBE = SyncId.of("rostersync-schema-check");

    private StoreStartup() {
    }

    /**
     * The store, ready: its schema migrated, or proved present.
     *
     * @param dataSource the application's data source
     * @param settings   {@code rostersync.store.*}
     * @return the store
     * @throws io.rostersync.jdbc.StateSchemaMissingException when migration is off and the schema is missing or old
     */
    public static JdbcSyncStateStore start(DataSource dataSource, RosterSyncProperties.Store settings) {
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(dataSource).reportHistory(settings.getReportHistory()).build();
        if (settings.isMigrate()) {
            store.migrate();
        } else {
            // read every table once: a schema that is missing, or older than this release needs, fails here,
            // naming the version it found, instead of at the first run
            store.links(PROBE);
            store.cursorFingerprint(PROBE);
            store.heldDeprovisions(PROBE);
            store.waitingUsers(PROBE);
            store.lastReport(PROBE);
            store.scheduleState(PROBE);
            store.eventPosition(PROBE, "/probe");
        }
        return store;
    }
}
