package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * Authenticated but not allowed (HTTP 403, a file the process may not read): the integration user lacks
 * a permission or a scope, or the feature is disabled on the account. Some vendors use 403 for disabled
 * features, which a provider may treat as a signal to fall back (for example from bulk to single writes).
 * Kind {@link FailureKind#PERMISSION_DENIED}.
 *
 * @since 0.1.0
 */
public class PermissionDeniedException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public PermissionDeniedException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure with no vendor behind it, caused by {@code cause}.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param message what went wrong and what to do about it, without credentials
     */
    public PermissionDeniedException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public PermissionDeniedException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public PermissionDeniedException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.PERMISSION_DENIED, details, message, cause);
    }
}
