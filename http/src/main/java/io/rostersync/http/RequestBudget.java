package io.rostersync.http;

import io.rostersync.http.internal.SharedLimiters;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.RateLimitedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A budget of requests that every attempt of a provider's calls (retries included) takes one permit from,
 * so that a sync stays under a vendor account's limit instead of bouncing off 429s.
 *
 * <p>The default is {@link #inJvm(RateLimit)}: a budget in this JVM's memory, which is what
 * {@link HttpSettings.Builder#rateLimit(RateLimit)} gives. It is right for one node. When several nodes (JVMs)
 * call one vendor account, each in-JVM budget spends the whole limit, so together they spend it once per node;
 * a budget shared by the nodes (the {@code rostersync-bucket4j} module keeps one in PostgreSQL) is added
 * with {@link HttpSettings.Builder#requestBudget(RequestBudget)} instead.
 *
 * <p>A vendor's {@code Retry-After} still wins: a 429 with {@code Retry-After} is waited out as before, and
 * every budget the attempt took a permit from is told through {@link #vendorAskedToWait(Duration)}, so that a
 * shared budget can hold back the other nodes too.
 *
 * <p>Implementations are thread-safe, and called from many threads at once.
 *
 * @since 0.1.0
 */
public interface RequestBudget {

    /**
     * A label for logs and errors, e.g. {@code zendesk:acme}: never a secret.
     *
     * @return the label, not blank
     */
    String name();

    /**
     * Takes one permit for one attempt of a call to {@code vendor}, waiting at most this budget's longest
     * wait (the {@link RateLimit#maxWait()} it was made with).
     *
     * @param vendor the vendor the attempt goes to, for the failure, e.g. {@code zendesk}
     * @throws RateLimitedException if no permit came within the longest wait (see {@link #exhausted}); the
     *                              provider's {@link RetryPolicy} retries it like a 429
     * @throws InterruptedException if the waiting thread is interrupted; no permit was taken
     * @throws io.rostersync.spi.RosterSyncException another subclass if the budget itself cannot be reached (a
     *                              shared budget whose database is down)
     */
    void acquire(String vendor) throws InterruptedException;

    /**
     * Told when the vendor answered an attempt that took a permit here with 429 and {@code Retry-After}: the
     * vendor's own count is exhausted for {@code wait}. The attempt itself waits that long anyway (the
     * client's retry honours {@code Retry-After}); a shared budget may withhold permits from every node until
     * then, so that the others back off too instead of each collecting its own 429. The default does nothing:
     * an in-JVM budget leaves it to each call's own retry, as before.
     *
     * @param wait the vendor's {@code Retry-After}, zero or more
     */
    default void vendorAskedToWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
    }

    /**
     * The failure {@link #acquire(String)} throws when no permit came in time, built the same way for every
     * budget: kind rate limited, the vendor, and when the budget knows it the time until a permit is
     * expected, as {@link RateLimitedException#retryAfter()}.
     *
     * @param vendor     the vendor the attempt was for
     * @param budget     the budget's {@linkplain #name() name}
     * @param retryAfter when a permit is expected, if known
     * @return the exception to throw
     */
    static RateLimitedException exhausted(String vendor, String budget, Optional<Duration> retryAfter) {
        ErrorDetails base = ErrorDetails.of(vendor);
        ErrorDetails details = new ErrorDetails(base.vendor(), base.httpStatus(), base.vendorCode(), base.vendorMessage(),
                base.requestId(), retryAfter.map(d -> d.isNegative() ? Duration.ZERO : d));
        return new RateLimitedException(details, vendor + ": client-side rate limit " + budget
                + " gave no permit in time" + retryAfter.map(d -> "; next permit expected in " + d.toMillis() + " ms").orElse("")
                + " (raise the budget's maxWait, or spread the work over a longer period)");
    }

    /**
     * A budget in this JVM's memory (resilience4j's rate limiter): {@code limit.permits()} per
     * {@code limit.period()}, counted in periods that start when the budget is made, waiting up to
     * {@code limit.maxWait()}. Each call returns a new budget; share the value to share the budget.
     *
     * @param limit the limit
     * @return a new in-JVM budget
     */
    static RequestBudget inJvm(RateLimit limit) {
        return SharedLimiters.budget(Objects.requireNonNull(limit, "limit"));
    }
}
