package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * The data was rejected (HTTP 400 or 422, a directory's own validation rule, a plan or request the
 * engine refuses). The vendor code and message usually say which field; the same request fails again
 * unless the data changes.
 * Kind {@link FailureKind#VALIDATION}.
 *
 * @since 0.1.0
 */
public class ValidationException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public ValidationException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public ValidationException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public ValidationException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public ValidationException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.VALIDATION, details, message, cause);
    }
}
