package io.rostersync.engine;

import io.rostersync.spi.ValidationException;
import java.util.Objects;

/**
 * A stored plan was refused as a whole before anything was written: it is for another sync or other
 * directories, too old, from the future, unsigned where a digest is required, or edited since it was signed.
 * Make a new plan and have it approved again. Kind {@link io.rostersync.spi.FailureKind#VALIDATION}.
 *
 * @since 0.1.0
 */
public class PlanRejectedException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** Why the plan was refused. */
    public enum Reason {
        /** The plan was made for another sync, or outside any sync. */
        WRONG_SYNC,
        /** The plan reads from another source directory than the runner's. */
        WRONG_SOURCE,
        /** The plan writes to another target directory than the runner's. */
        WRONG_TARGET,
        /** The plan is older than the host allows. */
        TOO_OLD,
        /** The plan says it was made later than now (beyond a few minutes of clock skew). */
        FROM_THE_FUTURE,
        /** A digest is required and the plan carries none. */
        DIGEST_MISSING,
        /** The plan's digest is not the one the host's key gives for its content: it was edited, or signed with another key. */
        DIGEST_MISMATCH
    }

    /** Why the plan was refused; never null. */
    private final Reason reason;

    /**
     * Creates the exception; its kind is {@link io.rostersync.spi.FailureKind#VALIDATION}.
     *
     * @param reason  why, by kind
     * @param message what was wrong and what to do
     * @throws NullPointerException if {@code reason} is null
     */
    public PlanRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the plan was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
