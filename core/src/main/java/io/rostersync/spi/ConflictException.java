package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * A uniqueness or version conflict: HTTP 409 or 412, an email already taken, a link to an account that is
 * linked to someone else, a lease another runner holds. Kind {@link FailureKind#CONFLICT}; its subclass
 * {@link AlreadyExistsException} is the one of kind {@link FailureKind#ALREADY_EXISTS}.
 *
 * @since 0.1.0
 */
public class ConflictException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public ConflictException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public ConflictException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public ConflictException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public ConflictException(ErrorDetails details, String message, @Nullable Throwable cause) {
        this(FailureKind.CONFLICT, details, message, cause);
    }

    /** For {@link AlreadyExistsException} only. */
    ConflictException(FailureKind kind, ErrorDetails details, String message, @Nullable Throwable cause) {
        super(kind, details, message, cause);
    }
}
