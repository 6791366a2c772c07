/**
 * rostersync on a host's own SQL database: {@link io.rostersync.jdbc.JdbcSyncStateStore}, the durable
 * {@link io.rostersync.spi.SyncStateStore} (links, cursors, leases, run history; schema as versioned SQL
 * scripts), and {@link io.rostersync.jdbc.JdbcUserDirectory}, a {@link io.rostersync.spi.UserDirectory} over a
 * host's own users table.
 */
@NullMarked
package io.rostersync.jdbc;

import org.jspecify.annotations.NullMarked;
