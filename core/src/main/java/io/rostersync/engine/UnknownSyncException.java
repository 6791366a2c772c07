package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.spi.NotFoundException;
import java.util.Objects;

/**
 * The host has no sync by this id any more (a deleted tenant, say): thrown by a {@link SyncRunnerFactory}.
 * A scheduler integration that gets it logs it and unschedules the sync rather than retrying it forever.
 * Kind {@link io.rostersync.spi.FailureKind#NOT_FOUND}.
 *
 * @since 0.2.0
 */
public class UnknownSyncException extends NotFoundException {

    private static final long serialVersionUID = 1L;

    /** Not a {@link SyncId}, which is not serializable. */
    private final String syncId;

    /**
     * Creates the exception naming the sync.
     *
     * @param syncId the id the host does not know
     */
    public UnknownSyncException(SyncId syncId) {
        super("no sync '" + Objects.requireNonNull(syncId, "syncId").value()
                + "' is configured any more; unschedule it (or configure it again)");
        this.syncId = syncId.value();
    }

    /**
     * The id the host does not know.
     *
     * @return the sync id
     */
    public SyncId syncId() {
        return SyncId.of(syncId);
    }
}
