package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.ScheduleState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/**
 * The state schema applied by Flyway or Liquibase instead of the store's own {@link JdbcSyncStateStore#migrate()}:
 * the store recognises it (applies nothing again), refuses a schema a tool left at an older version, and
 * the ways can be mixed on one database.
 */
abstract class SchemaToolsContract {

    static final SyncId SYNC = SyncId.of("tools");
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final Duration TTL = Duration.ofMinutes(5);
    static final String STREAM = "/data/UserChangeEvent";
    static final List<Integer> ALL_VERSIONS =
            java.util.stream.IntStream.rangeClosed(1, JdbcSyncStateStore.LATEST_VERSION).boxed().toList();

    abstract DataSource freshDatabase(String name) throws Exception;

    abstract String dialect();

    @Test
    void flywayRunsEveryShippedScriptAndTheStoreRecognisesTheSchemaWithoutApplyingAnythingAgain() throws Exception {
        DataSource db = freshDatabase("flyway");
        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);

        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).build();
        workingStore(store);
        assertThat(store.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).as("nothing left for Flyway").isZero();
        SchemaTools.flyway(db, dialect(), "latest").validate();
    }

    @Test
    void liquibaseRunsTheShippedChangelogAndTheStoreRecognisesTheSchemaWithoutApplyingAnythingAgain() throws Exception {
        DataSource db = freshDatabase("liquibase");
        SchemaTools.liquibaseUpdate(db, dialect());
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
        assertThat(changeSets(db)).as("one change set per version, in order")
                .isEqualTo(ALL_VERSIONS.stream().map(v -> "rostersync-state-" + v).toList());

        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).build();
        workingStore(store);
        assertThat(store.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        SchemaTools.liquibaseUpdate(db, dialect());
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
        assertThat(changeSets(db)).hasSize(JdbcSyncStateStore.LATEST_VERSION);
    }

    @Test
    void aSchemaFlywayLeftAtVersion2IsRefusedWhereVersion3IsNeededAndNamesVersion2() throws Exception {
        DataSource db = freshDatabase("flyway-v2");
        assertThat(SchemaTools.flywayMigrate(db, dialect(), "2").migrationsExecuted).isEqualTo(2);
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
        Lease lease = store.tryAcquire(SYNC, "a", TTL, T0).orElseThrow(); // version 1 tables serve this

        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> needVersion3 = List.of(
                () -> store.cursorFingerprint(SYNC),
                () -> store.saveCursor(lease, Cursor.of("c"), "fingerprint"),
                () -> store.heldDeprovisions(SYNC),
                () -> store.waitingUsers(SYNC));
        for (var call : needVersion3) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StateSchemaMissingException.class, e -> {
                assertThat(e.foundVersion()).isEqualTo(2);
                assertThat(e.requiredVersion()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
                assertThat(e.getMessage()).contains("at version 2", "needs " + JdbcSyncStateStore.LATEST_VERSION, "Flyway", "Liquibase");
            });
        }
        assertThat(store.cursor(SYNC)).as("the failed save wrote nothing").isEmpty();

        // Flyway finishes the job; the store works without migrating itself
        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(JdbcSyncStateStore.LATEST_VERSION - 2);
        store.saveCursor(lease, Cursor.of("c"), "fingerprint");
        assertThat(store.cursorFingerprint(SYNC)).contains("fingerprint");
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
    }

    @Test
    void aSchemaFlywayLeftAtVersion3IsRefusedForTheScheduleStateAndKeepsEverythingElseWorking() throws Exception {
        DataSource db = freshDatabase("flyway-v3");
        assertThat(SchemaTools.flywayMigrate(db, dialect(), "3").migrationsExecuted).isEqualTo(3);
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
        Lease lease = store.tryAcquire(SYNC, "a", TTL, T0).orElseThrow();
        store.saveCursor(lease, Cursor.of("c"), "fingerprint"); // version 3 serves this

        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> needVersion4 = List.of(
                () -> store.scheduleState(SYNC),
                () -> store.saveScheduleState(lease, new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0))));
        for (var call : needVersion4) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StateSchemaMissingException.class, e -> {
                assertThat(e.foundVersion()).isEqualTo(3);
                assertThat(e.requiredVersion()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
                assertThat(e.getMessage()).contains("at version 3", "needs " + JdbcSyncStateStore.LATEST_VERSION);
            });
        }

        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(JdbcSyncStateStore.LATEST_VERSION - 3);
        assertThat(store.scheduleState(SYNC)).as("a sync that ran before the upgrade starts afresh").isEqualTo(ScheduleState.never());
        store.saveScheduleState(lease, new ScheduleState(Optional.of(T0), Optional.empty(), 0, Optional.of(T0.plus(TTL))));
        assertThat(store.scheduleState(SYNC).nextDue()).contains(T0.plus(TTL));
        assertThat(store.cursorFingerprint(SYNC)).contains("fingerprint");
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
    }

    @Test
    void aSchemaFlywayLeftAtVersion4IsRefusedForEventPositionsAndKeepsEverythingElseWorking() throws Exception {
        DataSource db = freshDatabase("flyway-v4");
        assertThat(SchemaTools.flywayMigrate(db, dialect(), "4").migrationsExecuted).isEqualTo(4);
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).migrateOnFirstUse(false).build();
        runStateWorks(store); // version 4 serves every run's state

        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> needVersion5 = List.of(
                () -> store.eventPosition(SYNC, STREAM),
                () -> store.saveEventPosition(SYNC, STREAM, new EventPosition("AQ==")));
        for (var call : needVersion5) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StateSchemaMissingException.class, e -> {
                assertThat(e.foundVersion()).isEqualTo(4);
                assertThat(e.requiredVersion()).isEqualTo(5);
                assertThat(e.getMessage()).contains("at version 4", "needs 5", "V5");
            });
        }

        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(1);
        assertThat(store.eventPosition(SYNC, STREAM)).as("the failed save wrote nothing").isEmpty();
        store.saveEventPosition(SYNC, STREAM, new EventPosition("AQ=="));
        assertThat(store.eventPosition(SYNC, STREAM)).contains(new EventPosition("AQ=="));
        assertThat(store.links(SYNC).size()).as("the state saved before the upgrade is kept").isEqualTo(1);
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
    }

    @Test
    void aStoreMigratesWhatFlywayLeftAtVersion2AndFlywayLaterRunsVersion3OverItHarmlessly() throws Exception {
        DataSource db = freshDatabase("flyway-then-store");
        SchemaTools.flywayMigrate(db, dialect(), "2");
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).build();
        assertThat(store.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        workingStore(store);

        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(JdbcSyncStateStore.LATEST_VERSION - 2);
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
        assertThat(store.links(SYNC).size()).isEqualTo(1);
    }

    @Test
    void aHostMovingFromMigrateToFlywayOrLiquibaseKeepsItsStateAndEachVersionIsRecordedOnce() throws Exception {
        DataSource db = freshDatabase("store-then-tools");
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).build();
        store.migrate();
        workingStore(store);

        // the schema is not empty (the store's tables are there): Flyway baselines at 0 and runs the scripts over it
        assertThat(SchemaTools.flywayMigrate(db, dialect()).migrationsExecuted).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        SchemaTools.liquibaseUpdate(db, dialect());
        assertThat(versions(db)).isEqualTo(ALL_VERSIONS);
        assertThat(store.links(SYNC).size()).isEqualTo(1);
        assertThat(SchemaTools.flyway(db, dialect(), "latest").info().applied()).extracting(MigrationInfo::getScript)
                .contains(JdbcSyncStateStore.SCRIPTS.toArray(String[]::new));
    }

    @Test
    void aDatabaseWithoutTheSchemaIsStillRefusedWhenNoToolRan() throws Exception {
        DataSource db = freshDatabase("none");
        assertThatThrownBy(() -> JdbcSyncStateStore.builder(db).build().links(SYNC))
                .isInstanceOfSatisfying(StateSchemaMissingException.class, e -> assertThat(e.foundVersion()).isZero());
    }

    @Test
    void everyVersionHasAScriptNamedForFlywayAndAChangeSetThatRunsIt() throws Exception {
        assertThat(JdbcSyncStateStore.SCRIPTS).hasSize(JdbcSyncStateStore.LATEST_VERSION);
        String changelog;
        try (java.io.InputStream in = JdbcSyncStateStore.class.getResourceAsStream(
                "/io/rostersync/jdbc/schema/" + dialect() + "/changelog.xml")) {
            changelog = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (int v = 1; v <= JdbcSyncStateStore.LATEST_VERSION; v++) {
            String script = JdbcSyncStateStore.SCRIPTS.get(v - 1);
            assertThat(script).matches("V" + v + "__[a-z_]+\\.sql");
            assertThat(JdbcSyncStateStore.class.getResource("/io/rostersync/jdbc/schema/" + dialect() + "/" + script)).isNotNull();
            assertThat(changelog).contains("id=\"rostersync-state-" + v + "\"", "path=\"" + script + "\"");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Every kind of a run's state can be written and read back, under a lease. */
    static void runStateWorks(JdbcSyncStateStore store) {
        Lease lease = store.tryAcquire(SYNC, "node", TTL, T0).orElseThrow();
        store.saveLink(lease, Link.of(NativeId.of("s1"), NativeId.of("t1")));
        store.saveCursor(lease, Cursor.of("c1"), "fp");
        store.saveReport(lease, StoreStartupContract.report(1));
        assertThat(store.links(SYNC).size()).isEqualTo(1);
        assertThat(store.cursorFingerprint(SYNC)).contains("fp");
        assertThat(store.reports(SYNC, 5)).hasSize(1);
        assertThat(store.heldDeprovisions(SYNC)).isEmpty();
        assertThat(store.waitingUsers(SYNC)).isEmpty();
        ScheduleState schedule = new ScheduleState(Optional.of(T0), Optional.of(T0.plusSeconds(1)), 1, Optional.of(T0.plusSeconds(2)));
        store.saveScheduleState(lease, schedule);
        assertThat(store.scheduleState(SYNC)).isEqualTo(schedule);
        store.release(lease);
    }

    /** Every kind of state, event positions included, can be written and read back. */
    static void workingStore(JdbcSyncStateStore store) {
        runStateWorks(store);
        store.saveEventPosition(SYNC, STREAM, new EventPosition("AAAAAAAAB3oAAA=="));
        assertThat(store.eventPosition(SYNC, STREAM)).contains(new EventPosition("AAAAAAAAB3oAAA=="));
    }

    static List<Integer> versions(DataSource db) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM rostersync_schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    static List<String> changeSets(DataSource db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
