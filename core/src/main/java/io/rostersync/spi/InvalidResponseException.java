package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * The directory answered, but not in a way we can use: a success body that is not JSON or does not fit
 * the expected shape, a pagination loop, a page that claims more results without saying where they are,
 * or a stored row that cannot be read.
 * Kind {@link FailureKind#INVALID_RESPONSE}.
 *
 * @since 0.1.0
 */
public class InvalidResponseException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidResponseException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidResponseException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidResponseException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidResponseException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.INVALID_RESPONSE, details, message, cause);
    }
}
