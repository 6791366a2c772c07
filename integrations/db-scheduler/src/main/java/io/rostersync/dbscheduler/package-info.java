/**
 * rostersync syncs as db-scheduler recurring tasks: {@link io.rostersync.dbscheduler.DbSchedulerSyncs} makes
 * the one task every node registers with its {@code Scheduler} and registers each sync as an instance of it,
 * with a {@link io.rostersync.engine.SyncTrigger}; the instance's stored data is the sync id and its
 * schedule, never a credential, and the host's {@link io.rostersync.engine.SyncRunnerFactory} turns the id
 * into a runner on whichever node runs it.
 */
@NullMarked
package io.rostersync.dbscheduler;

import org.jspecify.annotations.NullMarked;
