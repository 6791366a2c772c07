package io.rostersync.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Why one write for one user failed.
 *
 * @param kind       what the caller can do about it
 * @param message    human explanation, never containing credentials
 * @param vendorCode the directory's own error code (for example {@code FIELD_CUSTOM_VALIDATION_EXCEPTION})
 * @since 0.1.0
 */
public record WriteFailure(FailureKind kind, String message, Optional<String> vendorCode) {

    /**
     * Checks every part is present.
     *
     * @param kind       what the caller can do about it
     * @param message    human explanation, never containing credentials
     * @param vendorCode the directory's own error code (for example {@code FIELD_CUSTOM_VALIDATION_EXCEPTION})
     * @throws NullPointerException if a part is null
     */
    public WriteFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(vendorCode, "vendorCode");
    }

    /**
     * A failure without a vendor code.
     *
     * @param kind    what the caller can do about it
     * @param message what was wrong, without credentials
     * @return the failure
     */
    public static WriteFailure of(FailureKind kind, String message) {
        return new WriteFailure(kind, message, Optional.empty());
    }

    /**
     * A failure with the directory's own error code.
     *
     * @param kind       what the caller can do about it
     * @param message    what was wrong, without credentials
     * @param vendorCode the directory's code, for example {@code DUPLICATE_USERNAME}
     * @return the failure
     */
    public static WriteFailure of(FailureKind kind, String message, String vendorCode) {
        return new WriteFailure(kind, message, Optional.of(vendorCode));
    }

    /**
     * Describes an exception thrown by a directory, keeping its kind when it is one of ours.
     *
     * @param e the exception a directory threw
     * @return its kind, message and vendor code when it is a {@link RosterSyncException}; {@link
     *         FailureKind#UNKNOWN} and its message (or class name) otherwise
     */
    public static WriteFailure from(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof RosterSyncException r) {
            return new WriteFailure(r.kind(), message, r.vendorCode());
        }
        return of(FailureKind.UNKNOWN, message);
    }

    /**
     * This failure as an exception of the type its kind stands for (see {@link RosterSyncException}), for a
     * caller that has to throw it, with the vendor code when there is one.
     *
     * @return this failure as an exception of the type its kind stands for (see {@link RosterSyncException}), for a caller that has to throw it, with the vendor code when there is one
     */
    public RosterSyncException toException() {
        ErrorDetails details = vendorCode.map(ErrorDetails.none()::withVendorCode).orElse(ErrorDetails.none());
        return RosterSyncException.of(kind, details, message, null);
    }

    /**
     * Whether trying the same write again later may succeed: the kind's {@link FailureKind#retryable()}.
     *
     * @return {@code true} when the failure is worth retrying
     */
    public boolean retryable() {
        return kind.retryable();
    }
}
