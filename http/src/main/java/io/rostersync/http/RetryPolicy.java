package io.rostersync.http;

import io.rostersync.http.internal.Checks;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.TransientException;
import java.time.Duration;
import java.util.Objects;

/**
 * When a provider retries a call, applied through resilience4j-retry.
 *
 * <p>Retried: {@link RateLimitedException} (any method: a 429 was not processed), waiting the vendor's
 * {@code Retry-After} when given; {@link TransientException} (5xx, 408, timeouts, resets) only for
 * requests that are safe to repeat (GET, HEAD, PUT, DELETE, or a request marked idempotent), with
 * exponential backoff and jitter. Nothing else is retried. When the next wait would take the total
 * waited beyond {@code maxTotalWait}, the last failure is thrown at once, carrying its retry-after.
 *
 * @param maxAttempts    attempts in all, including the first; 1 disables retry
 * @param initialBackoff the first backoff for failures without {@code Retry-After}
 * @param multiplier     growth of the backoff per attempt, at least 1
 * @param jitter         randomisation factor in [0, 1): a backoff {@code b} becomes uniform in
 *                       {@code [b(1-jitter), b(1+jitter)]}
 * @param maxBackoff     cap of a single computed backoff (a vendor's {@code Retry-After} is not capped
 *                       by this, only by {@code maxTotalWait})
 * @param maxTotalWait   cap of the time spent waiting across all retries of one call
 * @since 0.1.0
 */
public record RetryPolicy(
        int maxAttempts, Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff,
        Duration maxTotalWait) {

    /**
     * Checks the parts; see the record's description for each.
     *
     * @param maxAttempts    attempts in all, at least 1
     * @param initialBackoff the first backoff, positive
     * @param multiplier     backoff growth, at least 1 and finite
     * @param jitter         randomisation in [0, 1)
     * @param maxBackoff     cap of one backoff, positive and not below {@code initialBackoff}
     * @param maxTotalWait   cap of all waits of one call, zero or more
     * @throws NullPointerException     if a duration is null
     * @throws IllegalArgumentException if a value is out of range
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Checks.positive(initialBackoff, "initialBackoff");
        Checks.positive(maxBackoff, "maxBackoff");
        Checks.notNegative(maxTotalWait, "maxTotalWait");
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
        }
    }

    /**
     * 4 attempts, 500 ms doubling with 50 % jitter, at most 30 s per wait and 2 min in all.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), 2.0, 0.5, Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    /**
     * One attempt, never retried.
     *
     * @return a policy that never retries
     */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ofMillis(1), 1.0, 0.0, Duration.ofMillis(1), Duration.ZERO);
    }

    /**
     * This policy with another number of attempts.
     *
     * @param attempts attempts in all, at least 1
     * @return a copy with that many attempts
     * @throws IllegalArgumentException if {@code attempts} is below 1
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, multiplier, jitter, maxBackoff, maxTotalWait);
    }

    /**
     * This policy with another backoff.
     *
     * @param initial    the first backoff, positive
     * @param multiplier backoff growth, at least 1
     * @param jitter     randomisation in [0, 1)
     * @param max        cap of one backoff, not below {@code initial}
     * @return a copy with that backoff
     * @throws IllegalArgumentException if a value is out of range
     */
    public RetryPolicy withBackoff(Duration initial, double multiplier, double jitter, Duration max) {
        return new RetryPolicy(maxAttempts, initial, multiplier, jitter, max, maxTotalWait);
    }

    /**
     * This policy with another cap on the total wait.
     *
     * @param total cap of all waits of one call, zero or more
     * @return a copy with that cap
     * @throws IllegalArgumentException if {@code total} is negative
     */
    public RetryPolicy withMaxTotalWait(Duration total) {
        return new RetryPolicy(maxAttempts, initialBackoff, multiplier, jitter, maxBackoff,
                Objects.requireNonNull(total, "maxTotalWait"));
    }
}
