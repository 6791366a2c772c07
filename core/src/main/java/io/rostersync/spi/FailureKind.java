package io.rostersync.spi;

/**
 * Why a call to a directory, license pool or state store failed, grouped by what the caller can do
 * about it. The executor retries nothing itself; it records the kind so the next run (or the host) can.
 *
 * @since 0.1.0
 */
public enum FailureKind {
    /** Credentials rejected or expired beyond refresh. Fix configuration. */
    AUTH_FAILED(false),
    /** Authenticated but not allowed to do this. Fix the integration user's permissions. */
    PERMISSION_DENIED(false),
    /** The account or object does not exist (any more). */
    NOT_FOUND(false),
    /** A uniqueness or version conflict, for example an email already taken. */
    CONFLICT(false),
    /**
     * A create met an account that already holds one of the profile's unique keys (SCIM {@code 409
     * uniqueness}, a duplicate username). The directory never returns that account as created: the
     * executor looks it up with {@link UserDirectory#findExisting} and adopts it only if the policy's
     * matcher would have matched it; otherwise the create ends as a {@link #CONFLICT}.
     */
    ALREADY_EXISTS(false),
    /** The directory rejected the data (a validation rule, a missing required field). */
    VALIDATION(false),
    /** No seat was free, or the license has expired. */
    LICENSE_SHORTFALL(false),
    /** Throttled; worth retrying after the indicated delay. */
    RATE_LIMITED(true),
    /** A timeout, reset or 5xx: worth retrying later. */
    TRANSIENT(true),
    /** The directory does not offer this operation. */
    UNSUPPORTED(false),
    /** The response could not be understood. */
    INVALID_RESPONSE(true),
    /** The configuration is wrong and nothing was sent. */
    INVALID_CONFIGURATION(false),
    /** Anything else. */
    UNKNOWN(true);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * Whether trying the same thing again later may succeed without anyone changing anything.
     *
     * @return {@code true} for {@link #RATE_LIMITED}, {@link #TRANSIENT}, {@link #INVALID_RESPONSE} and {@link
     *         #UNKNOWN}
     */
    public boolean retryable() {
        return retryable;
    }
}
