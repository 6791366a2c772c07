package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The vendor rejected the credentials (HTTP 401 after at most one refresh, or a token endpoint that
 * refused the client). Retrying will not help; fix the configuration.
 */
public class AuthFailedException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public AuthFailedException(ErrorDetails details, String message) {
        super(FailureKind.AUTH_FAILED, details, message);
    }

    public AuthFailedException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.AUTH_FAILED, details, message, cause);
    }
}
