package io.rostersync.engine;

import io.rostersync.model.SyncId;

/**
 * TEMPORARY copy of the SCHEDULE-API.md signature until sched-state reaches main; deleted at that merge.
 */
public class UnknownSyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The host has no such sync.
     *
     * @param syncId the sync
     */
    public UnknownSyncException(SyncId syncId) {
        super("no sync " + syncId);
    }
}
