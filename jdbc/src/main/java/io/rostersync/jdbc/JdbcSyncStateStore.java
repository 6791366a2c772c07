package io.rostersync.jdbc;

import io.rostersync.json.PlanJson;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.WaitingUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SyncStateStore} in any JDBC database the host already runs (H2 and PostgreSQL dialects are
 * shipped). Links, cursors (with their policy fingerprint), held deprovisions, waiting users, the run history of
 * reports, each sync's schedule state, the lease and the event subscribers' positions live in
 * {@code rostersync_*} tables.
 *
 * <h2>Schema</h2>
 * The tables come from versioned SQL scripts shipped in this jar, one folder per dialect:
 * {@code io/rostersync/jdbc/schema/<h2|postgresql>/V1__links_and_leases.sql}, {@code V2__report_history.sql},
 * {@code V3__fingerprint_held_and_waiting.sql}, {@code V4__schedule_state.sql}, {@code V5__event_positions.sql},
 * named as Flyway expects, with a Liquibase changelog,
 * {@code changelog.xml}, beside them that runs the same scripts. Each script records its version in
 * {@code rostersync_schema_version} and may run again harmlessly, so a host picks one of three ways and may
 * switch between them:
 * <ul>
 *   <li>{@link #migrate()} at start-up (or {@link Builder#migrateOnFirstUse(boolean)}): applies the versions
 *       not recorded yet, safely when several nodes start at once;</li>
 *   <li>Flyway, with rostersync's scripts in a history table of their own so they never mix with the host's
 *       versions: <pre>{@code
 * Flyway.configure().dataSource(dataSource)
 *         .locations("classpath:io/rostersync/jdbc/schema/postgresql")
 *         .table("rostersync_flyway_history")
 *         .baselineOnMigrate(true).baselineVersion("0")   // the host's schema is not empty
 *         .load().migrate();
 * }</pre></li>
 *   <li>Liquibase, including {@code io/rostersync/jdbc/schema/postgresql/changelog.xml} (or {@code h2/}) from
 *       the host's changelog.</li>
 * </ul>
 * A store reads the recorded version, whichever way wrote it: {@link #migrate()} after Flyway or Liquibase
 * applied every script applies nothing. A store used before its tables exist, or on a schema older than
 * {@link #LATEST_VERSION} where a call needs what is missing, fails with {@link StateSchemaMissingException}
 * naming the version it found; nothing is written half-way.
 *
 * <h2>Leases</h2>
 * The lease is a row per sync with a fencing token that grows with every grant. Every write runs in
 * one transaction that first locks that row and checks the caller's token, so a runner whose lease was
 * taken over (it stalled past the expiry) gets a {@link StaleLeaseException} and cannot overwrite the
 * newer runner's state. Two processes racing for the same sync on one database run it exactly once.
 *
 * <h2>Errors and threads</h2>
 * Thread-safe; every call borrows a connection from the data source and returns it. A missing schema is a
 * {@link StateSchemaMissingException} (kind {@link FailureKind#INVALID_CONFIGURATION}); any other database
 * error is a {@link RosterSyncException} of kind {@link FailureKind#TRANSIENT} carrying the
 * {@link SQLException} as its cause; a stale lease is a {@link StaleLeaseException}.
 *
 * @since 0.1.0
 */
public final class JdbcSyncStateStore implements SyncStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSyncStateStore.class);
    /** The schema version this release needs; {@link #migrate()} brings a database up to it. */
    public static final int LATEST_VERSION = 5;
    /**
     * The shipped scripts of each dialect folder, version 1 first, named as Flyway expects
     * ({@code V<version>__<description>.sql}); the same names in every dialect.
     */
    static final List<String> SCRIPTS = List.of(
            "V1__links_and_leases.sql", "V2__report_history.sql", "V3__fingerprint_held_and_waiting.sql",
            "V4__schedule_state.sql", "V5__event_positions.sql");
    /** Key of PostgreSQL's transaction-level advisory lock taken by {@link #migrate()} ("rostersy"). */
    private static final long PG_MIGRATION_LOCK = 0x726f737465727379L;
    /** How long an H2 migration waits for another node's to finish. */
    private static final Duration MIGRATION_LOCK_WAIT = Duration.ofMinutes(5);

    /** Databases with shipped DDL. */
    private enum Dialect {
        H2("h2"), POSTGRESQL("postgresql");

        private final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final int reportHistory;
    private final boolean migrateOnFirstUse;
    private volatile boolean migrated;

    private JdbcSyncStateStore(DataSource dataSource, Clock clock, int reportHistory, boolean migrateOnFirstUse) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reportHistory = reportHistory;
        this.migrateOnFirstUse = migrateOnFirstUse;
    }

    /**
     * A store over the host's data source, with the system clock and the default report history. The schema must
     * be in place: call {@link #migrate()} once before use, or apply the scripts with Flyway or Liquibase.
     *
     * @param dataSource where the {@code rostersync_*} tables live
     * @return the store
     */
    public static JdbcSyncStateStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * As {@link #create(DataSource)}, with the clock used to stamp schema versions.
     *
     * @param dataSource where the {@code rostersync_*} tables live
     * @param clock      stamps the versions {@link #migrate()} applies
     * @return the store
     */
    public static JdbcSyncStateStore create(DataSource dataSource, Clock clock) {
        return builder(dataSource).clock(clock).build();
    }

    /**
     * A builder for a store over the host's data source.
     *
     * @param dataSource where the {@code rostersync_*} tables live
     * @return a builder with the defaults
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Settings of a {@link JdbcSyncStateStore}; only the data source is required. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private int reportHistory = DEFAULT_REPORT_HISTORY;
        private boolean migrateOnFirstUse;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * The clock used to stamp schema versions (the system UTC clock by default).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How many reports per sync the store keeps ({@value SyncStateStore#DEFAULT_REPORT_HISTORY} by
         * default); older ones are deleted as new ones are saved.
         *
         * @param value reports kept per sync
         * @return this builder
         * @throws IllegalArgumentException when {@code value} is less than 1
         */
        public Builder reportHistory(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("reportHistory must be at least 1 (the last report is always kept), was " + value);
            }
            reportHistory = value;
            return this;
        }

        /**
         * Whether the store runs {@link #migrate()} itself before its first call (off by default: a host
         * that manages its schema, or whose application user may not create tables, calls it or runs the
         * shipped SQL at deployment). Safe with several nodes starting at once.
         *
         * @param value whether to migrate before the first call
         * @return this builder
         */
        public Builder migrateOnFirstUse(boolean value) {
            migrateOnFirstUse = value;
            return this;
        }

        /**
         * The store; nothing touches the database until its first call.
         *
         * @return the store
         */
        public JdbcSyncStateStore build() {
            return new JdbcSyncStateStore(dataSource, clock, reportHistory, migrateOnFirstUse);
        }
    }

    /**
     * Creates or upgrades the tables. Idempotent, and safe when several nodes call it at once: on
     * PostgreSQL the whole migration is one transaction under a transaction-level advisory lock; on H2,
     * whose DDL commits as it goes, a second connection holds a row lock in
     * {@code rostersync_migration_lock} while the first applies the scripts, so on H2 this call borrows
     * two connections at once.
     *
     * @return the schema version now in place
     * @throws RosterSyncException of kind {@link FailureKind#INVALID_CONFIGURATION} for an unsupported database
     */
    public int migrate() {
        Dialect dialect = transaction(JdbcSyncStateStore::dialectOf);
        int version = dialect == Dialect.H2
                ? underH2MigrationLock(() -> transaction(c -> applyMigrations(c, dialect)))
                : transaction(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_xact_lock(" + PG_MIGRATION_LOCK + ")");
                    }
                    return applyMigrations(c, dialect);
                });
        migrated = true;
        return version;
    }

    /** Applies the versions not yet recorded; the caller holds the migration lock. */
    private int applyMigrations(Connection c, Dialect dialect) throws SQLException {
        int current = 0;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS rostersync_schema_version (version INT NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL)");
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM rostersync_schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
        }
        for (int v = current + 1; v <= LATEST_VERSION; v++) {
            for (String sql : statements(dialect, v)) {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }
            // The script records its own version (so Flyway, Liquibase or a DBA running it leaves the same
            // record); the store stamps it with its clock.
            try (PreparedStatement p = c.prepareStatement("UPDATE rostersync_schema_version SET applied_at_ms = ? WHERE version = ?")) {
                p.setLong(1, clock.millis());
                p.setInt(2, v);
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("schema script " + SCRIPTS.get(v - 1) + " did not record version " + v);
                }
            }
            LOG.info("rostersync state schema migrated to version {} ({})", v, dialect);
        }
        return Math.max(current, LATEST_VERSION);
    }

    /**
     * Runs {@code work} while another connection holds the row lock of {@code rostersync_migration_lock},
     * creating that table and row first if absent (a racing creator's duplicate is retried). H2 commits
     * DDL as it runs, so the lock cannot live on the connection that migrates.
     */
    private int underH2MigrationLock(java.util.function.IntSupplier work) {
        long deadline = System.nanoTime() + MIGRATION_LOCK_WAIT.toNanos();
        try (Connection lock = dataSource.getConnection()) {
            boolean auto = lock.getAutoCommit();
            try {
                lock.setAutoCommit(true);
                for (int attempt = 1; ; attempt++) {
                    try (Statement s = lock.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS rostersync_migration_lock (id INT NOT NULL PRIMARY KEY)");
                        s.executeUpdate("INSERT INTO rostersync_migration_lock (id) SELECT 1 WHERE NOT EXISTS "
                                + "(SELECT 1 FROM rostersync_migration_lock WHERE id = 1)");
                        break;
                    } catch (SQLException e) {
                        // another node created the table or the row between our check and our write
                        if (!(isUniqueViolation(e) || "42S01".equals(e.getSQLState())) || attempt >= 10) {
                            throw e;
                        }
                    }
                }
                lock.setAutoCommit(false);
                while (true) {
                    try (Statement s = lock.createStatement();
                         ResultSet rs = s.executeQuery("SELECT id FROM rostersync_migration_lock WHERE id = 1 FOR UPDATE")) {
                        rs.next();
                        break;
                    } catch (SQLException e) {
                        rollbackQuietly(lock);
                        if (!isLockTimeout(e) || System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                }
                try {
                    return work.getAsInt();
                } finally {
                    rollbackQuietly(lock);
                }
            } finally {
                lock.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    @Override
    public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
        Objects.requireNonNull(owner, "owner");
        try {
            return inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT fencing_token, expires_at_ms, held FROM rostersync_lease WHERE sync_id = ? FOR UPDATE")) {
                    p.setString(1, syncId.value());
                    try (ResultSet rs = p.executeQuery()) {
                        Instant expires = now.plus(ttl);
                        if (!rs.next()) {
                            try (PreparedStatement ins = c.prepareStatement(
                                    "INSERT INTO rostersync_lease (sync_id, owner, fencing_token, expires_at_ms, held) VALUES (?, ?, 1, ?, TRUE)")) {
                                ins.setString(1, syncId.value());
                                ins.setString(2, owner);
                                ins.setLong(3, expires.toEpochMilli());
                                ins.executeUpdate();
                            }
                            return Optional.of(new Lease(syncId, owner, 1, expires));
                        }
                        long token = rs.getLong(1);
                        long expiresAt = rs.getLong(2);
                        boolean held = rs.getBoolean(3);
                        if (held && now.toEpochMilli() < expiresAt) {
                            return Optional.<Lease>empty();
                        }
                        long next = token + 1;
                        try (PreparedStatement up = c.prepareStatement(
                                "UPDATE rostersync_lease SET owner = ?, fencing_token = ?, expires_at_ms = ?, held = TRUE WHERE sync_id = ?")) {
                            up.setString(1, owner);
                            up.setLong(2, next);
                            up.setLong(3, expires.toEpochMilli());
                            up.setString(4, syncId.value());
                            up.executeUpdate();
                        }
                        return Optional.of(new Lease(syncId, owner, next, expires));
                    }
                }
            });
        } catch (RosterSyncException e) {
            if (e.getCause() instanceof SQLException sql && isUniqueViolation(sql)) {
                return Optional.empty(); // another process inserted the first lease row at the same moment
            }
            throw e;
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl, Instant now) {
        Instant expires = now.plus(ttl);
        fenced(lease, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE rostersync_lease SET expires_at_ms = ? WHERE sync_id = ? AND fencing_token = ?")) {
                p.setLong(1, expires.toEpochMilli());
                p.setString(2, lease.syncId().value());
                p.setLong(3, lease.fencingToken());
                p.executeUpdate();
            }
        });
        return new Lease(lease.syncId(), lease.owner(), lease.fencingToken(), expires);
    }

    @Override
    public boolean isCurrent(Lease lease, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT fencing_token, expires_at_ms, held FROM rostersync_lease WHERE sync_id = ?")) {
                p.setString(1, lease.syncId().value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() && rs.getLong(1) == lease.fencingToken() && rs.getBoolean(3)
                            && now.toEpochMilli() < rs.getLong(2);
                }
            }
        });
    }

    @Override
    public void release(Lease lease) {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE rostersync_lease SET held = FALSE WHERE sync_id = ? AND fencing_token = ?")) {
                p.setString(1, lease.syncId().value());
                p.setLong(2, lease.fencingToken());
                return p.executeUpdate(); // rows released: none when the lease was already taken over
            }
        });
    }

    @Override
    public Links links(SyncId syncId) {
        return inTransaction(c -> {
            List<Link> links = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT source_id, target_id, deactivated_by_sync FROM rostersync_link WHERE sync_id = ?")) {
                p.setString(1, syncId.value());
                p.setFetchSize(1000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        links.add(new Link(NativeId.of(rs.getString(1)), NativeId.of(rs.getString(2)), rs.getBoolean(3)));
                    }
                }
            }
            return Links.of(links);
        });
    }

    @Override
    public void saveLink(Lease lease, Link link) {
        fenced(lease, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT source_id FROM rostersync_link WHERE sync_id = ? AND target_id = ? AND source_id <> ?")) {
                p.setString(1, lease.syncId().value());
                p.setString(2, link.targetId().value());
                p.setString(3, link.sourceId().value());
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        throw new ConflictException("target " + link.targetId()
                                + " is already linked to source " + rs.getString(1));
                    }
                }
            }
            deleteLink(c, lease.syncId(), link.sourceId());
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO rostersync_link (sync_id, source_id, target_id, deactivated_by_sync) VALUES (?, ?, ?, ?)")) {
                p.setString(1, lease.syncId().value());
                p.setString(2, link.sourceId().value());
                p.setString(3, link.targetId().value());
                p.setBoolean(4, link.deactivatedBySync());
                p.executeUpdate();
            }
        });
    }

    @Override
    public void removeLink(Lease lease, NativeId sourceId) {
        fenced(lease, c -> deleteLink(c, lease.syncId(), sourceId));
    }

    private static void deleteLink(Connection c, SyncId syncId, NativeId sourceId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM rostersync_link WHERE sync_id = ? AND source_id = ?")) {
            p.setString(1, syncId.value());
            p.setString(2, sourceId.value());
            p.executeUpdate();
        }
    }

    @Override
    public Optional<Cursor> cursor(SyncId syncId) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT cursor_value FROM rostersync_cursor WHERE sync_id = ?")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(Cursor.of(rs.getString(1))) : Optional.<Cursor>empty();
                }
            }
        });
    }

    @Override
    public Optional<String> cursorFingerprint(SyncId syncId) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT policy_fingerprint FROM rostersync_cursor WHERE sync_id = ?")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        Objects.requireNonNull(cursor, "cursor");
        requireFingerprint(policyFingerprint);
        fenced(lease, c -> {
            replace(c, "rostersync_cursor", lease.syncId());
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO rostersync_cursor (sync_id, cursor_value, policy_fingerprint) VALUES (?, ?, ?)")) {
                p.setString(1, lease.syncId().value());
                p.setString(2, cursor.value());
                p.setString(3, policyFingerprint);
                p.executeUpdate();
            }
        });
    }

    /** The longest fingerprint the schema keeps. */
    static final int MAX_FINGERPRINT = 1000;

    static void requireFingerprint(String fingerprint) {
        Objects.requireNonNull(fingerprint, "policyFingerprint");
        if (fingerprint.isBlank() || fingerprint.length() > MAX_FINGERPRINT) {
            throw new IllegalArgumentException("policy fingerprint must be 1 to " + MAX_FINGERPRINT + " characters, not blank");
        }
    }

    @Override
    public List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
        return inTransaction(c -> {
            List<HeldDeprovision> held = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT target_id, source_id, label, action, reason, held_since_ms"
                    + " FROM rostersync_held WHERE sync_id = ? ORDER BY seq")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        String source = rs.getString(2);
                        held.add(new HeldDeprovision(NativeId.of(rs.getString(1)),
                                source == null ? Optional.empty() : Optional.of(NativeId.of(source)), rs.getString(3),
                                ActionKind.valueOf(rs.getString(4)), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
            }
            return List.copyOf(held);
        });
    }

    @Override
    public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
        List<HeldDeprovision> copy = List.copyOf(held);
        requireDistinct(copy.stream().map(HeldDeprovision::targetId).toList(), "target account");
        fenced(lease, c -> {
            replace(c, "rostersync_held", lease.syncId());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rostersync_held"
                    + " (sync_id, seq, target_id, source_id, label, action, reason, held_since_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < copy.size(); i++) {
                    HeldDeprovision h = copy.get(i);
                    p.setString(1, lease.syncId().value());
                    p.setInt(2, i);
                    p.setString(3, h.targetId().value());
                    p.setString(4, h.sourceId().map(NativeId::value).orElse(null));
                    p.setString(5, h.label());
                    p.setString(6, h.action().name());
                    p.setString(7, h.reason());
                    p.setLong(8, h.heldSince().toEpochMilli());
                    p.addBatch();
                }
                if (!copy.isEmpty()) {
                    p.executeBatch();
                }
            }
        });
    }

    @Override
    public List<WaitingUser> waitingUsers(SyncId syncId) {
        return inTransaction(c -> {
            List<WaitingUser> waiting = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT source_id, label, reason, since_ms"
                    + " FROM rostersync_waiting WHERE sync_id = ? ORDER BY seq")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        waiting.add(new WaitingUser(NativeId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            return List.copyOf(waiting);
        });
    }

    @Override
    public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
        List<WaitingUser> copy = List.copyOf(waiting);
        requireDistinct(copy.stream().map(WaitingUser::sourceId).toList(), "source user");
        fenced(lease, c -> {
            replace(c, "rostersync_waiting", lease.syncId());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rostersync_waiting"
                    + " (sync_id, seq, source_id, label, reason, since_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < copy.size(); i++) {
                    WaitingUser w = copy.get(i);
                    p.setString(1, lease.syncId().value());
                    p.setInt(2, i);
                    p.setString(3, w.sourceId().value());
                    p.setString(4, w.label());
                    p.setString(5, w.reason());
                    p.setLong(6, w.since().toEpochMilli());
                    p.addBatch();
                }
                if (!copy.isEmpty()) {
                    p.executeBatch();
                }
            }
        });
    }

    private static void requireDistinct(List<NativeId> ids, String what) {
        Set<NativeId> seen = new HashSet<>();
        for (NativeId id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("two entries name the same " + what + " " + id);
            }
        }
    }

    @Override
    public Optional<SyncReport> lastReport(SyncId syncId) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT report_json FROM rostersync_report WHERE sync_id = ?")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(PlanJson.readReport(rs.getString(1))) : Optional.<SyncReport>empty();
                }
            }
        });
    }

    @Override
    public void saveReport(Lease lease, SyncReport report) {
        String json = PlanJson.write(report);
        fenced(lease, c -> {
            replace(c, "rostersync_report", lease.syncId());
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO rostersync_report (sync_id, finished_at_ms, report_json) VALUES (?, ?, ?)")) {
                p.setString(1, lease.syncId().value());
                p.setLong(2, report.finishedAt().toEpochMilli());
                p.setString(3, json);
                p.executeUpdate();
            }
            appendToHistory(c, lease.syncId(), report, json);
        });
    }

    /** Adds the report as the sync's newest and deletes those beyond the last {@code reportHistory}. */
    private void appendToHistory(Connection c, SyncId syncId, SyncReport report, String json) throws SQLException {
        long seq;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM rostersync_report_history WHERE sync_id = ?")) {
            p.setString(1, syncId.value());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO rostersync_report_history (sync_id, seq, finished_at_ms, report_json) VALUES (?, ?, ?, ?)")) {
            p.setString(1, syncId.value());
            p.setLong(2, seq);
            p.setLong(3, report.finishedAt().toEpochMilli());
            p.setString(4, json);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM rostersync_report_history WHERE sync_id = ? AND seq <= ?")) {
            p.setString(1, syncId.value());
            p.setLong(2, seq - reportHistory);
            p.executeUpdate();
        }
    }

    @Override
    public List<SyncReport> reports(SyncId syncId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return inTransaction(c -> {
            List<SyncReport> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT report_json FROM rostersync_report_history WHERE sync_id = ? ORDER BY seq DESC LIMIT ?")) {
                p.setString(1, syncId.value());
                p.setInt(2, Math.min(limit, reportHistory));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(PlanJson.readReport(rs.getString(1)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row of {@code rostersync_schedule} per sync (schema version 4); instants are kept to the
     * millisecond, so a state read back equals the one saved when its instants are whole milliseconds.
     */
    @Override
    public ScheduleState scheduleState(SyncId syncId) {
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT last_full_ms, last_incremental_ms, runs_since_full, next_due_ms"
                    + " FROM rostersync_schedule WHERE sync_id = ?")) {
                p.setString(1, syncId.value());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return ScheduleState.never();
                    }
                    return new ScheduleState(instant(rs, 1), instant(rs, 2), rs.getInt(3), instant(rs, 4));
                }
            }
        });
    }

    @Override
    public void saveScheduleState(Lease lease, ScheduleState state) {
        Objects.requireNonNull(state, "state");
        fenced(lease, c -> {
            replace(c, "rostersync_schedule", lease.syncId());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rostersync_schedule"
                    + " (sync_id, last_full_ms, last_incremental_ms, runs_since_full, next_due_ms) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, lease.syncId().value());
                setInstant(p, 2, state.lastFullRun());
                setInstant(p, 3, state.lastIncrementalRun());
                p.setInt(4, state.runsSinceFull());
                setInstant(p, 5, state.nextDue());
                p.executeUpdate();
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One row of {@code rostersync_event_position} per sync and stream (schema version 5).
     */
    @Override
    public Optional<EventPosition> eventPosition(SyncId syncId, String stream) {
        requireStream(stream);
        return inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT position_token FROM rostersync_event_position WHERE sync_id = ? AND stream = ?")) {
                p.setString(1, syncId.value());
                p.setString(2, stream);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new EventPosition(rs.getString(1))) : Optional.<EventPosition>empty();
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One short transaction that takes no lease row: an update of the stream's row, or its insert when
     * there is none. A concurrent first save of the same stream makes the insert fail on the key; the save is
     * then run again and updates the row the other one inserted.
     */
    @Override
    public void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
        Objects.requireNonNull(syncId, "syncId");
        requireStream(stream);
        Objects.requireNonNull(position, "position");
        for (int attempt = 1; ; attempt++) {
            try {
                inTransaction(c -> upsertEventPosition(c, syncId, stream, position));
                return;
            } catch (RosterSyncException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                    throw e;
                }
            }
        }
    }

    private static int upsertEventPosition(Connection c, SyncId syncId, String stream, EventPosition position) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE rostersync_event_position SET position_token = ? WHERE sync_id = ? AND stream = ?")) {
            p.setString(1, position.token());
            p.setString(2, syncId.value());
            p.setString(3, stream);
            if (p.executeUpdate() > 0) {
                return 1;
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO rostersync_event_position (sync_id, stream, position_token) VALUES (?, ?, ?)")) {
            p.setString(1, syncId.value());
            p.setString(2, stream);
            p.setString(3, position.token());
            return p.executeUpdate();
        }
    }

    /** The longest stream name the schema keeps. */
    static final int MAX_STREAM = 200;

    private static void requireStream(String stream) {
        Objects.requireNonNull(stream, "stream");
        if (stream.isBlank() || stream.length() > MAX_STREAM) {
            throw new IllegalArgumentException("event stream name must be 1 to " + MAX_STREAM
                    + " characters, not blank (was " + stream.length() + " characters)");
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
    }

    private static void setInstant(PreparedStatement p, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            p.setLong(index, value.get().toEpochMilli());
        } else {
            p.setNull(index, java.sql.Types.BIGINT);
        }
    }

    private static void replace(Connection c, String table, SyncId syncId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE sync_id = ?")) {
            p.setString(1, syncId.value());
            p.executeUpdate();
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface FencedWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} after locking the sync's lease row and checking the caller still holds it. */
    private void fenced(Lease lease, FencedWork work) {
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT fencing_token, held FROM rostersync_lease WHERE sync_id = ? FOR UPDATE")) {
                p.setString(1, lease.syncId().value());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != lease.fencingToken() || !rs.getBoolean(2)) {
                        throw new StaleLeaseException(lease);
                    }
                }
            }
            work.run(c);
            return Boolean.TRUE; // nothing to return; a value, since Work results are never null
        });
    }

    private <T> T inTransaction(Work<T> work) {
        if (migrateOnFirstUse && !migrated) {
            synchronized (this) {
                if (!migrated) {
                    migrate();
                }
            }
        }
        return transaction(work);
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** A database error as the store's exception: a missing schema says so and how to create it. */
    private RosterSyncException storeError(SQLException e) {
        if (isMissingObject(e)) {
            return new StateSchemaMissingException(foundVersion(), LATEST_VERSION, e);
        }
        return new TransientException("state store: database error " + e.getSQLState() + " (" + e.getClass().getSimpleName() + ")", e);
    }

    /** The schema version recorded in the database, 0 when there is none, -1 when it cannot be read. */
    private int foundVersion() {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM rostersync_schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return isMissingObject(e) ? 0 : -1;
        }
    }

    /** SQL states of a missing table or column: H2 (42S02, 42S03, 42S04, 42S22) and PostgreSQL (42P01, 42703). */
    private static final java.util.Set<String> MISSING_OBJECT_STATES =
            java.util.Set.of("42S02", "42S03", "42S04", "42S22", "42P01", "42703");

    private static boolean isMissingObject(SQLException e) {
        return e.getSQLState() != null && MISSING_OBJECT_STATES.contains(e.getSQLState());
    }

    private static boolean isLockTimeout(SQLException e) {
        return "HYT00".equals(e.getSQLState()) || e.getErrorCode() == 50200;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
    }

    private static Dialect dialectOf(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return Dialect.H2;
        }
        if (product.contains("postgres")) {
            return Dialect.POSTGRESQL;
        }
        throw new InvalidConfigurationException("no rostersync schema for database '" + c.getMetaData().getDatabaseProductName() + "' (H2 and PostgreSQL are supported)");
    }

    private static List<String> statements(Dialect dialect, int version) {
        String path = "/io/rostersync/jdbc/schema/" + dialect.folder + "/" + SCRIPTS.get(version - 1);
        try (InputStream in = JdbcSyncStateStore.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + path);
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : sql.split("\n", -1)) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    String stmt = current.toString().strip();
                    out.add(stmt.substring(0, stmt.length() - 1));
                    current.setLength(0);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + path, e);
        }
    }

    @Override
    public String toString() {
        return "JdbcSyncStateStore";
    }
}
