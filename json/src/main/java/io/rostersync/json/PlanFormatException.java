package io.rostersync.json;

import io.rostersync.spi.ValidationException;

/** A plan or report document could not be read: malformed JSON, a wrong version, or invalid content. Kind {@link io.rostersync.spi.FailureKind#VALIDATION}. */
public class PlanFormatException extends ValidationException {

    private static final long serialVersionUID = 1L;

    public PlanFormatException(String message) {
        super(message);
    }

    public PlanFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
