package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * A uniqueness or version conflict (HTTP 409 or 412), for example an email already taken.
 */
public class ConflictException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public ConflictException(ErrorDetails details, String message) {
        super(FailureKind.CONFLICT, details, message);
    }

    public ConflictException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.CONFLICT, details, message, cause);
    }
}
