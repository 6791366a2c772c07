package io.rostersync.jdbc;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The host application's own user store as a {@link UserDirectory}: a plain {@code app_users} table
 * with roles, groups and attributes in side tables, on any JDBC database (H2 by default, PostgreSQL
 * tested). It is written as the example a host copies and adapts to its own schema: keyset-paged reads,
 * one transaction per write, a unique email and a unique username (ignoring case) enforced by the database.
 * A create that meets a taken email or username answers {@link FailureKind#ALREADY_EXISTS} and changes
 * nothing; {@link #findExisting} names the holders; an update to a taken one is a {@link FailureKind#CONFLICT}.
 *
 * <p>Thread-safe: every call borrows its own connection.
 */
public final class JdbcUserDirectory implements UserDirectory {

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.READ, Capability.CREATE,
            Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE));

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS app_users ("
                + " id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " email VARCHAR(254),"
                + " username VARCHAR(255),"
                // Usernames are unique ignoring case, as in most directories: the lower-cased key carries the constraint.
                + " username_key VARCHAR(255),"
                + " first_name VARCHAR(255) NOT NULL,"
                + " last_name VARCHAR(255) NOT NULL,"
                + " status VARCHAR(16) NOT NULL,"
                + " updated_at_ms BIGINT NOT NULL,"
                + " CONSTRAINT app_users_email_unique UNIQUE (email),"
                + " CONSTRAINT app_users_username_unique UNIQUE (username_key))",
        "CREATE TABLE IF NOT EXISTS app_user_roles (user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,"
                + " role VARCHAR(255) NOT NULL, PRIMARY KEY (user_id, role))",
        "CREATE TABLE IF NOT EXISTS app_user_groups (user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,"
                + " group_name VARCHAR(255) NOT NULL, PRIMARY KEY (user_id, group_name))",
        "CREATE TABLE IF NOT EXISTS app_user_attributes (user_id VARCHAR(64) NOT NULL REFERENCES app_users(id) ON DELETE CASCADE,"
                + " name VARCHAR(255) NOT NULL, attr_value VARCHAR(4000) NOT NULL, PRIMARY KEY (user_id, name))",
    };

    private final String name;
    private final DataSource dataSource;
    private final Clock clock;
    private final int pageSize;

    private JdbcUserDirectory(String name, DataSource dataSource, Clock clock, int pageSize) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = pageSize;
    }

    /** A directory over {@code dataSource}, 500 users per page. Call {@link #createTables()} once. */
    public static JdbcUserDirectory create(String name, DataSource dataSource) {
        return new JdbcUserDirectory(name, dataSource, Clock.systemUTC(), 500);
    }

    public static JdbcUserDirectory create(String name, DataSource dataSource, Clock clock, int pageSize) {
        return new JdbcUserDirectory(name, dataSource, clock, pageSize);
    }

    /** Creates the tables if they do not exist. */
    public JdbcUserDirectory createTables() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            return Boolean.TRUE; // a Work has a result; DDL has none
        });
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public UserPages readAll() {
        return new UserPages() {
            private String after = "";
            private boolean done;

            @Override
            public Optional<UserPage> next() {
                if (done) {
                    return Optional.empty();
                }
                List<ReadProblem> problems = new ArrayList<>();
                List<UserRecord> page = inTransaction(c -> loadPage(c, after, problems));
                if (page.size() < pageSize) {
                    done = true;
                }
                if (page.isEmpty() && problems.isEmpty()) {
                    return Optional.empty();
                }
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).id().value();
                }
                return Optional.of(UserPage.of(page, problems, Optional.empty()));
            }
        };
    }

    private List<UserRecord> loadPage(Connection c, String after, List<ReadProblem> problems) throws SQLException {
        Map<String, UserProfile.Builder> builders = new LinkedHashMap<>();
        Map<String, Long> updated = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement(USER_COLUMNS + " WHERE id > ? ORDER BY id LIMIT ?")) {
            p.setString(1, after);
            p.setInt(2, pageSize);
            readUsers(p, builders, updated, problems);
        }
        if (builders.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(builders.keySet());
        // Side rows of the page's id range, in one query per table (the range follows the same collation as ORDER BY).
        readSides(c, "user_id BETWEEN ? AND ?", List.of(ids.get(0), ids.get(ids.size() - 1)), builders);
        return assemble(builders, updated);
    }

    private List<UserRecord> loadOne(Connection c, String id, List<ReadProblem> problems) throws SQLException {
        Map<String, UserProfile.Builder> builders = new LinkedHashMap<>();
        Map<String, Long> updated = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement(USER_COLUMNS + " WHERE id = ?")) {
            p.setString(1, id);
            readUsers(p, builders, updated, problems);
        }
        if (builders.isEmpty()) {
            return List.of();
        }
        readSides(c, "user_id = ?", List.of(id), builders);
        return assemble(builders, updated);
    }

    private static final String USER_COLUMNS =
            "SELECT id, email, username, first_name, last_name, status, updated_at_ms FROM app_users";

    private static void readUsers(PreparedStatement p, Map<String, UserProfile.Builder> builders, Map<String, Long> updated,
                                  List<ReadProblem> problems) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                try {
                    builders.put(id, UserProfile.builder()
                            .email(Optional.ofNullable(rs.getString(2)).flatMap(EmailAddress::parse))
                            .username(rs.getString(3))
                            .firstName(rs.getString(4))
                            .lastName(rs.getString(5))
                            .status(UserStatus.valueOf(rs.getString(6))));
                    updated.put(id, rs.getLong(7));
                } catch (IllegalArgumentException bad) {
                    problems.add(new ReadProblem("app_users row " + id, Objects.requireNonNullElse(bad.getMessage(), bad.toString())));
                }
            }
        }
    }

    private static void readSides(Connection c, String where, List<String> params, Map<String, UserProfile.Builder> builders)
            throws SQLException {
        sideTable(c, "SELECT user_id, role FROM app_user_roles WHERE " + where, params,
                (b, v, unused) -> b.role(v), builders);
        sideTable(c, "SELECT user_id, group_name FROM app_user_groups WHERE " + where, params,
                (b, v, unused) -> b.group(v), builders);
        sideTable(c, "SELECT user_id, name, attr_value FROM app_user_attributes WHERE " + where, params,
                (b, n, v) -> b.attribute(n, v), builders);
    }

    private static List<UserRecord> assemble(Map<String, UserProfile.Builder> builders, Map<String, Long> updated) {
        List<UserRecord> out = new ArrayList<>(builders.size());
        // every row read has its time: both maps are filled together
        builders.forEach((id, b) -> out.add(new UserRecord(NativeId.of(id), b.build(),
                Optional.ofNullable(updated.get(id)).map(Instant::ofEpochMilli))));
        return out;
    }

    @FunctionalInterface
    private interface RowSink {
        void accept(UserProfile.Builder user, String first, String second);
    }

    private static void sideTable(Connection c, String sql, List<String> params, RowSink sink,
                                  Map<String, UserProfile.Builder> builders) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                boolean three = rs.getMetaData().getColumnCount() == 3;
                while (rs.next()) {
                    UserProfile.Builder user = builders.get(rs.getString(1));
                    if (user != null) {
                        sink.accept(user, rs.getString(2), three ? rs.getString(3) : "");
                    }
                }
            }
        }
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return inTransaction(c -> {
            List<ReadProblem> problems = new ArrayList<>();
            List<UserRecord> found = loadOne(c, id.value(), problems);
            if (!problems.isEmpty()) {
                throw new RosterSyncException(FailureKind.INVALID_RESPONSE, problems.get(0).message());
            }
            return found.stream().findFirst();
        });
    }

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        String id = UUID.randomUUID().toString();
        return write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO app_users (id, email, username, username_key, first_name, last_name, status, updated_at_ms)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, profile.email().map(EmailAddress::value).orElse(null));
                p.setString(3, profile.username().map(u -> u.value()).orElse(null));
                p.setString(4, profile.username().map(u -> u.matchKey()).orElse(null));
                p.setString(5, profile.firstName());
                p.setString(6, profile.lastName());
                p.setString(7, profile.status().name());
                p.setLong(8, clock.millis());
                p.executeUpdate();
            }
            replaceSides(c, id, profile);
            return id;
        }, FailureKind.ALREADY_EXISTS);
    }

    /** The accounts holding the profile's email, or its username ignoring case, sorted by id. */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        if (profile.email().isEmpty() && profile.username().isEmpty()) {
            return List.of();
        }
        return inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM app_users WHERE email = ? OR username_key = ? ORDER BY id")) {
                p.setString(1, profile.email().map(EmailAddress::value).orElse(null));
                p.setString(2, profile.username().map(u -> u.matchKey()).orElse(null));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<UserRecord> found = new ArrayList<>();
            List<ReadProblem> problems = new ArrayList<>();
            for (String id : ids) {
                found.addAll(loadOne(c, id, problems));
            }
            if (!problems.isEmpty()) {
                throw new RosterSyncException(FailureKind.INVALID_RESPONSE, problems.get(0).message());
            }
            return found;
        });
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        return write(c -> {
            UserRecord current = lockAndLoad(c, id);
            UserProfile next = patch.applyTo(current.profile());
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE app_users SET email = ?, username = ?, username_key = ?, first_name = ?, last_name = ?, updated_at_ms = ?"
                            + " WHERE id = ?")) {
                p.setString(1, next.email().map(EmailAddress::value).orElse(null));
                p.setString(2, next.username().map(u -> u.value()).orElse(null));
                p.setString(3, next.username().map(u -> u.matchKey()).orElse(null));
                p.setString(4, next.firstName());
                p.setString(5, next.lastName());
                p.setLong(6, clock.millis());
                p.setString(7, id.value());
                p.executeUpdate();
            }
            replaceSides(c, id.value(), next);
            return id.value();
        });
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return setStatus(id, UserStatus.INACTIVE);
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return setStatus(id, UserStatus.ACTIVE);
    }

    private WriteResult setStatus(NativeId id, UserStatus status) {
        return write(c -> {
            lockAndLoad(c, id);
            try (PreparedStatement p = c.prepareStatement("UPDATE app_users SET status = ?, updated_at_ms = ? WHERE id = ?")) {
                p.setString(1, status.name());
                p.setLong(2, clock.millis());
                p.setString(3, id.value());
                p.executeUpdate();
            }
            return id.value();
        });
    }

    @Override
    public WriteResult delete(NativeId id) {
        Optional<UserRecord> before = get(id);
        if (before.isEmpty()) {
            return WriteResult.failed(FailureKind.NOT_FOUND, "no user " + id + " in " + name);
        }
        WriteResult r = write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM app_users WHERE id = ?")) {
                p.setString(1, id.value());
                p.executeUpdate();
            }
            return null;
        });
        return r instanceof WriteResult.Failed ? r : WriteResult.stored(before.get());
    }

    private UserRecord lockAndLoad(Connection c, NativeId id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM app_users WHERE id = ? FOR UPDATE")) {
            p.setString(1, id.value());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFound(id);
                }
            }
        }
        List<ReadProblem> problems = new ArrayList<>();
        return loadOne(c, id.value(), problems).stream().findFirst().orElseThrow(() -> new NotFound(id));
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(NativeId id) {
            super("no user " + id, null, false, false);
        }
    }

    private static void replaceSides(Connection c, String id, UserProfile profile) throws SQLException {
        for (String table : List.of("app_user_roles", "app_user_groups", "app_user_attributes")) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
        }
        insertAll(c, "INSERT INTO app_user_roles (user_id, role) VALUES (?, ?)", id, profile.roles());
        insertAll(c, "INSERT INTO app_user_groups (user_id, group_name) VALUES (?, ?)", id, profile.groups());
        try (PreparedStatement p = c.prepareStatement("INSERT INTO app_user_attributes (user_id, name, attr_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> a : profile.attributes().entrySet()) {
                p.setString(1, id);
                p.setString(2, a.getKey());
                p.setString(3, a.getValue());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void insertAll(Connection c, String sql, String id, Set<String> values) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (String v : values) {
                p.setString(1, id);
                p.setString(2, v);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface WriteWork {
        /** The id of the row written, to read back; null when there is none to read back (a delete). */
        @Nullable String run(Connection c) throws SQLException;
    }

    /** Runs one write; maps a unique-email violation to CONFLICT and a missing row to NOT_FOUND for this user. */
    private WriteResult write(WriteWork work) {
        return write(work, FailureKind.CONFLICT);
    }

    /** Runs one write; maps a unique violation to {@code onDuplicate} and a missing row to NOT_FOUND for this user. */
    private WriteResult write(WriteWork work, FailureKind onDuplicate) {
        try {
            Optional<String> id = inTransaction(c -> Optional.ofNullable(work.run(c)));
            if (id.isEmpty()) {
                return WriteResult.stored(UserRecord.of(NativeId.of("deleted"), UserProfile.builder().build()));
            }
            return WriteResult.stored(get(NativeId.of(id.get())).orElseThrow());
        } catch (NotFound e) {
            return WriteResult.failed(FailureKind.NOT_FOUND, e.getMessage() + " in " + name);
        } catch (RosterSyncException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return WriteResult.failed(WriteFailure.of(onDuplicate, "email or username already taken in " + name, "unique_key"));
            }
            throw e;
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new RosterSyncException(FailureKind.TRANSIENT, name + ": database error " + e.getSQLState(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcUserDirectory[" + name + "]";
    }
}
