package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * Authenticated but not allowed (HTTP 403): the integration user lacks a permission, a scope, or the
 * feature is disabled on the account. Some vendors use 403 for disabled features, which a provider may
 * treat as a signal to fall back (for example from bulk to single writes).
 */
public class PermissionDeniedException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(ErrorDetails details, String message) {
        super(FailureKind.PERMISSION_DENIED, details, message);
    }

    public PermissionDeniedException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.PERMISSION_DENIED, details, message, cause);
    }
}
