package io.rostersync.spi;

import java.util.Objects;

/**
 * Root of every exception rostersync and its providers throw. Unchecked; the {@link #kind()} says what
 * the caller can do about it. Messages never contain credentials.
 *
 * @since 0.1.0
 */
public class RosterSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the caller can do about the failure; never null. */
    private final FailureKind kind;

    /**
     * Creates an exception of the given kind.
     *
     * @param kind    what the caller can do about it
     * @param message what went wrong and what to do, without credentials
     * @throws NullPointerException if {@code kind} is null
     */
    public RosterSyncException(FailureKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception of the given kind with its cause.
     *
     * @param kind    what the caller can do about it
     * @param message what went wrong and what to do, without credentials
     * @param cause   the underlying failure; its message must not carry credentials either
     * @throws NullPointerException if {@code kind} is null
     */
    public RosterSyncException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What the caller can do about this failure.
     *
     * @return the kind, never null
     */
    public FailureKind kind() {
        return kind;
    }

    /**
     * The vendor's own error code, where the failure came from a vendor (for example {@code
     * INVALID_SESSION_ID}).
     *
     * @return the vendor's code, or empty when the failure did not come from a vendor or the vendor gave none
     */
    public java.util.Optional<String> vendorCode() {
        return java.util.Optional.empty();
    }
}
