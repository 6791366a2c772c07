package io.rostersync.spi;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The directory does not offer this operation: it does not declare the {@link Capability} for it, or the
 * server answered that it will never do it (HTTP 501 or 505). Kind {@link FailureKind#UNSUPPORTED}; asking
 * again will not help. A sync policy that needs a capability the target lacks is refused earlier, when the
 * runner is built, with an {@link InvalidConfigurationException}.
 *
 * @since 0.1.0
 */
public class UnsupportedCapabilityException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /** The capability the directory lacks; absent when a server refused the operation itself. */
    private final @Nullable Capability capability;

    /**
     * {@code directory} was asked for an operation of a capability it does not declare.
     *
     * @param capability the capability it does not declare
     * @param directory the directory's name, as in its logs and reports
     */
    public UnsupportedCapabilityException(String directory, Capability capability) {
        super(FailureKind.UNSUPPORTED, ErrorDetails.none(), directory + " does not support " + capability, null);
        this.capability = capability;
    }

    /**
     * A failure with no vendor behind it.
     *
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnsupportedCapabilityException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /**
     * A vendor answered that it does not do this.
     *
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnsupportedCapabilityException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /**
     * A vendor answered that it does not do this, caused by {@code cause} when given.
     *
     * @param cause the underlying failure, or {@code null}; its message must not carry credentials either
     * @param details where the failure came from: vendor, HTTP status, vendor error code, request id
     * @param message what went wrong and what to do about it, without credentials
     */
    public UnsupportedCapabilityException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.UNSUPPORTED, details, message, cause);
        this.capability = null;
    }

    /**
     * The capability the directory lacks, when the failure is about a declared one.
     *
     * @return the capability the directory lacks, when the failure is about a declared one
     */
    public Optional<Capability> capability() {
        return Optional.ofNullable(capability);
    }
}
