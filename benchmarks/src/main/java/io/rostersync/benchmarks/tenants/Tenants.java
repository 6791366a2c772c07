package io.rostersync.benchmarks.tenants;

import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What every process of the benchmark agrees on about tenant {@code t} (0-based): its sync id, its Zendesk
 * account's API token, and its slice of the host's users table.
 *
 * <p>The host keeps every tenant's users in one table, {@code tenant_users}, with a {@code tenant_id}
 * column and no unique constraint on the email, so a duplicated account would show in the counts instead of
 * being refused by the database. Each tenant's directory is a {@code JdbcUserDirectory} over a view of its
 * rows ({@code tenant_00042_users}, with {@code WITH CHECK OPTION} and the tenant's id as the default), as a
 * host with a tenant column can do today.
 */
final class Tenants {

    private static final Pattern SYNC_ID = Pattern.compile("tenant-(\\d{5})");

    private Tenants() {
    }

    static SyncId syncId(int t) {
        return SyncId.of(String.format(Locale.ROOT, "tenant-%05d", t));
    }

    static Optional<Integer> tenantOf(SyncId id) {
        Matcher m = SYNC_ID.matcher(id.value());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    static String email(int t) {
        return String.format(Locale.ROOT, "admin@tenant-%05d.zendesk.test", t);
    }

    /** The benchmark's own throwaway token for the emulator; not a secret. */
    static String apiToken(int t) {
        return String.format(Locale.ROOT, "bench-token-%05d", t);
    }

    static String view(int t) {
        return String.format(Locale.ROOT, "tenant_%05d_users", t);
    }

    /** Seed 002: Zendesk is the source of truth; new users arrive PENDING. */
    static SyncPolicy policy() {
        return SyncPolicy.builder().onUnmatched(UnmatchedAction.CREATE_PENDING).build();
    }

    static UserTableMapping mapping(int t) {
        return UserTableMapping.builder(view(t)).id("id").idsGeneratedByDatabase().email("email")
                .firstName("first_name").lastName("last_name").status("status", UserTableMapping.StatusValues.names())
                .updatedAt("updated_at_ms").rolesColumn("roles", ",").build();
    }

    /** Creates the host's users table and one view per tenant. */
    static void createHostTables(DataSource dataSource, int tenants) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TABLE tenant_users (id BIGSERIAL PRIMARY KEY, tenant_id INT NOT NULL, email VARCHAR(254),"
                    + " first_name VARCHAR(255) NOT NULL, last_name VARCHAR(255) NOT NULL, status VARCHAR(16) NOT NULL,"
                    + " roles VARCHAR(2000), updated_at_ms BIGINT NOT NULL)");
            s.execute("CREATE INDEX tenant_users_tenant ON tenant_users (tenant_id, id)");
            s.execute("CREATE INDEX tenant_users_email ON tenant_users (tenant_id, lower(email))");
            for (int t = 0; t < tenants; t++) {
                s.addBatch("CREATE VIEW " + view(t) + " AS SELECT id, tenant_id, email, first_name, last_name, status, roles,"
                        + " updated_at_ms FROM tenant_users WHERE tenant_id = " + t + " WITH CASCADED CHECK OPTION");
                s.addBatch("ALTER VIEW " + view(t) + " ALTER COLUMN tenant_id SET DEFAULT " + t);
                if (t % 500 == 499) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
            c.commit();
        }
    }
}
