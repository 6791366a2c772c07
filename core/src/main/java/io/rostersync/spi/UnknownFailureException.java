package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * A failure that fits no other type: an HTTP status nothing more specific fits (405, 413, an unexpected
 * redirect), an interrupted call. Worth retrying later; report it if it persists.
 * Kind {@link FailureKind#UNKNOWN}.
 *
 * @since 0.1.0
 */
public class UnknownFailureException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnknownFailureException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnknownFailureException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnknownFailureException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnknownFailureException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.UNKNOWN, details, message, cause);
    }
}
