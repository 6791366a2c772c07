package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.json.PlanJson;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.StateSchemaMissingException;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §5: a store used before its schema exists says so and how to create it; migrate-on-first-use
 * is safe with many nodes starting at once; an upgrade from version 1 keeps the last report as the first
 * entry of the history.
 */
abstract class StoreStartupContract {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final Duration TTL = Duration.ofMinutes(5);
    static final SyncId SYNC = SyncId.of("startup");

    abstract DataSource freshDatabase(String name) throws Exception;

    /** Folder of the shipped scripts for this database. */
    abstract String dialect();

    @Test
    void everyCallOnAStoreWithoutItsTablesSaysTheSchemaIsMissingAndHowToCreateIt() throws Exception {
        JdbcSyncStateStore store = JdbcSyncStateStore.create(freshDatabase("missing"));
        Lease lease = new Lease(SYNC, "a", 1, T0.plus(TTL));
        List<ThrowingCallable> calls = List.of(
                () -> store.tryAcquire(SYNC, "a", TTL, T0),
                () -> store.renew(lease, TTL, T0),
                () -> store.release(lease),
                () -> store.links(SYNC),
                () -> store.saveLink(lease, Link.of(NativeId.of("s"), NativeId.of("t"))),
                () -> store.removeLink(lease, NativeId.of("s")),
                () -> store.cursor(SYNC),
                () -> store.saveCursor(lease, Cursor.of("c"), "fingerprint"),
                () -> store.heldDeprovisions(SYNC),
                () -> store.waitingUsers(SYNC),
                () -> store.cursorFingerprint(SYNC),
                () -> store.lastReport(SYNC),
                () -> store.saveReport(lease, report(1)),
                () -> store.reports(SYNC, 5));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StateSchemaMissingException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                assertThat(e.foundVersion()).isZero();
                assertThat(e.getMessage())
                        .contains("do not exist", "migrate()", "migrateOnFirstUse", "Flyway", "V1__links_and_leases.sql",
                                "Liquibase", "changelog.xml")
                        .doesNotContain("could not be reached", "42S02", "42P01");
            });
        }
    }

    @Test
    void aRunOnAStoreWithoutItsTablesEndsFailedSayingTheStoreIsNotSetUp() throws Exception {
        JdbcSyncStateStore store = JdbcSyncStateStore.create(freshDatabase("run-missing"));
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(1).profiles(2).forEach(source::add);
        SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(InMemoryUserDirectory.create("target"))
                .stateStore(store).build().run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("not set up", "migrate()").doesNotContain("could not be reached");
    }

    @Test
    void aStoreAtAnOlderSchemaSaysWhichVersionItFoundAndWritesNothingHalfWay() throws Exception {
        DataSource db = freshDatabase("old");
        applyVersion1(db, Optional.empty());
        JdbcSyncStateStore store = JdbcSyncStateStore.create(db);
        Lease lease = store.tryAcquire(SYNC, "a", TTL, T0).orElseThrow(); // version 1 tables serve this
        assertThatThrownBy(() -> store.saveReport(lease, report(1)))
                .isInstanceOfSatisfying(StateSchemaMissingException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(1);
                    assertThat(e.requiredVersion()).isGreaterThanOrEqualTo(2);
                    assertThat(e.getMessage()).contains("at version 1", "migrate()");
                });
        assertThat(store.lastReport(SYNC)).as("rolled back with the history insert").isEmpty();
        assertThatThrownBy(() -> store.reports(SYNC, 3)).isInstanceOf(StateSchemaMissingException.class);

        store.migrate();
        store.saveReport(lease, report(1));
        assertThat(store.reports(SYNC, 3)).containsExactly(report(1));
    }

    @Test
    void nodesUpgradingFromVersion1AtOnceKeepEachLastReportAsTheFirstOfItsHistoryOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            DataSource db = freshDatabase("upgrade" + round);
            applyVersion1(db, Optional.of(report(7)));
            List<Integer> versions = allAtOnce(4, () -> JdbcSyncStateStore.create(db).migrate());
            assertThat(versions).containsOnly(versions.get(0));
            JdbcSyncStateStore store = JdbcSyncStateStore.create(db);
            assertThat(store.reports(SYNC, 10)).containsExactly(report(7));
            assertThat(store.lastReport(SYNC)).contains(report(7));
            Lease lease = store.tryAcquire(SYNC, "a", TTL, T0).orElseThrow();
            store.saveReport(lease, report(8));
            assertThat(store.reports(SYNC, 10)).containsExactly(report(8), report(7));
        }
    }

    @Test
    void migrateOnFirstUseCreatesTheSchemaOnceWhenManyNodesStartAtOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            DataSource db = freshDatabase("first-use" + round);
            List<Integer> granted = allAtOnce(4, () -> JdbcSyncStateStore.builder(db).migrateOnFirstUse(true).build()
                    .tryAcquire(SYNC, "node", TTL, T0).isPresent() ? 1 : 0);
            assertThat(granted.stream().mapToInt(Integer::intValue).sum()).as("round %d: one lease", round).isEqualTo(1);
            assertThat(ConcurrentMigrationContract.recordedVersions(db)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void migrateOnFirstUseIsOffUnlessAsked() throws Exception {
        DataSource db = freshDatabase("not-asked");
        assertThatThrownBy(() -> JdbcSyncStateStore.builder(db).build().cursor(SYNC)).isInstanceOf(StateSchemaMissingException.class);
        assertThat(JdbcSyncStateStore.builder(db).migrateOnFirstUse(true).build().cursor(SYNC)).isEmpty();
    }

    @Test
    void theHostSetsHowManyReportsAreKept() throws Exception {
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(freshDatabase("history")).reportHistory(3)
                .migrateOnFirstUse(true).build();
        Lease lease = store.tryAcquire(SYNC, "a", TTL, T0).orElseThrow();
        for (int i = 1; i <= 6; i++) {
            store.saveReport(lease, report(i));
        }
        assertThat(store.reports(SYNC, 10)).containsExactly(report(6), report(5), report(4));
        assertThatThrownBy(() -> JdbcSyncStateStore.builder(freshDatabase("zero")).reportHistory(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reportHistory");
    }

    // ---- helpers --------------------------------------------------------------------------------

    static SyncReport report(int run) {
        Instant started = T0.plusSeconds(60L * run);
        return new SyncReport(SYNC, started, started.plusSeconds(1), RunStatus.SUCCEEDED, PlanMode.FULL, 2, 2,
                Map.of(ActionKind.CREATE, 1), 1, List.of(), List.of(), List.of(), "run " + run);
    }

    /** The database as a node of the previous release left it: version 1, optionally with a last report. */
    void applyVersion1(DataSource db, Optional<SyncReport> lastReport) throws Exception {
        String path = "/io/rostersync/jdbc/schema/" + dialect() + "/V1__links_and_leases.sql";
        String sql;
        try (InputStream in = JdbcSyncStateStore.class.getResourceAsStream(path)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            StringBuilder body = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    body.append(line).append('\n');
                }
            }
            for (String stmt : body.toString().split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
            // the script records version 1 itself
            if (lastReport.isPresent()) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO rostersync_report (sync_id, finished_at_ms, report_json) VALUES (?, ?, ?)")) {
                    p.setString(1, SYNC.value());
                    p.setLong(2, lastReport.get().finishedAt().toEpochMilli());
                    p.setString(3, PlanJson.write(lastReport.get()));
                    p.executeUpdate();
                }
            }
        }
    }

    interface Node<T> {
        T call() throws Exception;
    }

    static <T> List<T> allAtOnce(int nodes, Node<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return work.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
