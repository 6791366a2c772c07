package io.rostersync.bucket4j;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;

/**
 * The table the shared request budgets live in ({@value PostgresRequestBudgets#TABLE}) is missing from the
 * database, or lacks a column: {@link PostgresRequestBudgets.Builder#build()} checks it at start-up, before any
 * request is sent. Create it once with {@link PostgresRequestBudgets#createTable(javax.sql.DataSource)}, or apply
 * the shipped script {@value PostgresRequestBudgets#SCHEMA_LOCATION}/V1__request_budget.sql with Flyway or
 * Liquibase. Kind {@link FailureKind#INVALID_CONFIGURATION}: retrying does not help until the table exists.
 *
 * @since 0.1.0
 */
public final class BudgetTableMissingException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    BudgetTableMissingException(String sqlState, Throwable cause) {
        super("the rostersync request budget table " + PostgresRequestBudgets.TABLE + " is missing or incomplete"
                + " in this database (SQL state " + sqlState + "): call PostgresRequestBudgets.createTable(dataSource)"
                + " once at start-up, or apply " + PostgresRequestBudgets.SCHEMA_LOCATION
                + "/V1__request_budget.sql with Flyway or Liquibase", cause);
    }
}
