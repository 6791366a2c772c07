package io.rostersync.dbscheduler;

import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import java.time.Instant;
import java.util.Objects;

/**
 * A sync as db-scheduler holds it.
 *
 * @param syncId  the sync
 * @param trigger when it fires
 * @param nextRun when it runs next (while it runs: when the running execution was due)
 * @param running whether a node is running it now
 * @since 0.1.0
 */
public record RegisteredSync(SyncId syncId, SyncTrigger trigger, Instant nextRun, boolean running) {

    /**
     * Checks the parts.
     *
     * @param syncId  the sync
     * @param trigger when it fires
     * @param nextRun when it runs next
     * @param running whether a node is running it now
     * @throws NullPointerException if a part is null
     */
    public RegisteredSync {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(nextRun, "nextRun");
    }
}
