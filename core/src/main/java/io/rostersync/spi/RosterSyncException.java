package io.rostersync.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception rostersync and its providers throw. Unchecked and abstract: what is thrown is
 * always one of the concrete types below, chosen by what the caller can do about the failure, and
 * {@link #kind()} says the same as a value (what a report or a {@link WriteFailure} records). Retry
 * decisions are made on the type or the kind, never on the message.
 *
 * <p>One concrete type per {@link FailureKind}; a subclass of one of them (a provider's
 * {@code SalesforceLimitException}, the engine's {@code SyncBusyException}) keeps its kind:
 * <table>
 * <caption>Failure kinds and their exception types</caption>
 * <tr><th>kind</th><th>type</th><th>what the caller can do</th></tr>
 * <tr><td>{@link FailureKind#AUTH_FAILED}</td><td>{@link AuthFailedException}</td><td>fix the credentials</td></tr>
 * <tr><td>{@link FailureKind#PERMISSION_DENIED}</td><td>{@link PermissionDeniedException}</td><td>grant the integration user the permission</td></tr>
 * <tr><td>{@link FailureKind#NOT_FOUND}</td><td>{@link NotFoundException}</td><td>treat the object as gone</td></tr>
 * <tr><td>{@link FailureKind#CONFLICT}</td><td>{@link ConflictException}</td><td>resolve the uniqueness or version conflict</td></tr>
 * <tr><td>{@link FailureKind#ALREADY_EXISTS}</td><td>{@link AlreadyExistsException} (a {@link ConflictException})</td><td>find and adopt the existing account</td></tr>
 * <tr><td>{@link FailureKind#VALIDATION}</td><td>{@link ValidationException}</td><td>change the data</td></tr>
 * <tr><td>{@link FailureKind#LICENSE_SHORTFALL}</td><td>{@link LicenseShortfallException}</td><td>buy or free a seat</td></tr>
 * <tr><td>{@link FailureKind#RATE_LIMITED}</td><td>{@link RateLimitedException}</td><td>wait ({@link #retryAfter()}) and retry</td></tr>
 * <tr><td>{@link FailureKind#TRANSIENT}</td><td>{@link TransientException}</td><td>retry later</td></tr>
 * <tr><td>{@link FailureKind#UNSUPPORTED}</td><td>{@link UnsupportedCapabilityException}</td><td>do not ask this directory for it</td></tr>
 * <tr><td>{@link FailureKind#INVALID_RESPONSE}</td><td>{@link InvalidResponseException}</td><td>retry later, report it if it persists</td></tr>
 * <tr><td>{@link FailureKind#INVALID_CONFIGURATION}</td><td>{@link InvalidConfigurationException}</td><td>fix the configuration (nothing was sent)</td></tr>
 * <tr><td>{@link FailureKind#UNKNOWN}</td><td>{@link UnknownFailureException}</td><td>anything else; retry later</td></tr>
 * </table>
 *
 * <p>A failure that came from a vendor also carries what the vendor said ({@link #details()}: vendor name,
 * HTTP status, vendor error code and message, request id, requested wait); HTTP statuses are mapped to
 * these types in one place in {@code rostersync-http}. A CSV file, a database or a host's own directory
 * throws the same types with {@link ErrorDetails#none()}. Messages never contain credentials.
 *
 * @since 0.1.0
 */
public abstract class RosterSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the caller can do about the failure; never null. */
    private final FailureKind kind;
    /** Null only after Java deserialisation, which {@link ErrorDetails} does not survive. */
    private final transient @Nullable ErrorDetails details;

    /** Only the concrete types of this package extend the root directly, so each kind has exactly one type. */
    RosterSyncException(FailureKind kind, ErrorDetails details, String message, @Nullable Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.details = Objects.requireNonNull(details, "details");
    }

    /**
     * The exception of the type that stands for {@code kind} (see the table above).
     *
     * @param kind    what the caller can do about the failure
     * @param details where it came from; {@link ErrorDetails#none()} when no vendor is involved
     * @param message what went wrong, without credentials
     * @param cause   the underlying exception, if any
     * @return the exception of the type that stands for {@code kind} (see the table above)
     */
    public static RosterSyncException of(FailureKind kind, ErrorDetails details, String message, @Nullable Throwable cause) {
        Objects.requireNonNull(kind, "kind");
        return switch (kind) {
            case AUTH_FAILED -> new AuthFailedException(details, message, cause);
            case PERMISSION_DENIED -> new PermissionDeniedException(details, message, cause);
            case NOT_FOUND -> new NotFoundException(details, message, cause);
            case CONFLICT -> new ConflictException(details, message, cause);
            case ALREADY_EXISTS -> new AlreadyExistsException(details, message, cause);
            case VALIDATION -> new ValidationException(details, message, cause);
            case LICENSE_SHORTFALL -> new LicenseShortfallException(details, message, cause);
            case RATE_LIMITED -> new RateLimitedException(details, message, cause);
            case TRANSIENT -> new TransientException(details, message, cause);
            case UNSUPPORTED -> new UnsupportedCapabilityException(details, message, cause);
            case INVALID_RESPONSE -> new InvalidResponseException(details, message, cause);
            case INVALID_CONFIGURATION -> new InvalidConfigurationException(details, message, cause);
            case UNKNOWN -> new UnknownFailureException(details, message, cause);
        };
    }

    /**
     * As {@link #of(FailureKind, ErrorDetails, String, Throwable)} with no details and no cause.
     *
     * @param kind what the caller can do about the failure
     * @param message what went wrong and what to do about it, without credentials
     * @return the exception of the type that stands for {@code kind}
     */
    public static RosterSyncException of(FailureKind kind, String message) {
        return of(kind, ErrorDetails.none(), message, null);
    }

    /**
     * What the caller can do about the failure; always the same for one exception type.
     *
     * @return what the caller can do about the failure; always the same for one exception type
     */
    public final FailureKind kind() {
        return kind;
    }

    /**
     * Where the failure came from; {@link ErrorDetails#none()} when no vendor was involved.
     *
     * @return where the failure came from; {@link ErrorDetails#none()} when no vendor was involved
     */
    public final ErrorDetails details() {
        return details != null ? details : ErrorDetails.none();
    }

    /**
     * The vendor name the failing client was built with, when a vendor call failed.
     *
     * @return the vendor name the failing client was built with, when a vendor call failed
     */
    public final Optional<String> vendor() {
        return details().vendor();
    }

    /**
     * The HTTP status of the failed call, absent when no response arrived or no HTTP call was made.
     *
     * @return the HTTP status of the failed call, absent when no response arrived or no HTTP call was made
     */
    public final OptionalInt httpStatus() {
        return details().httpStatus();
    }

    /**
     * The vendor's own error code (for example {@code INVALID_SESSION_ID}), when the vendor gave one: what
     * the engine records against the user that failed.
     *
     * @return the vendor's own error code (for example {@code INVALID_SESSION_ID}), when the vendor gave one: what the engine records against the user that failed
     */
    public final Optional<String> vendorCode() {
        return details().vendorCode();
    }

    /**
     * The vendor's own description, when it gave one that is safe to show (never for 401/403).
     *
     * @return the vendor's own description, when it gave one that is safe to show (never for 401/403)
     */
    public final Optional<String> vendorMessage() {
        return details().vendorMessage();
    }

    /**
     * The vendor's request id, for a support ticket.
     *
     * @return the vendor's request id, for a support ticket
     */
    public final Optional<String> requestId() {
        return details().requestId();
    }

    /**
     * How long the vendor asked the caller to wait before trying again ({@code Retry-After}), when it said;
     * a {@link RateLimitedException} usually carries one, a {@link TransientException} for a 503 may.
     *
     * @return how long the vendor asked the caller to wait before trying again ({@code Retry-After}), when it said; a {@link RateLimitedException} usually carries one, a {@link TransientException} for a 503 may
     */
    public final Optional<Duration> retryAfter() {
        return details().retryAfter();
    }
}
