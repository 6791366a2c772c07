package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * The configuration is wrong and nothing was sent: an insecure or malformed base URL, a CSV header
 * without a required column, a state store without its schema, a sync policy that asks the target for
 * something it cannot do. The message says what to change; retrying does not help.
 * Kind {@link FailureKind#INVALID_CONFIGURATION}.
 *
 * @since 0.1.0
 */
public class InvalidConfigurationException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidConfigurationException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidConfigurationException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public InvalidConfigurationException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.INVALID_CONFIGURATION, details, message, cause);
    }
}
