package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The vendor answered, but not in a way we can use: a success body that is not JSON or does not fit the
 * expected shape, a pagination loop, or a page that claims more results without saying where they are.
 */
public class InvalidResponseException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public InvalidResponseException(ErrorDetails details, String message) {
        super(FailureKind.INVALID_RESPONSE, details, message);
    }

    public InvalidResponseException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.INVALID_RESPONSE, details, message, cause);
    }
}
