/**
 * rostersync on a host's own SQL database (H2 and PostgreSQL tested).
 *
 * <ul>
 *   <li>{@link io.rostersync.jdbc.JdbcSyncStateStore}: the durable {@link io.rostersync.spi.SyncStateStore} (links,
 *       cursors, fenced leases, run history). Its schema is versioned SQL shipped in this jar under
 *       {@code io/rostersync/jdbc/schema/<h2|postgresql>/}, applied by the store's own
 *       {@link io.rostersync.jdbc.JdbcSyncStateStore#migrate()}, by Flyway, or by Liquibase through the
 *       {@code changelog.xml} beside the scripts; {@link io.rostersync.jdbc.StateSchemaMissingException} says when
 *       it is missing or older than needed.</li>
 *   <li>{@link io.rostersync.jdbc.JdbcUserDirectory}: a {@link io.rostersync.spi.UserDirectory} over the host's own
 *       users table, described by a {@link io.rostersync.jdbc.UserTableMapping};
 *       {@link io.rostersync.jdbc.UserTableMappingException} says when the mapping does not fit the database.</li>
 * </ul>
 *
 * <p>No runtime dependency beyond rostersync-core, rostersync-json and slf4j-api: Flyway and Liquibase are the
 * host's choice, never pulled in.
 */
@NullMarked
package io.rostersync.jdbc;

import org.jspecify.annotations.NullMarked;
