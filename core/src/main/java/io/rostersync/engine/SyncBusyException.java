package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;

/**
 * Another runner holds the lease of this sync.
 *
 * @since 0.1.0
 */
public class SyncBusyException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; its kind is {@link FailureKind#CONFLICT}.
     *
     * @param syncId the sync
     */
    public SyncBusyException(SyncId syncId) {
        super(FailureKind.CONFLICT, "sync '" + syncId + "' is already running elsewhere");
    }
}
