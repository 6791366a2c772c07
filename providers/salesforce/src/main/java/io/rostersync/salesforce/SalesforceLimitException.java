package io.rostersync.salesforce;

import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.RosterSyncException;
import java.util.Optional;

/**
 * Salesforce's API allowance is used up, or the configured reserve would be touched. Kind
 * {@link io.rostersync.spi.FailureKind#RATE_LIMITED}: nothing is wrong with the data, the work is worth
 * doing again later. Salesforce sends no {@code Retry-After} for its daily limit, so
 * {@link #retryAfter()} is empty; the next sync run picks the work up (the cursor does not move past
 * anything that failed).
 *
 * @since 0.1.0
 */
public final class SalesforceLimitException extends RateLimitedException {

    private static final long serialVersionUID = 1L;

    /** Why the call was not made or was refused. */
    public enum Reason {
        /** The remaining daily budget fell under the floor the host configured; no request was sent. */
        BUDGET_FLOOR_REACHED,
        /** Salesforce answered 403 {@code REQUEST_LIMIT_EXCEEDED}. */
        REQUEST_LIMIT_EXCEEDED
    }

    /** Why the call was not made or was refused. */
    private final Reason reason;
    private final transient Optional<ApiUsage> usage;

    private SalesforceLimitException(Reason reason, ErrorDetails details, String message, Optional<ApiUsage> usage) {
        super(details, message);
        this.reason = reason;
        this.usage = usage;
    }

    private SalesforceLimitException(Reason reason, ErrorDetails details, String message, Optional<ApiUsage> usage,
                                     Throwable cause) {
        super(details, message, cause);
        this.reason = reason;
        this.usage = usage;
    }

    /**
     * The budget floor was reached before calling.
     *
     * @param usage the usage that is under the floor
     * @param floor the configured floor
     * @return the exception, to throw; its message says how many calls are left
     */
    public static SalesforceLimitException floorReached(ApiUsage usage, int floor) {
        return new SalesforceLimitException(Reason.BUDGET_FLOOR_REACHED, ErrorDetails.of("salesforce"),
                "salesforce: " + usage.remaining() + " of " + usage.limit() + " daily API calls left, under the configured floor of "
                        + floor + "; no call was made", Optional.of(usage));
    }

    /**
     * Salesforce refused the call with {@code REQUEST_LIMIT_EXCEEDED}.
     *
     * @param cause the failure Salesforce's answer was reported as
     * @param usage the usage last reported, or empty
     * @return the exception, to throw; it keeps the details and message of {@code cause}
     */
    public static SalesforceLimitException requestLimitExceeded(RosterSyncException cause, Optional<ApiUsage> usage) {
        return new SalesforceLimitException(Reason.REQUEST_LIMIT_EXCEEDED, cause.details(),
                cause.getMessage() + " (the org's API request limit is exhausted)", usage, cause);
    }

    /**
     * Why the call was not made or was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The usage last reported before this failure, if any.
     *
     * @return the usage, or empty when none was reported (also after deserialisation)
     */
    public Optional<ApiUsage> usage() {
        return usage == null ? Optional.empty() : usage;
    }
}
