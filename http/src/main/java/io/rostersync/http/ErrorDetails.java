package io.rostersync.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about a failed vendor call, carried by every {@link HttpCallException}.
 *
 * @param vendor          the vendor name the client was built with, for example {@code zendesk}
 * @param status          the HTTP status, absent when no response arrived (timeout, reset, refused)
 * @param vendorErrorCode the vendor's machine-readable code ({@code RecordNotFound}, {@code INVALID_FIELD},
 *                        {@code invalid_client}), when the error body had one
 * @param vendorMessage   the vendor's human-readable description, when the body had one; never captured
 *                        for 401/403 or token-endpoint failures, whose bodies may echo credentials, and
 *                        dropped whenever it echoes a credential the request sent (in any encoding)
 * @param requestId       the vendor's request id from the configured response headers, unless it echoes a
 *                        credential the request sent
 * @param retryAfter      how long the vendor asked us to wait ({@code Retry-After}), never negative
 */
public record ErrorDetails(
        String vendor,
        OptionalInt status,
        Optional<String> vendorErrorCode,
        Optional<String> vendorMessage,
        Optional<String> requestId,
        Optional<Duration> retryAfter) {

    public ErrorDetails {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(vendorErrorCode, "vendorErrorCode");
        Objects.requireNonNull(vendorMessage, "vendorMessage");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    /** Details for a failure with no HTTP response (configuration, I/O). */
    public static ErrorDetails of(String vendor) {
        return new ErrorDetails(vendor, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Details for a failure with an HTTP status and nothing else known. */
    public static ErrorDetails of(String vendor, int status) {
        return new ErrorDetails(vendor, OptionalInt.of(status), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
