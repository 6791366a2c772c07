package io.rostersync.engine;

import io.rostersync.spi.Lease;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run's lease alive and proves it is still held. At each checkpoint of a long run (a page read, a
 * batch written) it renews the lease once a third of its time to live has passed since the last renewal,
 * so a run longer than the time to live is not taken over half-way. Before every write to the target,
 * {@link #verify()} also asks the store whether the lease is still current (its fencing token, and its
 * expiry on the injected clock): the store fences its own writes, but only this check keeps a runner that
 * stalled past its lease, while another node took over, from writing to the target. Checkpoints are
 * frequent (one every few seconds at the slowest vendor), so no thread is needed.
 */
final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final SyncStateStore store;
    private final boolean renewing;
    private final Duration ttl;
    private final Clock clock;
    private Lease lease;
    private Instant renewedAt;

    private LeaseKeeper(SyncStateStore store, boolean renewing, Lease lease, Duration ttl, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.renewing = renewing;
        this.lease = Objects.requireNonNull(lease, "lease");
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.renewedAt = clock.instant();
    }

    static LeaseKeeper renewing(SyncStateStore store, Lease lease, Duration ttl, Clock clock) {
        return new LeaseKeeper(store, true, lease, ttl, clock);
    }

    /** For a caller that renews its lease itself: never renews, but still verifies before every write. */
    static LeaseKeeper fixed(SyncStateStore store, Lease lease, Clock clock) {
        return new LeaseKeeper(store, false, lease, Duration.ofDays(1), clock);
    }

    /**
     * Renews the lease if it is due. A store that cannot be reached just now is tried again at the next
     * checkpoint: the lease still has two thirds of its time to live when renewal becomes due.
     *
     * @throws StaleLeaseException when another runner took the sync over; the run must stop
     */
    void checkpoint() {
        if (!renewing) {
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

    /**
     * Renews the lease if due, then confirms it is still current: called before every write to the target.
     * A lease past its expiry on the injected clock is lost whatever the store says (a renewal that could not
     * reach the store did not extend it). A store that cannot be reached just now, while the lease is unexpired
     * on this clock, is taken as a yes: nobody can take over an unexpired lease.
     *
     * @throws StaleLeaseException when the lease expired or another runner took the sync over; nothing may be
     *                             written any more
     */
    void verify() {
        checkpoint();
        Instant now = clock.instant();
        if (!now.isBefore(lease.expiresAt())) {
            LOG.warn("sync {}: the lease expired at {} (now {}); stopping before the next write", lease.syncId(),
                    lease.expiresAt(), now);
            throw new StaleLeaseException(lease);
        }
        boolean current;
        try {
            current = store.isCurrent(lease, now);
        } catch (RuntimeException e) {
            LOG.warn("sync {}: could not confirm the lease (expires {}), going on while it is unexpired: {}",
                    lease.syncId(), lease.expiresAt(), e.getMessage());
            return;
        }
        if (!current) {
            LOG.warn("sync {}: the lease {} is no longer current (another runner took over); stopping before the next write",
                    lease.syncId(), lease.fencingToken());
            throw new StaleLeaseException(lease);
        }
    }

    Lease lease() {
        return lease;
    }

    Instant now() {
        return clock.instant();
    }
}
