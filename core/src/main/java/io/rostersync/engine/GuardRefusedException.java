package io.rostersync.engine;

import io.rostersync.policy.GuardVerdict;
import io.rostersync.spi.ValidationException;

/**
 * The deletion guard refused a plan and nothing was written. Override explicitly to apply it anyway. Kind {@link io.rostersync.spi.FailureKind#VALIDATION}.
 *
 * @since 0.1.0
 */
public class GuardRefusedException extends ValidationException {

    private static final long serialVersionUID = 1L;

    /** The guard's verdict; transient, so a deserialised exception has none. */
    private final transient GuardVerdict verdict;

    /**
     * Creates the exception for a refusing verdict; its kind is {@link io.rostersync.spi.FailureKind#VALIDATION}.
     *
     * @param verdict the verdict
     */
    public GuardRefusedException(GuardVerdict verdict) {
        super("deletion guard refused the plan: " + verdict.reason());
        this.verdict = verdict;
    }

    /**
     * Why the guard refused.
     *
     * @return the verdict
     */
    public GuardVerdict verdict() {
        return verdict;
    }
}
