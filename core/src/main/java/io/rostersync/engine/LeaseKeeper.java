package io.rostersync.engine;

import io.rostersync.spi.Lease;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run's lease alive: at each checkpoint of a long run (a page read, a batch written) it renews
 * the lease once a third of its time to live has passed since the last renewal. A run that takes longer
 * than the time to live, such as ten thousand writes at four a second, is then not taken over half-way
 * by the next scheduled run. Checkpoints are frequent (one every few seconds at the slowest vendor), so
 * no thread is needed.
 */
final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

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
     * Renews the lease if it is due. A store that cannot be reached just now is tried again at the next
     * checkpoint: the lease still has two thirds of its time to live when renewal becomes due.
     *
     * @throws StaleLeaseException when another runner took the sync over; the run must stop
     */
    void checkpoint() {
        if (store == null) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(renewedAt, now).compareTo(ttl.dividedBy(3)) >= 0) {
            try {
                lease = store.renew(lease, ttl, now);
                renewedAt = now;
            } catch (StaleLeaseException stale) {
                throw stale;
            } catch (RuntimeException e) {
                LOG.warn("sync {}: could not renew the lease (expires {}), trying again at the next step: {}",
                        lease.syncId(), lease.expiresAt(), e.getMessage());
            }
        }
    }

    Lease lease() {
        return lease;
    }
}
