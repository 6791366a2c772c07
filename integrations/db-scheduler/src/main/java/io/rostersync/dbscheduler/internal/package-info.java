/**
 * Implementation details of rostersync-db-scheduler: the task's stored data, the timing of runs and the task
 * itself. Nothing here is API: names, signatures and behaviour may change in any release without notice,
 * except that the stored data keeps reading what earlier releases stored (see {@link
 * io.rostersync.dbscheduler.internal.SyncTaskData}).
 */
@NullMarked
package io.rostersync.dbscheduler.internal;

import org.jspecify.annotations.NullMarked;
