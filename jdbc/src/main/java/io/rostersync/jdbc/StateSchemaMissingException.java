package io.rostersync.jdbc;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;

/**
 * The state store's tables do not exist in the database it was given, or are older than this version of
 * rostersync needs: the store was used before its schema was created or upgraded. Nothing is wrong with
 * the connection and nothing was written; create the schema with {@link JdbcSyncStateStore#migrate()} at
 * start-up, build the store with {@link JdbcSyncStateStore.Builder#migrateOnFirstUse(boolean)}, or apply
 * the shipped scripts with Flyway or Liquibase (see {@link JdbcSyncStateStore}). Kind
 * {@link FailureKind#INVALID_CONFIGURATION}: retrying does not help until the schema is in place.
 *
 * @since 0.1.0
 */
public final class StateSchemaMissingException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    /** The version recorded in the database: 0 for none, -1 when it could not be read. */
    private final int foundVersion;
    /** The version this release needs. */
    private final int requiredVersion;

    StateSchemaMissingException(int foundVersion, int requiredVersion, Throwable cause) {
        super(message(foundVersion, requiredVersion), cause);
        this.foundVersion = foundVersion;
        this.requiredVersion = requiredVersion;
    }

    private static String message(int found, int required) {
        String state = found == 0
                ? "the rostersync state tables do not exist in this database"
                : found < 0
                ? "the rostersync state tables are missing or incomplete in this database"
                : "the rostersync state schema is at version " + found + " but this version of rostersync needs " + required;
        return state + ": call JdbcSyncStateStore.migrate() once at start-up, build the store with"
                + " JdbcSyncStateStore.builder(dataSource).migrateOnFirstUse(true), or apply the scripts shipped in"
                + " rostersync-jdbc with Flyway (location classpath:io/rostersync/jdbc/schema/<h2|postgresql>,"
                + " V1__links_and_leases.sql to V" + required + ") or Liquibase"
                + " (io/rostersync/jdbc/schema/<h2|postgresql>/changelog.xml)";
    }

    /**
     * The schema version recorded in the database.
     *
     * @return the version; 0 when there is none, -1 when it could not be read
     */
    public int foundVersion() {
        return foundVersion;
    }

    /**
     * The schema version this version of rostersync needs.
     *
     * @return {@link JdbcSyncStateStore#LATEST_VERSION}
     */
    public int requiredVersion() {
        return requiredVersion;
    }
}
