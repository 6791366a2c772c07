package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.time.Instant;
import java.util.Objects;

/**
 * A source user waiting for a license seat (none was free, or the license had expired), kept by the
 * {@link SyncStateStore} so that every run, incremental ones included, plans the user again against the
 * pool as it is then.
 *
 * @param sourceId the waiting source user
 * @param label    human label (email, else username, else id)
 * @param reason   why no seat was given, as the plan said it in English ({@link ReasonExplainer#english()}),
 *                 kept as text by the store
 * @param since    when a run first found the user waiting
 * @since 0.1.0
 */
public record WaitingUser(NativeId sourceId, String label, String reason, Instant since) {

    /**
     * Checks every part is present.
     *
     * @param sourceId the waiting source user
     * @param label    human label (email, else username, else id)
     * @param reason   why no seat was given, as the plan said it
     * @param since    when a run first found the user waiting
     * @throws NullPointerException if a part is null
     */
    public WaitingUser {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }
}
