package io.rostersync.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception rostersync and its providers throw. Unchecked; the {@link #kind()} says what
 * the caller can do about it. Messages never contain credentials.
 */
public class RosterSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    public RosterSyncException(FailureKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** {@code cause} may be null, as for any {@link RuntimeException}: none or unknown. */
    public RosterSyncException(FailureKind kind, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public FailureKind kind() {
        return kind;
    }

    /** The vendor's own error code, where the failure came from a vendor (for example {@code INVALID_SESSION_ID}). */
    public java.util.Optional<String> vendorCode() {
        return java.util.Optional.empty();
    }
}
