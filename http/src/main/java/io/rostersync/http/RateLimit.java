package io.rostersync.http;

import io.rostersync.http.internal.Checks;
import io.rostersync.spi.RateLimitedException;
import java.time.Duration;
import java.util.Objects;

/**
 * A client-side request budget, applied through resilience4j-ratelimiter so that a sync stays under a
 * vendor account's limit instead of bouncing off 429s. Each attempt (retries included) takes one permit.
 * Such a budget lives in one JVM ({@link RequestBudget#inJvm(RateLimit)}); for several nodes calling one vendor
 * account, see {@link RequestBudget}.
 *
 * @param name    a label for logs and metrics, e.g. {@code zendesk-account}
 * @param permits requests allowed per period
 * @param period  the refresh period
 * @param maxWait how long a request may wait for a permit before failing with
 *                {@link RateLimitedException}
 *
 * @since 0.1.0
 */
public record RateLimit(String name, int permits, Duration period, Duration maxWait) {

    /**
     * Checks the parts; see the record's description for each.
     *
     * @param name    the label
     * @param permits requests per period
     * @param period  the refresh period
     * @param maxWait the longest wait for a permit
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException if the name is blank, permits are below 1, the period is not positive
     *                                  or the wait is negative
     */
    public RateLimit {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        Checks.positive(period, "period");
        Checks.notNegative(maxWait, "maxWait");
    }

    /**
     * {@code permits} per {@code period}, waiting up to one period for a permit.
     *
     * @param name    the label
     * @param permits requests per period, at least 1
     * @param period  the refresh period, positive
     * @return the limit
     * @throws IllegalArgumentException if a value is out of range (see the constructor)
     */
    public static RateLimit of(String name, int permits, Duration period) {
        return new RateLimit(name, permits, period, period);
    }
}
