package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.spi.ConflictException;

/**
 * Another runner holds the lease of this sync. Kind {@link io.rostersync.spi.FailureKind#CONFLICT}.
 *
 * @since 0.1.0
 */
public class SyncBusyException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; its kind is {@link io.rostersync.spi.FailureKind#CONFLICT}.
     *
     * @param syncId the sync
     */
    public SyncBusyException(SyncId syncId) {
        super("sync '" + syncId + "' is already running elsewhere");
    }
}
