package io.rostersync.http;

import io.rostersync.http.internal.Checks;
import io.rostersync.spi.RateLimitedException;
import java.time.Duration;
import java.util.Objects;

/**
 * A client-side request budget, applied through resilience4j-ratelimiter so that a sync stays under a
 * vendor account's limit instead of bouncing off 429s. Each attempt (retries included) takes one permit.
 *
 * @param name    a label for logs and metrics, e.g. {@code zendesk-account}
 * @param permits requests allowed per period
 * @param period  the refresh period
 * @param maxWait how long a request may wait for a permit before failing with
 *                {@link RateLimitedException}
 */
public record RateLimit(String name, int permits, Duration period, Duration maxWait) {

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

    /** {@code permits} per {@code period}, waiting up to one period for a permit. */
    public static RateLimit of(String name, int permits, Duration period) {
        return new RateLimit(name, permits, period, period);
    }
}
