package io.rostersync.spi;

import io.rostersync.model.SyncId;
import java.time.Instant;
import java.util.Objects;

/**
 * The right to run one sync, held by one runner until it expires or is released. The fencing token grows
 * with every grant, so a store can refuse writes from a runner whose lease was taken over.
 *
 * @param syncId       the sync
 * @param owner        who holds it (host name and thread, say)
 * @param fencingToken strictly increasing per sync id
 * @param expiresAt    when another runner may take it over
 * @since 0.1.0
 */
public record Lease(SyncId syncId, String owner, long fencingToken, Instant expiresAt) {

    /**
     * Checks the parts.
     *
     * @param syncId       the sync
     * @param owner        who holds it (host name and thread, say)
     * @param fencingToken strictly increasing per sync id
     * @param expiresAt    when another runner may take it over
     * @throws IllegalArgumentException if the fencing token is not positive
     * @throws NullPointerException if a part is null
     */
    public Lease {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (fencingToken <= 0) {
            throw new IllegalArgumentException("fencing token must be positive");
        }
    }
}
