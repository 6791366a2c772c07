-- rostersync request budgets, version 1 (PostgreSQL): one row per vendor account, its Bucket4j state.
-- Applied by PostgresRequestBudgets.createTable(dataSource), or by Flyway or Liquibase from this location.
CREATE TABLE IF NOT EXISTS rostersync_request_budget (
    id VARCHAR(200) NOT NULL PRIMARY KEY,
    state BYTEA,
    expires_at BIGINT
);
