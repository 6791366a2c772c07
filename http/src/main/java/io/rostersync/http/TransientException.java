package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * A failure worth retrying later: a timeout, a reset or refused connection (no status), HTTP 408 or a 5xx.
 * The client already retried it where the request was safe to repeat; a non-idempotent request that
 * failed this way may or may not have been applied by the vendor.
 */
public class TransientException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public TransientException(ErrorDetails details, String message) {
        super(FailureKind.TRANSIENT, details, message);
    }

    public TransientException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.TRANSIENT, details, message, cause);
    }
}
