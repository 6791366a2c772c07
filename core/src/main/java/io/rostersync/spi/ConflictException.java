package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * A uniqueness or version conflict: HTTP 409 or 412, an email already taken, a link to an account that is
 * linked to someone else, a lease another runner holds. Kind {@link FailureKind#CONFLICT}; its subclass
 * {@link AlreadyExistsException} is the one of kind {@link FailureKind#ALREADY_EXISTS}.
 *
 * @since 0.1.0
 */
public class ConflictException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /** A failure with no vendor behind it. */
    public ConflictException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /** A failure with no vendor behind it, caused by {@code cause}. */
    public ConflictException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /** A failure of a vendor call. */
    public ConflictException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /** A failure of a vendor call, caused by {@code cause} when given. */
    public ConflictException(ErrorDetails details, String message, @Nullable Throwable cause) {
        this(FailureKind.CONFLICT, details, message, cause);
    }

    /** For {@link AlreadyExistsException} only. */
    ConflictException(FailureKind kind, ErrorDetails details, String message, @Nullable Throwable cause) {
        super(kind, details, message, cause);
    }
}
