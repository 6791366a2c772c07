package io.rostersync.spi;

import org.jspecify.annotations.Nullable;

/**
 * No seat of the license was free, or the license has expired. Buy or free a seat; the users who
 * wait for one are planned again on the next run.
 * Kind {@link FailureKind#LICENSE_SHORTFALL}.
 *
 * @since 0.1.0
 */
public class LicenseShortfallException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /** A failure with no vendor behind it. */
    public LicenseShortfallException(String message) {
        this(ErrorDetails.none(), message, null);
    }

    /** A failure with no vendor behind it, caused by {@code cause}. */
    public LicenseShortfallException(String message, Throwable cause) {
        this(ErrorDetails.none(), message, cause);
    }

    /** A failure of a vendor call. */
    public LicenseShortfallException(ErrorDetails details, String message) {
        this(details, message, null);
    }

    /** A failure of a vendor call, caused by {@code cause} when given. */
    public LicenseShortfallException(ErrorDetails details, String message, @Nullable Throwable cause) {
        super(FailureKind.LICENSE_SHORTFALL, details, message, cause);
    }
}
