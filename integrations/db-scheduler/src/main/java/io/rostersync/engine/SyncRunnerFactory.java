package io.rostersync.engine;

import io.rostersync.model.SyncId;

/**
 * TEMPORARY copy of the SCHEDULE-API.md signature until sched-state reaches main; deleted at that merge.
 */
@FunctionalInterface
public interface SyncRunnerFactory {
    /**
     * The runner of a sync.
     *
     * @param syncId the sync
     * @return its runner
     * @throws UnknownSyncException when the host has no such sync any more
     */
    SyncRunner runnerFor(SyncId syncId);
}
