package io.rostersync.http;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure of a vendor HTTP call. Subclasses say what the caller can do; this class itself
 * (kind {@link FailureKind#UNKNOWN}) is thrown for statuses nothing more specific fits (405, 413, an
 * unexpected redirect). Status-to-type mapping happens in one place inside this module.
 *
 * <p>Messages name the vendor, method, path (never the query), status, vendor error code and request id.
 * They never contain credentials or the raw response body.
 */
public class HttpCallException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;

    public HttpCallException(FailureKind kind, ErrorDetails details, String message) {
        this(kind, details, message, null);
    }

    public HttpCallException(FailureKind kind, ErrorDetails details, String message, @Nullable Throwable cause) {
        super(kind, message, cause);
        this.details = Objects.requireNonNull(details, "details");
    }

    /** All the details in one value. */
    public ErrorDetails details() {
        return details;
    }

    /** The vendor name the client was built with. */
    public String vendor() {
        return details.vendor();
    }

    /** The HTTP status, absent when no response arrived. */
    public OptionalInt status() {
        return details.status();
    }

    /** The vendor's machine-readable error code, when the error body had one. */
    /** Same as {@link #vendorErrorCode()}: what the engine records against the user that failed. */
    @Override
    public Optional<String> vendorCode() {
        return details.vendorErrorCode();
    }

    public Optional<String> vendorErrorCode() {
        return details.vendorErrorCode();
    }

    /** The vendor's description, when the body had one (never for 401/403). */
    public Optional<String> vendorMessage() {
        return details.vendorMessage();
    }

    /** The vendor's request id, when one of the configured headers carried it. */
    public Optional<String> requestId() {
        return details.requestId();
    }

    /** The vendor's {@code Retry-After}, relative to the client's clock, when given. */
    public Optional<Duration> retryAfter() {
        return details.retryAfter();
    }
}
