package io.rostersync.http;

import io.rostersync.spi.FailureKind;

/**
 * The configuration is wrong (an insecure or malformed base URL, a bad subdomain). Thrown before anything
 * is sent.
 */
public class InvalidConfigurationException extends HttpCallException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(ErrorDetails details, String message) {
        super(FailureKind.INVALID_CONFIGURATION, details, message);
    }

    public InvalidConfigurationException(ErrorDetails details, String message, Throwable cause) {
        super(FailureKind.INVALID_CONFIGURATION, details, message, cause);
    }
}
