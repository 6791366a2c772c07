package io.rostersync.json;

import io.rostersync.spi.ValidationException;

/**
 * A plan or report document could not be read: malformed JSON, a wrong version, or invalid content. Kind {@link io.rostersync.spi.FailureKind#VALIDATION}.
 *
 * @since 0.1.0
 */
public class PlanFormatException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; its kind is {@link io.rostersync.spi.FailureKind#VALIDATION}.
     *
     * @param message what was wrong with the document, without its content
     */
    public PlanFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause; its kind is {@link io.rostersync.spi.FailureKind#VALIDATION}.
     *
     * @param message what was wrong with the document, without its content
     * @param cause   the parser's failure
     */
    public PlanFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
