package io.rostersync.jdbc;

import io.rostersync.model.UserStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link JdbcUserDirectory} finds the host's users: the table, its columns for each profile field, how the
 * status is spelled, and where roles, groups and attributes live (side tables keyed by the user's id, a delimited
 * column, or nowhere). Immutable and thread-safe; built with {@link #builder(String)}.
 *
 * <p>Every table and column name must be a plain SQL identifier: a letter or {@code _}, then letters, digits or
 * {@code _}, at most 63 characters; a table may carry a schema ({@code crm.people}). Names are matched as the
 * database matches unquoted names (H2 upper-cases them, PostgreSQL lower-cases them) and are always quoted in the
 * SQL the directory runs, so a column named like a keyword ({@code value}, {@code user}) works. Anything else is
 * refused when the mapping is built; a table created with quoted mixed-case names ({@code "firstName"}) needs a
 * view with plain names.
 *
 * <p>What is mapped decides what the directory declares: an unmapped field reads as empty and is never written
 * (leave it unowned in the policy); without a status column the directory cannot deactivate or reactivate; a
 * {@link Builder#readOnly() read-only} mapping only reads. Whether the named tables and columns exist is checked
 * against the database by {@link JdbcUserDirectory#validate()}, or on the directory's first call.
 *
 * <pre>{@code
 * UserTableMapping people = UserTableMapping.builder("crm.people")
 *         .id("person_id").idsGeneratedByDatabase()
 *         .email("mail").username("login").firstName("given_name").lastName("family_name")
 *         .status("is_active", UserTableMapping.StatusValues.activeFlag())
 *         .updatedAt("modified_at")
 *         .rolesColumn("roles", ",")
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class UserTableMapping {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String table;
    private final String id;
    private final boolean idsGeneratedByDatabase;
    private final Optional<String> email;
    private final Optional<String> username;
    private final Optional<String> usernameKey;
    private final Optional<String> firstName;
    private final Optional<String> lastName;
    private final Optional<String> status;
    private final StatusValues statusValues;
    private final Optional<String> updatedAt;
    private final Optional<MultiValue> roles;
    private final Optional<MultiValue> groups;
    private final Optional<AttributeTable> attributes;
    private final boolean readOnly;

    private UserTableMapping(Builder b) {
        table = b.table;
        id = required(b.id, "id");
        idsGeneratedByDatabase = b.idsGeneratedByDatabase;
        email = Optional.ofNullable(b.email);
        username = Optional.ofNullable(b.username);
        usernameKey = Optional.ofNullable(b.usernameKey);
        firstName = Optional.ofNullable(b.firstName);
        lastName = Optional.ofNullable(b.lastName);
        status = Optional.ofNullable(b.status);
        statusValues = b.statusValues == null ? StatusValues.names() : b.statusValues;
        updatedAt = Optional.ofNullable(b.updatedAt);
        roles = Optional.ofNullable(b.roles);
        groups = Optional.ofNullable(b.groups);
        attributes = Optional.ofNullable(b.attributes);
        readOnly = b.readOnly;
        if (email.isEmpty() && username.isEmpty()) {
            throw new IllegalArgumentException("the mapping of " + table + " names neither an email nor a username column:"
                    + " map at least one, the directory finds existing accounts by them");
        }
        if (usernameKey.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("the mapping of " + table + " names a username key column but no username column");
        }
        List<String> columns = new ArrayList<>(List.of(id));
        email.ifPresent(columns::add);
        username.ifPresent(columns::add);
        usernameKey.ifPresent(columns::add);
        firstName.ifPresent(columns::add);
        lastName.ifPresent(columns::add);
        status.ifPresent(columns::add);
        updatedAt.ifPresent(columns::add);
        roles.flatMap(MultiValue::column).ifPresent(columns::add);
        groups.flatMap(MultiValue::column).ifPresent(columns::add);
        Map<String, Integer> seen = new HashMap<>();
        for (String c : columns) {
            if (seen.merge(c.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum) > 1) {
                throw new IllegalArgumentException("the mapping of " + table + " names column " + c
                        + " for two fields; each field needs its own column");
            }
        }
    }

    /**
     * A builder for a mapping of the host's users table {@code table} (a plain identifier, optionally qualified
     * by a schema: {@code people} or {@code crm.people}).
     *
     * @param table the users table
     * @return a builder with nothing but the table set
     * @throws IllegalArgumentException when {@code table} is not such a name
     */
    public static Builder builder(String table) {
        return new Builder(qualified(table, "users table"));
    }

    /**
     * The mapping of the tables {@link JdbcUserDirectory#createDefaultTables(javax.sql.DataSource)} creates:
     * {@code app_users (id, email, username, username_key, first_name, last_name, status, updated_at_ms)} with the
     * status as {@link StatusValues#names() names}, {@code app_user_roles (user_id, role)},
     * {@code app_user_groups (user_id, group_name)} and {@code app_user_attributes (user_id, name, attr_value)}.
     * For tests and examples; a host maps its own table with {@link #builder(String)}.
     *
     * @return the mapping of the default tables
     */
    public static UserTableMapping defaultTables() {
        return builder("app_users").id("id").email("email").username("username").usernameKey("username_key")
                .firstName("first_name").lastName("last_name").status("status", StatusValues.names())
                .updatedAt("updated_at_ms")
                .rolesTable("app_user_roles", "user_id", "role")
                .groupsTable("app_user_groups", "user_id", "group_name")
                .attributesTable("app_user_attributes", "user_id", "name", "attr_value")
                .build();
    }

    /**
     * The users table.
     *
     * @return the name as given ({@code schema.table} or {@code table})
     */
    public String table() {
        return table;
    }

    /**
     * The id column.
     *
     * @return its name
     */
    public String idColumn() {
        return id;
    }

    /**
     * Whether the database assigns the id of a new row (an identity or serial column).
     *
     * @return true when the directory reads a new row's id back instead of choosing it
     */
    public boolean idsGeneratedByDatabase() {
        return idsGeneratedByDatabase;
    }

    /**
     * The email column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> emailColumn() {
        return email;
    }

    /**
     * The username column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> usernameColumn() {
        return username;
    }

    /**
     * The column the directory fills with the username's match key, for a unique constraint ignoring case.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> usernameKeyColumn() {
        return usernameKey;
    }

    /**
     * The first-name column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> firstNameColumn() {
        return firstName;
    }

    /**
     * The last-name column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> lastNameColumn() {
        return lastName;
    }

    /**
     * The status column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> statusColumn() {
        return status;
    }

    /**
     * How statuses are spelled in the status column.
     *
     * @return the spelling; {@link StatusValues#names()} when no status column is mapped
     */
    public StatusValues statusValues() {
        return statusValues;
    }

    /**
     * The last-change column: epoch milliseconds in an integer column, or a timestamp column.
     *
     * @return its name, empty when not mapped
     */
    public Optional<String> updatedAtColumn() {
        return updatedAt;
    }

    /**
     * Whether roles are mapped.
     *
     * @return true when they are read and written, in a side table or a delimited column
     */
    public boolean mapsRoles() {
        return roles.isPresent();
    }

    /**
     * Whether groups are mapped.
     *
     * @return true when they are read and written, in a side table or a delimited column
     */
    public boolean mapsGroups() {
        return groups.isPresent();
    }

    /**
     * Whether attributes are mapped.
     *
     * @return true when they are read and written, in a side table or a delimited column
     */
    public boolean mapsAttributes() {
        return attributes.isPresent();
    }

    /**
     * Whether the directory only reads.
     *
     * @return true for a {@link Builder#readOnly() read-only} mapping
     */
    public boolean readOnly() {
        return readOnly;
    }

    Optional<MultiValue> roles() {
        return roles;
    }

    Optional<MultiValue> groups() {
        return groups;
    }

    Optional<AttributeTable> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "UserTableMapping[" + table + "]";
    }

    /** Roles or groups: rows of a side table, or one delimited column of the users table. */
    record MultiValue(Optional<String> table, Optional<String> userIdColumn, Optional<String> valueColumn,
                      Optional<String> column, String delimiter) {
    }

    /** Attributes: rows of name and value in a side table keyed by the user's id. */
    record AttributeTable(String table, String userIdColumn, String nameColumn, String valueColumn) {
    }

    /**
     * How the status column spells each {@link UserStatus}. Immutable.
     *
     * @since 0.1.0
     */
    public static final class StatusValues {

        private final boolean flag;
        private final Map<UserStatus, String> text;

        private StatusValues(boolean flag, Map<UserStatus, String> text) {
            this.flag = flag;
            this.text = text;
        }

        /**
         * A text column holding the status names: {@code ACTIVE}, {@code INACTIVE}, {@code PENDING}, {@code SUSPENDED}.
         *
         * @return the spelling
         */
        public static StatusValues names() {
            Map<UserStatus, String> m = new EnumMap<>(UserStatus.class);
            for (UserStatus s : UserStatus.values()) {
                m.put(s, s.name());
            }
            return new StatusValues(false, m);
        }

        /**
         * A boolean column, true for an active account: reads {@code true} as {@link UserStatus#ACTIVE} and
         * {@code false} as {@link UserStatus#INACTIVE}; writes {@code true} for ACTIVE and {@code false} for every
         * other status (so a PENDING or SUSPENDED account reads back as INACTIVE).
         *
         * @return the spelling
         */
        public static StatusValues activeFlag() {
            return new StatusValues(true, Map.of());
        }

        /**
         * A text column with the host's own spelling of each status, for example {@code ACTIVE -> "enabled"},
         * {@code INACTIVE -> "disabled"}. ACTIVE and INACTIVE must be spelled; values must differ. Reading a value
         * not listed is a read problem for that row; writing a status not listed fails for that user.
         *
         * @param values each status's value; ACTIVE and INACTIVE at least
         * @return the spelling
         * @throws IllegalArgumentException when ACTIVE or INACTIVE is missing, a value is blank, or two statuses share a value
         */
        public static StatusValues text(Map<UserStatus, String> values) {
            Map<UserStatus, String> m = new EnumMap<>(UserStatus.class);
            m.putAll(Objects.requireNonNull(values, "values"));
            for (UserStatus required : List.of(UserStatus.ACTIVE, UserStatus.INACTIVE)) {
                if (!m.containsKey(required)) {
                    throw new IllegalArgumentException("status values must spell " + required + " (to deactivate and reactivate)");
                }
            }
            Map<String, UserStatus> back = new HashMap<>();
            m.forEach((status, value) -> {
                if (Objects.requireNonNull(value, "status value").isBlank()) {
                    throw new IllegalArgumentException("the value for status " + status + " is blank");
                }
                UserStatus other = back.put(value, status);
                if (other != null) {
                    throw new IllegalArgumentException("statuses " + other + " and " + status + " share the value '" + value + "'");
                }
            });
            return new StatusValues(false, Map.copyOf(m));
        }

        /** Whether this is a boolean column. */
        boolean isFlag() {
            return flag;
        }

        /** The value written for {@code status}: a Boolean for a flag, else the text; empty when not spelled. */
        Optional<Object> write(UserStatus status) {
            if (flag) {
                return Optional.of(status == UserStatus.ACTIVE);
            }
            return Optional.ofNullable(text.get(status));
        }

        /** The status a stored text value stands for, if any. */
        Optional<UserStatus> readText(String value) {
            for (Map.Entry<UserStatus, String> e : text.entrySet()) {
                if (e.getValue().equals(value)) {
                    return Optional.of(e.getKey());
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return flag ? "StatusValues[activeFlag]" : "StatusValues" + text;
        }
    }

    /**
     * Collects a {@link UserTableMapping}. Every name is checked as it is given; {@link #build()} checks the whole.
     * Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String table;
        private @Nullable String id;
        private boolean idsGeneratedByDatabase;
        private @Nullable String email;
        private @Nullable String username;
        private @Nullable String usernameKey;
        private @Nullable String firstName;
        private @Nullable String lastName;
        private @Nullable String status;
        private @Nullable StatusValues statusValues;
        private @Nullable String updatedAt;
        private @Nullable MultiValue roles;
        private @Nullable MultiValue groups;
        private @Nullable AttributeTable attributes;
        private boolean readOnly;

        private Builder(String table) {
            this.table = table;
        }

        /**
         * The primary-key column: text (the directory gives a new account a random UUID unless
         * {@link #idsGeneratedByDatabase()}), an integer (with {@link #idsGeneratedByDatabase()}) or a UUID column.
         * Required.
         *
         * @param column the id column
         * @return this builder
         */
        public Builder id(String column) {
            id = column(column, "id");
            return this;
        }

        /**
         * The database assigns the id of a new row (identity, serial or a default); the directory reads it back.
         *
         * @return this builder
         */
        public Builder idsGeneratedByDatabase() {
            idsGeneratedByDatabase = true;
            return this;
        }

        /**
         * The email column, compared ignoring ASCII case (an index on {@code LOWER(column)} keeps look-ups fast).
         *
         * @param column the column
         * @return this builder
         */
        public Builder email(String column) {
            email = column(column, "email");
            return this;
        }

        /**
         * The username column, compared ignoring ASCII case (through the {@link #usernameKey(String) key column} when
         * one is mapped).
         *
         * @param column the column
         * @return this builder
         */
        public Builder username(String column) {
            username = column(column, "username");
            return this;
        }

        /**
         * A column the directory fills with the username's {@linkplain io.rostersync.model.Username#matchKey() match
         * key}, so a unique constraint on it keeps usernames unique ignoring case; look-ups use it.
         *
         * @param column the column
         * @return this builder
         */
        public Builder usernameKey(String column) {
            usernameKey = column(column, "username key");
            return this;
        }

        /**
         * The first-name column.
         *
         * @param column the column
         * @return this builder
         */
        public Builder firstName(String column) {
            firstName = column(column, "first name");
            return this;
        }

        /**
         * The last-name column.
         *
         * @param column the column
         * @return this builder
         */
        public Builder lastName(String column) {
            lastName = column(column, "last name");
            return this;
        }

        /**
         * The status column and how it spells each status; without one the directory cannot deactivate or reactivate.
         *
         * @param column the column
         * @param values how it spells each status
         * @return this builder
         */
        public Builder status(String column, StatusValues values) {
            status = column(column, "status");
            statusValues = Objects.requireNonNull(values, "values");
            return this;
        }

        /**
         * The last-change column, written on every write: epoch milliseconds (an integer column) or a timestamp column.
         *
         * @param column the column
         * @return this builder
         */
        public Builder updatedAt(String column) {
            updatedAt = column(column, "updated at");
            return this;
        }

        /**
         * Roles as rows of a side table, replacing a delimited roles column if one was named.
         *
         * @param table        the side table (optionally {@code schema.table})
         * @param userIdColumn its column holding the user's id
         * @param roleColumn   its column holding one role
         * @return this builder
         */
        public Builder rolesTable(String table, String userIdColumn, String roleColumn) {
            roles = sideTable(table, userIdColumn, roleColumn, "roles");
            return this;
        }

        /**
         * Roles in one text column of the users table, replacing a roles table if one was named. A role containing
         * the delimiter cannot be written; blanks around and between delimiters are dropped when reading.
         *
         * @param column    the column
         * @param delimiter what separates two roles, such as {@code ","}
         * @return this builder
         */
        public Builder rolesColumn(String column, String delimiter) {
            roles = delimited(column, delimiter, "roles");
            return this;
        }

        /**
         * Groups as rows of a side table, replacing a delimited groups column if one was named.
         *
         * @param table        the side table (optionally {@code schema.table})
         * @param userIdColumn its column holding the user's id
         * @param groupColumn  its column holding one group
         * @return this builder
         */
        public Builder groupsTable(String table, String userIdColumn, String groupColumn) {
            groups = sideTable(table, userIdColumn, groupColumn, "groups");
            return this;
        }

        /**
         * Groups in one text column of the users table, as {@link #rolesColumn(String, String)} holds roles.
         *
         * @param column    the column
         * @param delimiter what separates two groups
         * @return this builder
         */
        public Builder groupsColumn(String column, String delimiter) {
            groups = delimited(column, delimiter, "groups");
            return this;
        }

        /**
         * Free attributes as rows of a side table.
         *
         * @param table        the side table (optionally {@code schema.table})
         * @param userIdColumn its column holding the user's id
         * @param nameColumn   its column holding the attribute's name
         * @param valueColumn  its column holding the attribute's value
         * @return this builder
         */
        public Builder attributesTable(String table, String userIdColumn, String nameColumn, String valueColumn) {
            attributes = new AttributeTable(qualified(table, "attributes table"), column(userIdColumn, "attributes user id"),
                    column(nameColumn, "attribute name"), column(valueColumn, "attribute value"));
            return this;
        }

        /**
         * The directory only reads: it declares {@code READ} alone and refuses every write.
         *
         * @return this builder
         */
        public Builder readOnly() {
            readOnly = true;
            return this;
        }

        /**
         * The mapping.
         *
         * @return the mapping
         * @throws IllegalArgumentException when no id column is named, neither email nor username is, a username key
         *                                  is named without a username, or one column is named for two fields
         */
        public UserTableMapping build() {
            return new UserTableMapping(this);
        }

        private static MultiValue sideTable(String table, String userIdColumn, String valueColumn, String what) {
            return new MultiValue(Optional.of(qualified(table, what + " table")), Optional.of(column(userIdColumn, what + " user id")),
                    Optional.of(column(valueColumn, what + " value")), Optional.empty(), "");
        }

        private static MultiValue delimited(String column, String delimiter, String what) {
            Objects.requireNonNull(delimiter, "delimiter");
            if (delimiter.isEmpty() || delimiter.isBlank()) {
                throw new IllegalArgumentException("the delimiter of the " + what + " column must be a visible character, such as ','");
            }
            return new MultiValue(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(column(column, what)), delimiter);
        }
    }

    private static String required(@Nullable String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("the mapping names no " + what + " column: call " + what + "(column)");
        }
        return value;
    }

    /** A column name, checked. */
    static String column(String name, String what) {
        Objects.requireNonNull(name, what + " column");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("the " + what + " column '" + printable(name) + "' is not a plain SQL identifier"
                    + " (a letter or _, then letters, digits or _, at most 63 characters); map a view with plain names instead");
        }
        return name;
    }

    /** A table name with an optional schema, checked. */
    static String qualified(String name, String what) {
        Objects.requireNonNull(name, what);
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new IllegalArgumentException("the " + what + " '" + printable(name) + "' is not a plain SQL identifier"
                    + " (table or schema.table; each a letter or _, then letters, digits or _, at most 63 characters)");
        }
        return name;
    }

    /** The name as it may be shown in a message: control characters escaped, cut at 80 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
