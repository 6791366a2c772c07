package io.rostersync.json;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;

/** A plan or report document could not be read: malformed JSON, a wrong version, or invalid content. */
public class PlanFormatException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    public PlanFormatException(String message) {
        super(FailureKind.VALIDATION, message);
    }

    public PlanFormatException(String message, Throwable cause) {
        super(FailureKind.VALIDATION, message, cause);
    }
}
