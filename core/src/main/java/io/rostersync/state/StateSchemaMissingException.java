package io.rostersync.state;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;

/**
 * The state store's tables do not exist in the database it was given, or are older than this version of
 * rostersync needs: the store was used before its schema was created or upgraded. Nothing is wrong with
 * the connection; create the schema with {@link JdbcSyncStateStore#migrate()} at start-up, build the store
 * with {@link JdbcSyncStateStore.Builder#migrateOnFirstUse(boolean)}, or run the shipped scripts
 * ({@code io/rostersync/state/schema/<dialect>/V<n>.sql} in rostersync-core) with Flyway or Liquibase.
 * Kind {@link FailureKind#INVALID_CONFIGURATION}: retrying does not help.
 */
public final class StateSchemaMissingException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    private final int foundVersion;
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
                + " JdbcSyncStateStore.builder(dataSource).migrateOnFirstUse(true), or run the shipped scripts"
                + " io/rostersync/state/schema/<h2|postgresql>/V1.sql to V" + required + ".sql (in rostersync-core)"
                + " in order with Flyway or Liquibase";
    }

    /** The schema version recorded in the database: 0 when there is none, -1 when it could not be read. */
    public int foundVersion() {
        return foundVersion;
    }

    /** The schema version this version of rostersync needs. */
    public int requiredVersion() {
        return requiredVersion;
    }
}
