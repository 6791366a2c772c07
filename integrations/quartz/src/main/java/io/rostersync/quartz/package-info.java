/**
 * Runs rostersync syncs under the host's own Quartz scheduler, clustered on its database or not.
 *
 * <p>{@link io.rostersync.quartz.QuartzSyncs} installs the host's
 * {@link io.rostersync.engine.SyncRunnerFactory} on a node and registers syncs idempotently with a
 * {@link io.rostersync.engine.SyncTrigger} (an interval with a spread first run, or a cron expression in a
 * time zone); {@link io.rostersync.quartz.SyncJob} is the job each firing runs. With Quartz's clustered JDBC
 * job store, each firing runs on one node, a dead node's running syncs run again on the others, and the
 * {@code SyncStateStore}'s fenced lease keeps a sync from running twice at once whatever happens.
 */
@NullMarked
package io.rostersync.quartz;

import org.jspecify.annotations.NullMarked;
