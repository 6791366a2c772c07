package io.rostersync.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known about where a failure came from, carried by every {@link RosterSyncException}. A failure
 * of a vendor call fills in what the vendor said; a failure with no vendor behind it (a CSV file, a
 * database, a host's own directory) carries {@link #none()}. Nothing here ever holds a credential: the
 * HTTP layer drops a vendor code, message or request id that echoes one before it gets here.
 *
 * @param vendor        the vendor name the client was built with (for example {@code zendesk}), when the
 *                      failure came from a vendor
 * @param httpStatus    the HTTP status, absent when no response arrived (timeout, reset, refused) or there
 *                      was no HTTP call at all
 * @param vendorCode    the vendor's machine-readable code ({@code RecordNotFound}, {@code INVALID_FIELD},
 *                      {@code invalid_client}), when the error body had one
 * @param vendorMessage the vendor's human-readable description, when the body had one; never captured for
 *                      401/403 or token-endpoint failures, whose bodies may echo credentials
 * @param requestId     the vendor's request id, for a support ticket
 * @param retryAfter    how long the vendor asked the caller to wait ({@code Retry-After}), never negative
 * @since 0.1.0
 */
public record ErrorDetails(
        Optional<String> vendor,
        OptionalInt httpStatus,
        Optional<String> vendorCode,
        Optional<String> vendorMessage,
        Optional<String> requestId,
        Optional<Duration> retryAfter) {

    private static final ErrorDetails NONE = new ErrorDetails(Optional.empty(), OptionalInt.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Checks the parts.
     *
     * @param httpStatus the HTTP status of the vendor's answer
     * @param requestId the vendor's id of the request, for its support
     * @param retryAfter how long the vendor asked to wait before trying again
     * @param vendor the vendor the failure came from
     * @param vendorCode the vendor's own error code
     * @param vendorMessage the vendor's own error message, already stripped of anything secret
     * @throws IllegalArgumentException if the status is not an HTTP status (100 to 599) or the wait is negative
     */
    public ErrorDetails {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(httpStatus, "httpStatus");
        Objects.requireNonNull(vendorCode, "vendorCode");
        Objects.requireNonNull(vendorMessage, "vendorMessage");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (httpStatus.isPresent() && (httpStatus.getAsInt() < 100 || httpStatus.getAsInt() > 599)) {
            throw new IllegalArgumentException("httpStatus must be an HTTP status (100 to 599), not " + httpStatus.getAsInt());
        }
        if (retryAfter.isPresent() && retryAfter.get().isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    /**
     * Nothing known beyond the message: a failure with no vendor behind it.
     *
     * @return nothing known beyond the message: a failure with no vendor behind it
     */
    public static ErrorDetails none() {
        return NONE;
    }

    /**
     * Details for a vendor failure with no HTTP response (configuration, I/O, a response we could not use).
     *
     * @param vendor the vendor the failure came from
     * @return details for a vendor failure with no HTTP response (configuration, I/O, a response we could not use)
     */
    public static ErrorDetails of(String vendor) {
        return new ErrorDetails(Optional.of(vendor), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Details for a vendor failure with an HTTP status and nothing else known.
     *
     * @param httpStatus the HTTP status of the vendor's answer
     * @param vendor the vendor the failure came from
     * @return details for a vendor failure with an HTTP status and nothing else known
     */
    public static ErrorDetails of(String vendor, int httpStatus) {
        return new ErrorDetails(Optional.of(vendor), OptionalInt.of(httpStatus), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * These details with the vendor's own error code.
     *
     * @param code the vendor's own error code
     * @return these details with the vendor's own error code
     */
    public ErrorDetails withVendorCode(String code) {
        return new ErrorDetails(vendor, httpStatus, Optional.of(code), vendorMessage, requestId, retryAfter);
    }
}
