package io.rostersync.bucket4j.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.http.Sleeper;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.TransientException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vendor account's budget: a Bucket4j bucket in PostgreSQL holding {@code permits} tokens, refilled to
 * {@code permits} at each period boundary of the UTC clock (intervally, aligned to the epoch). Every wait goes
 * through the {@link Sleeper} and every time is read from the {@link Clock} (the bucket's too: the proxy manager is
 * built with a client clock from the same {@code Clock}), so a test drives it without real time.
 */
public final class BucketBudget implements RequestBudget {

    private static final Logger LOG = LoggerFactory.getLogger(BucketBudget.class);

    private final String key;
    private final RateLimit limit;
    private final Bucket bucket;
    private final long guardMillis;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BlockingStrategy waits;

    /**
     * {@code guard}: no permit is handed out this close to the end of a period when the wait allows; {@code clock}
     * must be the one {@code proxies} was built with (its client clock); {@code sleeper} does every wait.
     */
    public BucketBudget(ProxyManager<String> proxies, String key, RateLimit limit, Duration guard, Clock clock,
                        Sleeper sleeper) {
        this.key = Objects.requireNonNull(key, "key");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.guardMillis = guard.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.waits = nanos -> sleeper.sleep(Duration.ofNanos(nanos));
        long periodMillis = limit.period().toMillis();
        // The first refill one period after the epoch makes every later one fall on a multiple of the period.
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.permits())
                        .refillIntervallyAligned(limit.permits(), limit.period(), Instant.ofEpochMilli(periodMillis))
                        .build())
                .build();
        this.bucket = proxies.builder().build(key, () -> configuration);
    }

    @Override
    public String name() {
        return limit.name();
    }

    /**
     * Takes a permit. Within the guard before the end of a period it first waits for the next period when
     * the longest wait allows: a request started then could reach the vendor after the boundary and be
     * counted in the next period, whose permits are all handed out too. Under load the permits are taken at
     * the start of each period anyway, so this costs no throughput.
     */
    @Override
    public void acquire(String vendor) throws InterruptedException {
        Duration maxWait = limit.maxWait();
        long period = limit.period().toMillis();
        long toBoundary = period - Math.floorMod(clock.millis(), period);
        if (toBoundary <= guardMillis && toBoundary <= maxWait.toMillis()) {
            sleeper.sleep(Duration.ofMillis(toBoundary));
            maxWait = maxWait.minusMillis(toBoundary);
        }
        boolean granted;
        try {
            granted = maxWait.isZero() ? bucket.tryConsume(1) : bucket.asBlocking().tryConsume(1, maxWait, waits);
        } catch (BucketExceptions.BucketExecutionException e) {
            throw unreachable(vendor, e);
        }
        if (!granted) {
            throw RequestBudget.exhausted(vendor, name(), nextPermitIn());
        }
    }

    /**
     * Withholds permits from every node until the last period boundary within {@code wait}: the period's
     * remaining permits are drained, and the permits of each boundary before that last one are taken ahead.
     * When no boundary falls within the wait, nothing is withheld: the vendor's wait ends before this period
     * does, and draining would hold the other nodes back longer than the vendor asked.
     */
    @Override
    public void vendorAskedToWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        long period = limit.period().toMillis();
        long now = clock.millis();
        long boundaries = Math.floorDiv(now + wait.toMillis(), period) - Math.floorDiv(now, period);
        if (boundaries == 0) {
            return;
        }
        bucket.tryConsumeAsMuchAsPossible();
        if (boundaries > 1) {
            bucket.consumeIgnoringRateLimits(Math.multiplyExact(boundaries - 1, (long) limit.permits()));
        }
        LOG.debug("budget {}: the vendor asked to wait {} ms; no permits for {} period boundaries", key, wait.toMillis(),
                boundaries - 1);
    }

    private Optional<Duration> nextPermitIn() {
        try {
            EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        } catch (BucketExceptions.BucketExecutionException e) {
            return Optional.empty();
        }
    }

    private TransientException unreachable(String vendor, BucketExceptions.BucketExecutionException e) {
        String state = sqlState(e).map(s -> " (SQL state " + s + ")").orElse(" (" + e.getClass().getSimpleName() + ")");
        return new TransientException(ErrorDetails.of(vendor), vendor + ": the shared request budget " + name()
                + " could not be read in PostgreSQL" + state + "; nothing was sent", e);
    }

    private static Optional<String> sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "shared budget " + key + " (" + limit.permits() + " per " + limit.period() + ")";
    }
}
