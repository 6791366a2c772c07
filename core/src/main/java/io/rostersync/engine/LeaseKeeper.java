package io.rostersync.engine;

import io.rostersync.spi.Lease;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a run's lease alive: at each checkpoint of a long run (a page read, a batch written) it renews
 * the lease once a third of its time to live has passed since the last renewal. A run that takes longer
 * than the time to live, such as ten thousand writes at four a second, is then not taken over half-way
 * by the next scheduled run. Checkpoints are frequent (one every few seconds at the slowest vendor), so
 * no thread is needed.
 */
final class LeaseKeeper {

    private final @Nullable SyncStateStore store;
    private final Duration ttl;
    private final Clock clock;
    private Lease lease;
    private Instant renewedAt;

    private LeaseKeeper(@Nullable SyncStateStore store, Lease lease, Duration ttl, Clock clock) {
        this.store = store;
        this.lease = Objects.requireNonNull(lease, "lease");
        this.ttl = ttl;
        this.clock = clock;
        this.renewedAt = clock.instant();
    }

    static LeaseKeeper renewing(SyncStateStore store, Lease lease, Duration ttl, Clock clock) {
        return new LeaseKeeper(Objects.requireNonNull(store, "store"), lease, ttl, clock);
    }

    /** For a caller that manages its lease itself. */
    static LeaseKeeper fixed(Lease lease) {
        return new LeaseKeeper(null, lease, Duration.ofDays(1), Clock.systemUTC());
    }

    /**
     * Renews the lease if it is due.
     *
     * @throws StaleLeaseException when another runner took the sync over; the run must stop
     */
    void checkpoint() {
        if (store == null) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(renewedAt, now).compareTo(ttl.dividedBy(3)) >= 0) {
            lease = store.renew(lease, ttl, now);
            renewedAt = now;
        }
    }

    Lease lease() {
        return lease;
    }
}
