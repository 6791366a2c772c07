package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * Throttled: HTTP 429, a vendor's exhausted API allowance, or a client-side rate limiter that could
 * not grant a permit in time (no status then). {@link #retryAfter()} carries the vendor's
 * {@code Retry-After} when it sent one. An HTTP client retries by itself while the wait fits its budget;
 * this is thrown when it did not.
 * Kind {@link FailureKind#RATE_LIMITED}.
 *
 * @since 0.1.0
 */
public class RateLimitedException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public RateLimitedException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public RateLimitedException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public RateLimitedException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public RateLimitedException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.RATE_LIMITED, details, message, cause);
    }
}
