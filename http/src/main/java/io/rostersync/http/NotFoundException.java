package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The object or endpoint does not exist (HTTP 404 or 410).
 */
public class NotFoundException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(ErrorDetails details, String message) {
        super(FailureKind.NOT_FOUND, details, message);
    }

    public NotFoundException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.NOT_FOUND, details, message, cause);
    }
}
