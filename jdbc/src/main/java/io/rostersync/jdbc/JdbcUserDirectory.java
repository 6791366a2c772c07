package io.rostersync.jdbc;

import io.rostersync.jdbc.UserTableMapping.AttributeTable;
import io.rostersync.jdbc.UserTableMapping.MultiValue;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The host application's own users table as a {@link UserDirectory}, on any JDBC database (H2 and PostgreSQL
 * tested). A {@link UserTableMapping} names the table and its columns; the directory never creates or alters
 * anything in the host's schema ({@link #createDefaultTables(DataSource)} is for tests and examples).
 *
 * <pre>{@code
 * JdbcUserDirectory app = JdbcUserDirectory.builder("our-app", dataSource, mapping).build().validate();
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>Reads are keyset-paged by id ({@link Builder#pageSize(int)} rows a page), with side rows fetched per
 *       page. A row the directory cannot read (a status value the mapping does not spell) is a
 *       {@link ReadProblem} of its page, and the read goes on past it.</li>
 *   <li>Every write is one transaction; an unmapped field is neither read nor written; the last-change
 *       column, if mapped, is stamped from the clock.</li>
 *   <li>A create meeting an account that holds the profile's email (compared ignoring ASCII case) or username
 *       (ignoring case, through the username key column when mapped) answers {@link FailureKind#ALREADY_EXISTS}
 *       and changes nothing; {@link #findExisting} names the holders. An update to an email or username another
 *       account holds is a {@link FailureKind#CONFLICT}. The directory checks before it writes; a unique
 *       constraint in the host's schema closes the gap between two racing writers, and its violation is
 *       answered the same way.</li>
 *   <li>A row the database refuses for another reason (a NOT NULL column the mapping does not fill, a check
 *       constraint), or a value the mapping cannot hold (a status it does not spell, a role containing the
 *       delimiter), fails for that user with {@link FailureKind#VALIDATION}.</li>
 * </ul>
 *
 * <h2>Errors and threads</h2>
 * Thread-safe: every call borrows its own connection. The mapping is checked against the database by
 * {@link #validate()} or on the first call; a table or column that does not exist is a
 * {@link UserTableMappingException} before anything is written. An operation the mapping does not support
 * throws {@link UnsupportedCapabilityException}. A database error is a {@link RosterSyncException} of kind
 * {@link FailureKind#TRANSIENT} carrying the {@link SQLException}; its message carries the SQL state, never
 * values from the table.
 *
 * @since 0.1.0
 */
public final class JdbcUserDirectory implements UserDirectory {

    /** The default page size of a full read. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    private static final String[] DEFAULT_DDL = {
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

    /** SQL states of a missing table or column: H2 (42S02, 42S03, 42S04, 42S22, 42S21) and PostgreSQL (42P01, 42703, 3F000). */
    private static final Set<String> MISSING_OBJECT_STATES = Set.of("42S02", "42S03", "42S04", "42S22", "42P01", "42703", "3F000");

    private final String name;
    private final DataSource dataSource;
    private final Clock clock;
    private final int pageSize;
    private final int lookUpBatch;
    private final UserTableMapping mapping;
    private final Set<Capability> capabilities;
    private volatile @Nullable Resolved resolved;

    private JdbcUserDirectory(Builder b) {
        this.name = b.name;
        this.dataSource = b.dataSource;
        this.clock = b.clock;
        this.pageSize = b.pageSize;
        this.lookUpBatch = b.lookUpBatch;
        this.mapping = b.mapping;
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.LOOKUP);
        if (!mapping.readOnly()) {
            caps.addAll(EnumSet.of(Capability.CREATE, Capability.UPDATE, Capability.DELETE));
            if (mapping.statusColumn().isPresent()) {
                caps.addAll(EnumSet.of(Capability.DEACTIVATE, Capability.REACTIVATE));
            }
        }
        this.capabilities = Set.copyOf(caps);
    }

    /**
     * A directory named {@code name} over the table {@code mapping} describes, {@value #DEFAULT_PAGE_SIZE} users a
     * page, stamped with the system clock.
     *
     * @param name       the directory's name in plans, reports and logs
     * @param dataSource the host's database
     * @param mapping    where the users are
     * @return the directory
     */
    public static JdbcUserDirectory create(String name, DataSource dataSource, UserTableMapping mapping) {
        return builder(name, dataSource, mapping).build();
    }

    /**
     * A builder for a directory over the table {@code mapping} describes.
     *
     * @param name       the directory's name in plans, reports and logs, not blank
     * @param dataSource the host's database
     * @param mapping    where the users are
     * @return a builder with the defaults
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public static Builder builder(String name, DataSource dataSource, UserTableMapping mapping) {
        return new Builder(name, dataSource, mapping);
    }

    /**
     * Creates the tables {@link UserTableMapping#defaultTables()} maps, if they do not exist: for tests, examples
     * and a quick start, never needed on a host's own table.
     *
     * @param dataSource the database to create them in
     * @throws RosterSyncException of kind {@link FailureKind#TRANSIENT} when the database refuses
     */
    public static void createDefaultTables(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : DEFAULT_DDL) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw new TransientException("cannot create the default user tables: database error "
                    + e.getSQLState(), e);
        }
    }

    /**
     * Settings of a {@link JdbcUserDirectory}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String name;
        private final DataSource dataSource;
        private final UserTableMapping mapping;
        private Clock clock = Clock.systemUTC();
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int lookUpBatch = LOOKUP_BATCH;

        private Builder(String name, DataSource dataSource, UserTableMapping mapping) {
            this.name = Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a directory name must not be blank");
            }
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.mapping = Objects.requireNonNull(mapping, "mapping");
        }

        /**
         * The clock that stamps the last-change column (the system UTC clock by default).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Rows per page of a full read ({@value JdbcUserDirectory#DEFAULT_PAGE_SIZE} by default).
         *
         * @param value rows per page
         * @return this builder
         * @throws IllegalArgumentException when {@code value} is less than 1
         */
        public Builder pageSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("page size must be at least 1, was " + value);
            }
            pageSize = value;
            return this;
        }

        /** Values per look-up query; for tests, which look up across batches without creating 500 accounts. */
        Builder lookUpBatch(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("look-up batch must be at least 1, was " + value);
            }
            lookUpBatch = value;
            return this;
        }

        /**
         * The directory; nothing touches the database until {@link JdbcUserDirectory#validate()} or its first call.
         *
         * @return the directory
         */
        public JdbcUserDirectory build() {
            return new JdbcUserDirectory(this);
        }
    }

    /**
     * Checks the mapping against the database now: every table and column exists and has a type the mapping can
     * use. Reads only. Call it at start-up to fail fast; otherwise the first call does it.
     *
     * @return this directory
     * @throws UserTableMappingException when the mapping does not fit the database
     * @throws RosterSyncException of kind {@link FailureKind#TRANSIENT} when the database cannot be reached
     */
    public JdbcUserDirectory validate() {
        resolved();
        return this;
    }

    /**
     * The mapping this directory uses.
     *
     * @return the mapping
     */
    public UserTableMapping mapping() {
        return mapping;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * {@code READ} and {@code LOOKUP}; unless the mapping is read-only also {@code CREATE}, {@code UPDATE} and
     * {@code DELETE}, and with a status column {@code DEACTIVATE} and {@code REACTIVATE}.
     */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ---- reads --------------------------------------------------------------------------------------

    /** Every row, keyset-paged by id; rows that cannot be read are the pages' {@link ReadProblem}s. */
    @Override
    public UserPages readAll() {
        Resolved r = resolved();
        return new UserPages() {
            private Optional<String> after = Optional.empty();
            private boolean done;

            @Override
            public Optional<UserPage> next() {
                if (done) {
                    return Optional.empty();
                }
                Rows rows = inTransaction(c -> loadPage(c, r, after));
                if (rows.scanned() < pageSize) {
                    done = true;
                }
                if (rows.scanned() == 0) {
                    return Optional.empty();
                }
                after = rows.lastId();
                List<UserRecord> users = rows.users();
                return Optional.of(UserPage.of(users, rows.problems(), Optional.empty()));
            }
        };
    }

    /** The account with this id, or empty; a row that cannot be read is a {@link FailureKind#INVALID_RESPONSE}. */
    @Override
    public Optional<UserRecord> get(NativeId id) {
        Resolved r = resolved();
        return inTransaction(c -> loadOne(c, r, id.value()));
    }

    /**
     * The accounts holding the profile's email (ignoring ASCII case) or its username (ignoring case), sorted by id;
     * empty when the profile has neither.
     */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        Resolved r = resolved();
        if (profile.email().isEmpty() && profile.username().isEmpty()) {
            return List.of();
        }
        return inTransaction(c -> {
            List<UserRecord> found = new ArrayList<>();
            for (String id : holders(c, r, profile, Optional.empty())) {
                loadOne(c, r, id).ifPresent(found::add);
            }
            return found;
        });
    }

    /** How many values (ids, emails and usernames together) one look-up query asks for, unless a test sets another. */
    static final int LOOKUP_BATCH = 500;

    /**
     * One query per {@value #LOOKUP_BATCH} values asked (ids, emails and usernames together), plus one per side
     * table for the rows it found. Emails are compared lower-cased and trimmed in SQL, usernames through the
     * username key column when mapped (else lower-cased), and what comes back is kept only when it fits as
     * {@link UserLookup#wants} says, so an account is found exactly when its email or username as read equals one
     * asked for. An id the id column cannot hold (not a number, say) is simply absent. A row that cannot be read
     * is a {@link FailureKind#INVALID_RESPONSE}, as it is for {@link #get}.
     */
    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        Resolved r = resolved();
        List<Object> ids = new ArrayList<>();
        lookup.ids().forEach(id -> r.idValue(id.value()).ifPresent(ids::add));
        List<String> emails = r.email == null ? List.of() : lookup.emails().stream().map(EmailAddress::value).toList();
        List<String> usernames = r.username == null ? List.of() : lookup.usernames().stream().map(Username::matchKey).toList();
        Map<NativeId, UserRecord> found = new LinkedHashMap<>();
        int total = ids.size() + emails.size() + usernames.size();
        for (int from = 0; from < total; from += lookUpBatch) {
            int to = Math.min(total, from + lookUpBatch);
            List<Object> batchIds = slice(ids, from, to, 0);
            List<String> batchEmails = slice(emails, from, to, ids.size());
            List<String> batchUsernames = slice(usernames, from, to, ids.size() + emails.size());
            for (UserRecord u : inTransaction(c -> lookUpOneBatch(c, r, batchIds, batchEmails, batchUsernames))) {
                if (lookup.wants(u)) {
                    found.putIfAbsent(u.id(), u);
                }
            }
        }
        return UserLookupResult.found(found.values());
    }

    /** The part of {@code values}, which start at {@code offset} among all values asked, that falls in [from, to). */
    private static <T> List<T> slice(List<T> values, int from, int to, int offset) {
        int start = Math.max(0, from - offset);
        int end = Math.min(values.size(), to - offset);
        return start >= end ? List.of() : values.subList(start, end);
    }

    private List<UserRecord> lookUpOneBatch(Connection c, Resolved r, List<Object> ids, List<String> emails,
                                         List<String> usernames) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (!ids.isEmpty()) {
            conditions.add(r.id + " IN (" + marks(ids.size(), "?") + ")");
            params.addAll(ids);
        }
        if (!emails.isEmpty()) {
            conditions.add("LOWER(TRIM(" + r.email + ")) IN (" + marks(emails.size(), "LOWER(?)") + ")");
            params.addAll(emails);
        }
        if (!usernames.isEmpty()) {
            conditions.add(r.usernameKey != null
                    ? r.usernameKey + " IN (" + marks(usernames.size(), "?") + ")"
                    : "LOWER(TRIM(" + r.username + ")) IN (" + marks(usernames.size(), "LOWER(?)") + ")");
            params.addAll(usernames);
        }
        Rows rows = new Rows(mapping.table());
        try (PreparedStatement p = c.prepareStatement(r.select + " WHERE " + String.join(" OR ", conditions))) {
            bind(p, params);
            readUsers(p, r, rows);
        }
        if (!rows.problems.isEmpty()) {
            throw new InvalidResponseException(rows.problems.get(0).message());
        }
        if (!rows.builders.isEmpty()) {
            List<Object> keys = new ArrayList<>();
            rows.builders.keySet().forEach(id -> keys.add(r.idValue(id).orElseThrow()));
            readSides(c, r, " IN (" + marks(keys.size(), "?") + ")", keys, rows);
        }
        List<UserRecord> users = rows.users();
        if (!rows.problems.isEmpty()) {
            throw new InvalidResponseException(rows.problems.get(0).message());
        }
        return users;
    }

    private static String marks(int count, String mark) {
        return String.join(", ", java.util.Collections.nCopies(count, mark));
    }

    private Rows loadPage(Connection c, Resolved r, Optional<String> after) throws SQLException {
        String sql = r.select + (after.isPresent() ? " WHERE " + r.id + " > ?" : "") + " ORDER BY " + r.id + " LIMIT ?";
        Rows rows = new Rows(mapping.table());
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            if (after.isPresent()) {
                p.setObject(i++, r.idValue(after.get()).orElseThrow());
            }
            p.setInt(i, pageSize);
            readUsers(p, r, rows);
        }
        if (rows.builders.isEmpty()) {
            return rows;
        }
        // Side rows of the page's id range, one query per side table (the range follows the collation of ORDER BY).
        List<Object> range = List.of(r.idValue(rows.firstId.orElseThrow()).orElseThrow(), r.idValue(rows.lastId().orElseThrow()).orElseThrow());
        readSides(c, r, " BETWEEN ? AND ?", range, rows);
        return rows;
    }

    private Optional<UserRecord> loadOne(Connection c, Resolved r, String id) throws SQLException {
        Optional<Object> key = r.idValue(id);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Rows rows = new Rows(mapping.table());
        try (PreparedStatement p = c.prepareStatement(r.select + " WHERE " + r.id + " = ?")) {
            p.setObject(1, key.get());
            readUsers(p, r, rows);
        }
        if (!rows.builders.isEmpty()) {
            readSides(c, r, " = ?", List.of(key.get()), rows);
        }
        List<UserRecord> users = rows.users();
        if (!rows.problems.isEmpty()) {
            throw new InvalidResponseException(rows.problems.get(0).message());
        }
        return users.stream().findFirst();
    }

    /** One page's worth of rows: the users read, the rows that could not be, and the ids scanned. */
    private static final class Rows {
        final Map<String, UserProfile.Builder> builders = new LinkedHashMap<>();
        final Map<String, Optional<Instant>> updated = new HashMap<>();
        final List<ReadProblem> problems = new ArrayList<>();
        final String table;
        Optional<String> firstId = Optional.empty();
        private Optional<String> lastId = Optional.empty();
        private int scanned;

        Rows(String table) {
            this.table = table;
        }

        void scanned(String id) {
            if (firstId.isEmpty()) {
                firstId = Optional.of(id);
            }
            lastId = Optional.of(id);
            scanned++;
        }

        int scanned() {
            return scanned;
        }

        Optional<String> lastId() {
            return lastId;
        }

        /** The users read; one whose side rows make no valid profile (a blank role) becomes a problem instead. */
        List<UserRecord> users() {
            List<UserRecord> out = new ArrayList<>(builders.size());
            builders.forEach((id, b) -> {
                try {
                    out.add(new UserRecord(NativeId.of(id), b.build(), updated.getOrDefault(id, Optional.empty())));
                } catch (IllegalArgumentException bad) {
                    problems.add(new ReadProblem(table + " row " + id, Objects.requireNonNullElse(bad.getMessage(), "the row cannot be read")));
                }
            });
            return out;
        }

        List<ReadProblem> problems() {
            return problems;
        }
    }

    private void readUsers(PreparedStatement p, Resolved r, Rows rows) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                rows.scanned(id);
                try {
                    UserProfile.Builder b = UserProfile.builder();
                    if (r.emailAt > 0) {
                        b.email(EmailAddress.parse(rs.getString(r.emailAt)));
                    }
                    if (r.usernameAt > 0) {
                        b.username(rs.getString(r.usernameAt));
                    }
                    if (r.firstNameAt > 0) {
                        b.firstName(Objects.requireNonNullElse(rs.getString(r.firstNameAt), ""));
                    }
                    if (r.lastNameAt > 0) {
                        b.lastName(Objects.requireNonNullElse(rs.getString(r.lastNameAt), ""));
                    }
                    b.status(r.statusAt > 0 ? readStatus(rs, r.statusAt) : UserStatus.ACTIVE);
                    if (r.rolesAt > 0) {
                        b.roles(split(rs.getString(r.rolesAt), mapping.roles().orElseThrow().delimiter()));
                    }
                    if (r.groupsAt > 0) {
                        b.groups(split(rs.getString(r.groupsAt), mapping.groups().orElseThrow().delimiter()));
                    }
                    Optional<Instant> updatedAt = r.updatedAtAt > 0 ? r.timeKind.read(rs, r.updatedAtAt) : Optional.empty();
                    rows.builders.put(id, b);
                    rows.updated.put(id, updatedAt);
                } catch (IllegalArgumentException bad) {
                    rows.problems.add(new ReadProblem(rows.table + " row " + id,
                            Objects.requireNonNullElse(bad.getMessage(), "the row cannot be read")));
                }
            }
        }
    }

    private UserStatus readStatus(ResultSet rs, int at) throws SQLException {
        if (mapping.statusValues().isFlag()) {
            boolean active = rs.getBoolean(at);
            if (rs.wasNull()) {
                throw new IllegalArgumentException("the status column is null");
            }
            return active ? UserStatus.ACTIVE : UserStatus.INACTIVE;
        }
        String value = rs.getString(at);
        return mapping.statusValues().readText(Objects.requireNonNullElse(value, "")).orElseThrow(() ->
                new IllegalArgumentException("status value " + (value == null ? "null" : "'" + value + "'")
                        + " is not one the mapping spells (" + mapping.statusValues() + ")"));
    }

    private static List<String> split(String value, String delimiter) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(java.util.regex.Pattern.quote(delimiter), -1)) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private void readSides(Connection c, Resolved r, String condition, List<Object> params, Rows rows) throws SQLException {
        if (r.rolesTable != null) {
            side(c, r.rolesTable, condition, params, rows, (b, v) -> b.role(v[0]));
        }
        if (r.groupsTable != null) {
            side(c, r.groupsTable, condition, params, rows, (b, v) -> b.group(v[0]));
        }
        if (r.attributesTable != null) {
            side(c, r.attributesTable, condition, params, rows, (b, v) -> b.attribute(v[0], v[1]));
        }
    }

    private static void side(Connection c, SideSql table, String condition, List<Object> params, Rows rows,
                             BiConsumer<UserProfile.Builder, String[]> sink) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(table.select + condition)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                int values = rs.getMetaData().getColumnCount() - 1;
                while (rs.next()) {
                    UserProfile.Builder b = rows.builders.get(rs.getString(1));
                    if (b == null) {
                        continue; // a row that could not be read, or one outside the page
                    }
                    String[] v = new String[values];
                    for (int i = 0; i < values; i++) {
                        v[i] = Objects.requireNonNullElse(rs.getString(i + 2), "");
                    }
                    sink.accept(b, v);
                }
            }
        }
    }

    /** Ids of the accounts holding the profile's email or username, other than {@code except}, sorted. */
    private List<String> holders(Connection c, Resolved r, UserProfile profile, Optional<String> except) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (r.email != null && profile.email().isPresent()) {
            conditions.add("LOWER(" + r.email + ") = ?");
            params.add(profile.email().get().value());
        }
        if (r.username != null && profile.username().isPresent()) {
            conditions.add(r.usernameKey != null ? r.usernameKey + " = ?" : "LOWER(" + r.username + ") = ?");
            params.add(profile.username().get().matchKey());
        }
        if (conditions.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + r.id + " FROM " + r.table + " WHERE ("
                + String.join(" OR ", conditions) + ") ORDER BY " + r.id)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (except.isEmpty() || !except.get().equals(id)) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    // ---- writes -------------------------------------------------------------------------------------

    /**
     * Inserts a row (and its side rows) in one transaction: {@link FailureKind#ALREADY_EXISTS} when an account holds
     * the profile's email or username, {@link FailureKind#VALIDATION} when the mapping or the table cannot hold the
     * profile; nothing is written then.
     *
     * @throws UnsupportedCapabilityException when the mapping is read-only
     */
    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        require(Capability.CREATE);
        Resolved r = resolved();
        return write(c -> {
            checkValues(profile, true);
            if (!holders(c, r, profile, Optional.empty()).isEmpty()) {
                throw new Taken();
            }
            List<String> columns = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            Optional<Object> newId = mapping.idsGeneratedByDatabase() ? Optional.empty() : Optional.of(r.idKind.newId());
            if (newId.isPresent()) {
                columns.add(r.id);
                values.add(newId.get());
            }
            profileColumns(r, profile, columns, values);
            if (r.status != null) {
                columns.add(r.status);
                values.add(mapping.statusValues().write(profile.status()).orElseThrow());
            }
            String sql = "INSERT INTO " + r.table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            String id;
            try (PreparedStatement p = newId.isPresent() ? c.prepareStatement(sql) : c.prepareStatement(sql, new String[] {r.idName})) {
                bind(p, values);
                p.executeUpdate();
                if (newId.isPresent()) {
                    id = newId.get().toString();
                } else {
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        if (!keys.next() || keys.getString(1) == null) {
                            throw new UserTableMappingException("the database gave no id for the new row of " + mapping.table()
                                    + ": make " + mapping.idColumn() + " an identity or serial column, or drop idsGeneratedByDatabase()");
                        }
                        id = keys.getString(1);
                    }
                }
            }
            replaceSides(c, r, id, profile);
            return id;
        }, FailureKind.ALREADY_EXISTS);
    }

    /**
     * Applies the patch to the stored profile and writes every mapped field but the status, in one transaction
     * holding the row's lock: {@link FailureKind#NOT_FOUND} for an unknown id, {@link FailureKind#CONFLICT} when
     * another account holds the new email or username.
     *
     * @throws UnsupportedCapabilityException when the mapping is read-only
     */
    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        require(Capability.UPDATE);
        Resolved r = resolved();
        return write(c -> {
            UserRecord current = lockAndLoad(c, r, id);
            UserProfile next = patch.applyTo(current.profile());
            checkValues(next, false);
            if (!holders(c, r, next, Optional.of(id.value())).isEmpty()) {
                throw new Taken();
            }
            List<String> columns = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            profileColumns(r, next, columns, values);
            values.add(r.idValue(id.value()).orElseThrow());
            try (PreparedStatement p = c.prepareStatement("UPDATE " + r.table + " SET " + String.join(" = ?, ", columns)
                    + " = ? WHERE " + r.id + " = ?")) {
                bind(p, values);
                p.executeUpdate();
            }
            replaceSides(c, r, id.value(), next);
            return id.value();
        }, FailureKind.CONFLICT);
    }

    /**
     * Sets the status column to INACTIVE's value.
     *
     * @throws UnsupportedCapabilityException when no status column is mapped or the mapping is read-only
     */
    @Override
    public WriteResult deactivate(NativeId id) {
        require(Capability.DEACTIVATE);
        return setStatus(id, UserStatus.INACTIVE);
    }

    /**
     * Sets the status column to ACTIVE's value.
     *
     * @throws UnsupportedCapabilityException when no status column is mapped or the mapping is read-only
     */
    @Override
    public WriteResult reactivate(NativeId id) {
        require(Capability.REACTIVATE);
        return setStatus(id, UserStatus.ACTIVE);
    }

    private WriteResult setStatus(NativeId id, UserStatus status) {
        Resolved r = resolved();
        return write(c -> {
            lockAndLoad(c, r, id);
            List<Object> values = new ArrayList<>();
            values.add(mapping.statusValues().write(status).orElseThrow());
            String set = r.status + " = ?";
            if (r.updatedAt != null) {
                set += ", " + r.updatedAt + " = ?";
                values.add(r.timeKind.value(clock.instant()));
            }
            values.add(r.idValue(id.value()).orElseThrow());
            try (PreparedStatement p = c.prepareStatement("UPDATE " + r.table + " SET " + set + " WHERE " + r.id + " = ?")) {
                bind(p, values);
                p.executeUpdate();
            }
            return id.value();
        }, FailureKind.CONFLICT);
    }

    /**
     * Deletes the row and its side rows in one transaction; returns the account as it was, or
     * {@link FailureKind#NOT_FOUND}.
     *
     * @throws UnsupportedCapabilityException when the mapping is read-only
     */
    @Override
    public WriteResult delete(NativeId id) {
        require(Capability.DELETE);
        Resolved r = resolved();
        Optional<UserRecord> before = get(id);
        if (before.isEmpty()) {
            return WriteResult.failed(FailureKind.NOT_FOUND, "no user " + id + " in " + name);
        }
        WriteResult result = write(c -> {
            Object key = r.idValue(id.value()).orElseThrow();
            for (SideSql side : r.sides()) {
                try (PreparedStatement p = c.prepareStatement(side.delete)) {
                    p.setObject(1, key);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + r.table + " WHERE " + r.id + " = ?")) {
                p.setObject(1, key);
                if (p.executeUpdate() == 0) {
                    throw new NotFound(id);
                }
            }
            return id.value();
        }, FailureKind.CONFLICT, false);
        return result instanceof WriteResult.Failed ? result : WriteResult.stored(before.get());
    }

    private void require(Capability capability) {
        if (!capabilities.contains(capability)) {
            throw new UnsupportedCapabilityException(name, capability);
        }
    }

    /** Refuses, for this user, values the mapping cannot hold. */
    private void checkValues(UserProfile profile, boolean withStatus) {
        if (withStatus && mapping.statusColumn().isPresent() && mapping.statusValues().write(profile.status()).isEmpty()) {
            throw new Invalid("status " + profile.status() + " has no value in column " + mapping.statusColumn().get()
                    + " (" + mapping.statusValues() + ")");
        }
        checkDelimited(mapping.roles(), profile.roles(), "role");
        checkDelimited(mapping.groups(), profile.groups(), "group");
    }

    private static void checkDelimited(Optional<MultiValue> values, SortedSet<String> names, String what) {
        if (values.isPresent() && values.get().column().isPresent()) {
            String delimiter = values.get().delimiter();
            for (String n : names) {
                if (n.contains(delimiter)) {
                    throw new Invalid("the " + what + " '" + n + "' contains the delimiter '" + delimiter + "' of column "
                            + values.get().column().get());
                }
            }
        }
    }

    /** The mapped profile columns but id and status, with their values. */
    private void profileColumns(Resolved r, UserProfile profile, List<String> columns, List<Object> values) {
        if (r.email != null) {
            columns.add(r.email);
            values.add(profile.email().map(EmailAddress::value).orElse(null));
        }
        if (r.username != null) {
            columns.add(r.username);
            values.add(profile.username().map(Username::value).orElse(null));
        }
        if (r.usernameKey != null) {
            columns.add(r.usernameKey);
            values.add(profile.username().map(Username::matchKey).orElse(null));
        }
        if (r.firstName != null) {
            columns.add(r.firstName);
            values.add(profile.firstName());
        }
        if (r.lastName != null) {
            columns.add(r.lastName);
            values.add(profile.lastName());
        }
        if (r.rolesColumn != null) {
            columns.add(r.rolesColumn);
            values.add(String.join(mapping.roles().orElseThrow().delimiter(), profile.roles()));
        }
        if (r.groupsColumn != null) {
            columns.add(r.groupsColumn);
            values.add(String.join(mapping.groups().orElseThrow().delimiter(), profile.groups()));
        }
        if (r.updatedAt != null) {
            columns.add(r.updatedAt);
            values.add(r.timeKind.value(clock.instant()));
        }
    }

    private static void bind(PreparedStatement p, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                p.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof String s) {
                p.setString(i + 1, s);
            } else if (v instanceof Boolean bool) {
                p.setBoolean(i + 1, bool);
            } else if (v instanceof Timestamp t) {
                p.setTimestamp(i + 1, t, Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));
            } else {
                p.setObject(i + 1, v);
            }
        }
    }

    private void replaceSides(Connection c, Resolved r, String id, UserProfile profile) throws SQLException {
        Object key = r.idValue(id).orElseThrow();
        if (r.rolesTable != null) {
            replaceSide(c, r.rolesTable, key, profile.roles().stream().map(v -> new String[] {v}).toList());
        }
        if (r.groupsTable != null) {
            replaceSide(c, r.groupsTable, key, profile.groups().stream().map(v -> new String[] {v}).toList());
        }
        if (r.attributesTable != null) {
            replaceSide(c, r.attributesTable, key,
                    profile.attributes().entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList());
        }
    }

    private static void replaceSide(Connection c, SideSql side, Object key, List<String[]> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(side.delete)) {
            p.setObject(1, key);
            p.executeUpdate();
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(side.insert)) {
            for (String[] row : rows) {
                p.setObject(1, key);
                for (int i = 0; i < row.length; i++) {
                    p.setString(i + 2, row[i]);
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private UserRecord lockAndLoad(Connection c, Resolved r, NativeId id) throws SQLException {
        Optional<Object> key = r.idValue(id.value());
        if (key.isEmpty()) {
            throw new NotFound(id);
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + r.id + " FROM " + r.table + " WHERE " + r.id + " = ? FOR UPDATE")) {
            p.setObject(1, key.get());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFound(id);
                }
            }
        }
        return loadOne(c, r, id.value()).orElseThrow(() -> new NotFound(id));
    }

    /** Signals an unknown id out of a transaction, which is rolled back. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(NativeId id) {
            super("no user " + id, null, false, false);
        }
    }

    /** Signals that another account holds the email or username. */
    private static final class Taken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Taken() {
            super("taken", null, false, false);
        }
    }

    /** Signals a value the mapping cannot hold. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs one write and answers it for this user; a unique violation is {@code onDuplicate}. */
    private WriteResult write(Work<String> work, FailureKind onDuplicate) {
        return write(work, onDuplicate, true);
    }

    /** As {@link #write(Work, FailureKind)}; without {@code readBack} the stored record is only the id. */
    private WriteResult write(Work<String> work, FailureKind onDuplicate, boolean readBack) {
        try {
            String id = inTransaction(work);
            if (!readBack) {
                return WriteResult.stored(UserRecord.of(NativeId.of(id), UserProfile.builder().build()));
            }
            return WriteResult.stored(get(NativeId.of(id)).orElseThrow(() -> new InvalidResponseException(
                    "the row " + id + " just written to " + mapping.table() + " cannot be read back")));
        } catch (NotFound e) {
            return WriteResult.failed(FailureKind.NOT_FOUND, e.getMessage() + " in " + name);
        } catch (Taken e) {
            return WriteResult.failed(WriteFailure.of(onDuplicate, "email or username already taken in " + name, "unique_key"));
        } catch (Invalid e) {
            return WriteResult.failed(FailureKind.VALIDATION, e.getMessage() + " (" + name + ")");
        } catch (RosterSyncException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null) {
                if ("23505".equals(sql.getSQLState())) {
                    return WriteResult.failed(WriteFailure.of(onDuplicate, "email or username already taken in " + name, "unique_key"));
                }
                if (sql.getSQLState().startsWith("23")) {
                    return WriteResult.failed(WriteFailure.of(FailureKind.VALIDATION, "the row breaks a constraint of " + mapping.table()
                            + " (SQL state " + sql.getSQLState() + "), such as a NOT NULL column the mapping does not fill", sql.getSQLState()));
                }
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
            if (e.getSQLState() != null && MISSING_OBJECT_STATES.contains(e.getSQLState())) {
                resolved = null; // the schema changed under the directory: check it again on the next call
                throw new UserTableMappingException(name + ": a table or column of the mapping of " + mapping.table()
                        + " is gone (SQL state " + e.getSQLState() + "); call validate() for the details", e);
            }
            throw new TransientException(name + ": database error " + e.getSQLState(), e);
        }
    }

    // ---- the mapping against the database ---------------------------------------------------------

    private Resolved resolved() {
        Resolved r = resolved;
        if (r == null) {
            try (Connection c = dataSource.getConnection()) {
                r = Resolved.check(c, mapping, name);
            } catch (SQLException e) {
                throw new TransientException(name + ": database error " + e.getSQLState()
                        + " while checking the mapping of " + mapping.table(), e);
            }
            resolved = r;
        }
        return r;
    }

    /** How ids are bound: as the id column's type wants them. */
    private enum IdKind {
        TEXT, INTEGER, UUID;

        Optional<Object> value(String id) {
            try {
                return switch (this) {
                    case TEXT -> Optional.of(id);
                    case INTEGER -> Optional.of(Long.parseLong(id));
                    case UUID -> Optional.of(java.util.UUID.fromString(id));
                };
            } catch (IllegalArgumentException notThisKind) {
                return Optional.empty(); // no row can have this id
            }
        }

        Object newId() {
            UUID id = java.util.UUID.randomUUID();
            return this == UUID ? id : id.toString();
        }
    }

    /** How the last-change column holds an instant. */
    private enum TimeKind {
        EPOCH_MILLIS, TIMESTAMP, TIMESTAMP_WITH_ZONE;

        Object value(Instant at) {
            return switch (this) {
                case EPOCH_MILLIS -> at.toEpochMilli();
                case TIMESTAMP -> Timestamp.from(at);
                case TIMESTAMP_WITH_ZONE -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            };
        }

        Optional<Instant> read(ResultSet rs, int at) throws SQLException {
            switch (this) {
                case EPOCH_MILLIS -> {
                    long ms = rs.getLong(at);
                    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ms));
                }
                case TIMESTAMP -> {
                    Timestamp t = rs.getTimestamp(at, Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));
                    return Optional.ofNullable(t).map(Timestamp::toInstant);
                }
                default -> {
                    OffsetDateTime t = rs.getObject(at, OffsetDateTime.class);
                    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
                }
            }
        }
    }

    /** A side table's statements, keyed by the user's id in the first column. */
    private record SideSql(String select, String insert, String delete) {
    }

    /**
     * The mapping rendered for one database (names folded as it folds unquoted names, then quoted) and checked
     * against it. Immutable.
     */
    private static final class Resolved {
        final String table;
        final String id;
        final String idName;
        final IdKind idKind;
        final TimeKind timeKind;
        final String select;
        final @Nullable String email;
        final @Nullable String username;
        final @Nullable String usernameKey;
        final @Nullable String firstName;
        final @Nullable String lastName;
        final @Nullable String status;
        final @Nullable String updatedAt;
        final @Nullable String rolesColumn;
        final @Nullable String groupsColumn;
        final @Nullable SideSql rolesTable;
        final @Nullable SideSql groupsTable;
        final @Nullable SideSql attributesTable;
        final int emailAt;
        final int usernameAt;
        final int firstNameAt;
        final int lastNameAt;
        final int statusAt;
        final int updatedAtAt;
        final int rolesAt;
        final int groupsAt;

        private Resolved(Connection c, UserTableMapping m, String directory) throws SQLException {
            DatabaseMetaData meta = c.getMetaData();
            String quote = Objects.requireNonNullElse(meta.getIdentifierQuoteString(), " ").strip();
            Function<String, String> fold = meta.storesUpperCaseIdentifiers() ? s -> s.toUpperCase(Locale.ROOT)
                    : meta.storesLowerCaseIdentifiers() ? s -> s.toLowerCase(Locale.ROOT) : s -> s;
            Function<String, String> q = name -> {
                List<String> parts = new ArrayList<>();
                for (String part : name.split("\\.", -1)) {
                    parts.add(quote + fold.apply(part) + quote);
                }
                return String.join(".", parts);
            };
            table = q.apply(m.table());
            id = q.apply(m.idColumn());
            idName = fold.apply(m.idColumn());
            email = m.emailColumn().map(q).orElse(null);
            username = m.usernameColumn().map(q).orElse(null);
            usernameKey = m.usernameKeyColumn().map(q).orElse(null);
            firstName = m.firstNameColumn().map(q).orElse(null);
            lastName = m.lastNameColumn().map(q).orElse(null);
            status = m.statusColumn().map(q).orElse(null);
            updatedAt = m.updatedAtColumn().map(q).orElse(null);
            rolesColumn = m.roles().flatMap(MultiValue::column).map(q).orElse(null);
            groupsColumn = m.groups().flatMap(MultiValue::column).map(q).orElse(null);

            List<String> names = new ArrayList<>(List.of(m.idColumn()));
            List<String> select = new ArrayList<>(List.of(id));
            int[] at = new int[8];
            @Nullable String[] optional = {email, username, firstName, lastName, status, updatedAt, rolesColumn, groupsColumn};
            List<Optional<String>> given = List.of(m.emailColumn(), m.usernameColumn(), m.firstNameColumn(), m.lastNameColumn(),
                    m.statusColumn(), m.updatedAtColumn(), m.roles().flatMap(MultiValue::column), m.groups().flatMap(MultiValue::column));
            for (int i = 0; i < optional.length; i++) {
                if (optional[i] != null) {
                    select.add(optional[i]);
                    names.add(given.get(i).orElseThrow());
                    at[i] = select.size();
                }
            }
            m.usernameKeyColumn().ifPresent(names::add);
            emailAt = at[0];
            usernameAt = at[1];
            firstNameAt = at[2];
            lastNameAt = at[3];
            statusAt = at[4];
            updatedAtAt = at[5];
            rolesAt = at[6];
            groupsAt = at[7];
            this.select = "SELECT " + String.join(", ", select) + " FROM " + table;

            List<String> checked = new ArrayList<>(select);
            if (usernameKey != null) {
                checked.add(usernameKey);
            }
            ColumnTypes users = probe(c, m.table(), table, checked, names, directory);
            idKind = idKind(users.type(1), users.name(1), m, directory);
            timeKind = updatedAtAt > 0 ? timeKind(users.type(updatedAtAt), m, directory) : TimeKind.EPOCH_MILLIS;
            if (statusAt > 0) {
                boolean flagColumn = users.type(statusAt) == Types.BOOLEAN || users.type(statusAt) == Types.BIT;
                if (m.statusValues().isFlag() != flagColumn) {
                    throw new UserTableMappingException(directory + ": status column " + m.statusColumn().get() + " of "
                            + m.table() + " is of type " + users.name(statusAt) + (flagColumn
                            ? ": map it with StatusValues.activeFlag()" : ": StatusValues.activeFlag() needs a boolean column; map"
                            + " text values with StatusValues.text(...) or names()"));
                }
            }
            rolesTable = m.roles().filter(v -> v.table().isPresent()).map(v -> side(c, q, v.table().get(), v.userIdColumn().get(),
                    List.of(v.valueColumn().get()), directory)).orElse(null);
            groupsTable = m.groups().filter(v -> v.table().isPresent()).map(v -> side(c, q, v.table().get(), v.userIdColumn().get(),
                    List.of(v.valueColumn().get()), directory)).orElse(null);
            attributesTable = m.attributes().map(a -> side(c, q, a.table(), a.userIdColumn(), List.of(a.nameColumn(), a.valueColumn()),
                    directory)).orElse(null);
        }

        static Resolved check(Connection c, UserTableMapping m, String directory) throws SQLException {
            return new Resolved(c, m, directory);
        }

        Optional<Object> idValue(String value) {
            return idKind.value(value);
        }

        List<SideSql> sides() {
            List<SideSql> out = new ArrayList<>();
            for (SideSql s : new SideSql[] {rolesTable, groupsTable, attributesTable}) {
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        private static SideSql side(Connection c, Function<String, String> q, String table, String userId, List<String> values,
                                    String directory) {
            List<String> columns = new ArrayList<>(List.of(q.apply(userId)));
            values.forEach(v -> columns.add(q.apply(v)));
            List<String> names = new ArrayList<>(List.of(userId));
            names.addAll(values);
            try {
                probe(c, table, q.apply(table), columns, names, directory);
            } catch (SQLException e) {
                throw new TransientException(directory + ": database error " + e.getSQLState()
                        + " while checking " + table, e);
            }
            String t = q.apply(table);
            String key = columns.get(0);
            return new SideSql("SELECT " + String.join(", ", columns) + " FROM " + t + " WHERE " + key,
                    "INSERT INTO " + t + " (" + String.join(", ", columns) + ") VALUES ("
                            + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")",
                    "DELETE FROM " + t + " WHERE " + key + " = ?");
        }

        /**
         * Selects the columns from no rows; when that fails, finds out whether the table or which columns are
         * missing and says so.
         */
        private static ColumnTypes probe(Connection c, String tableName, String table, List<String> columns,
                                               List<String> names, String directory) throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0")) {
                return ColumnTypes.of(rs.getMetaData());
            } catch (SQLException e) {
                Set<String> present = new java.util.HashSet<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        present.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
                    }
                } catch (SQLException noTable) {
                    throw new UserTableMappingException(directory + ": table " + tableName + " of the user table mapping does not"
                            + " exist or cannot be read (SQL state " + noTable.getSQLState() + "); create it, or fix the name in"
                            + " the mapping", noTable);
                }
                List<String> missing = names.stream().filter(n -> !present.contains(n.toLowerCase(Locale.ROOT))).distinct().toList();
                if (!missing.isEmpty()) {
                    throw new UserTableMappingException(directory + ": table " + tableName + " has no column "
                            + String.join(", ", missing) + " named by the user table mapping (it has "
                            + String.join(", ", new TreeSet<>(present)) + ")", e);
                }
                throw new UserTableMappingException(directory + ": the columns the mapping names in " + tableName
                        + " cannot be read (SQL state " + e.getSQLState() + ")", e);
            }
        }

        /** The column types of a probe, kept after its result set is closed; positions from 1. */
        private static final class ColumnTypes {
            private final int[] types;
            private final String[] names;

            private ColumnTypes(ResultSetMetaData md) throws SQLException {
                int n = md.getColumnCount();
                types = new int[n];
                names = new String[n];
                for (int i = 0; i < n; i++) {
                    types[i] = md.getColumnType(i + 1);
                    names[i] = Objects.requireNonNullElse(md.getColumnTypeName(i + 1), "?");
                }
            }

            static ColumnTypes of(ResultSetMetaData md) throws SQLException {
                return new ColumnTypes(md);
            }

            int type(int at) {
                return types[at - 1];
            }

            String name(int at) {
                return names[at - 1];
            }
        }

        private static IdKind idKind(int type, String typeName, UserTableMapping m, String directory) {
            if ("uuid".equalsIgnoreCase(typeName)) {
                return IdKind.UUID;
            }
            switch (type) {
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> {
                    return IdKind.TEXT;
                }
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL -> {
                    if (!m.idsGeneratedByDatabase()) {
                        throw new UserTableMappingException(directory + ": id column " + m.idColumn() + " of " + m.table()
                                + " holds numbers (" + typeName + "), which the directory cannot invent: make it an identity or"
                                + " serial column and build the mapping with idsGeneratedByDatabase()");
                    }
                    return IdKind.INTEGER;
                }
                default -> throw new UserTableMappingException(directory + ": id column " + m.idColumn() + " of " + m.table()
                        + " is of type " + typeName + "; the directory supports text, integer and UUID ids");
            }
        }

        private static TimeKind timeKind(int type, UserTableMapping m, String directory) {
            return switch (type) {
                case Types.BIGINT, Types.INTEGER, Types.NUMERIC, Types.DECIMAL -> TimeKind.EPOCH_MILLIS;
                case Types.TIMESTAMP -> TimeKind.TIMESTAMP;
                case Types.TIMESTAMP_WITH_TIMEZONE -> TimeKind.TIMESTAMP_WITH_ZONE;
                default -> throw new UserTableMappingException(directory + ": updated-at column " + m.updatedAtColumn().orElseThrow()
                        + " of " + m.table() + " is neither an integer (epoch milliseconds) nor a timestamp column");
            };
        }
    }

    @Override
    public String toString() {
        return "JdbcUserDirectory[" + name + " on " + mapping.table() + "]";
    }
}
