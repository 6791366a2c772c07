package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * The object or endpoint does not exist (any more): HTTP 404 or 410, an id the directory does not know.
 * Kind {@link FailureKind#NOT_FOUND}.
 *
 * @since 0.1.0
 */
public class NotFoundException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public NotFoundException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public NotFoundException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public NotFoundException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public NotFoundException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.NOT_FOUND, details, message, cause);
    }
}
