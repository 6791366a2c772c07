package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The vendor throttled us (HTTP 429), or the client-side rate limiter could not grant a permit in time
 * (no status then). {@link #retryAfter()} carries the vendor's {@code Retry-After} when it sent one. The
 * client retries by itself while the wait fits its budget; this is thrown when it did not.
 */
public class RateLimitedException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(ErrorDetails details, String message) {
        super(FailureKind.RATE_LIMITED, details, message);
    }

    public RateLimitedException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.RATE_LIMITED, details, message, cause);
    }
}
