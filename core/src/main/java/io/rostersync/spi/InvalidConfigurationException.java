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

    /** A failure with no vendor behind it. */
    public InvalidConfigurationException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /** A failure with no vendor behind it, caused by {@code cause}. */
    public InvalidConfigurationException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /** A failure of a vendor call. */
    public InvalidConfigurationException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /** A failure of a vendor call, caused by {@code cause} when given. */
    public InvalidConfigurationException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.INVALID_CONFIGURATION, details, message, cause);
    }
}
