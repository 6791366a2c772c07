package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The vendor rejected the request data (HTTP 400 or 422). The vendor error code and message usually say
 * which field; the request will fail again unless the data changes.
 */
public class ValidationException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public ValidationException(ErrorDetails details, String message) {
        super(FailureKind.VALIDATION, details, message);
    }

    public ValidationException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.VALIDATION, details, message, cause);
    }
}
