package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * A create met an account that already holds one of the profile's unique keys (SCIM {@code 409
 * uniqueness}, a taken username or email). Kind {@link FailureKind#ALREADY_EXISTS}; a kind of
 * {@link ConflictException}, so a caller that handles conflicts handles this too. Directories usually
 * report it per user as a {@link WriteFailure} of that kind, and the engine then looks the holder up
 * with {@link UserDirectory#findExisting} and adopts it only if the policy's matcher matches it.
 *
 * @since 0.1.0
 */
public class AlreadyExistsException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public AlreadyExistsException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A failure of a vendor call.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public AlreadyExistsException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A failure of a vendor call, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public AlreadyExistsException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.ALREADY_EXISTS, details, message, cause);
    }
}
