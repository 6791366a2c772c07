package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * A failure worth retrying later: a timeout, a reset or refused connection (no status), HTTP 408 or a
 * 5xx, a database or file that could not be reached. An HTTP client already retried it where the request
 * was safe to repeat; a non-idempotent request that failed this way may or may not have been applied.
 * Kind {@link FailureKind#TRANSIENT}.
 *
 * @since 0.1.0
 */
public class TransientException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public TransientException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public TransientException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public TransientException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public TransientException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.TRANSIENT, details, message, cause);
    }
}
