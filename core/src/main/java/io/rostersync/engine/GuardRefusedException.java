package io.rostersync.engine;

import io.rostersync.policy.GuardVerdict;
import io.rostersync.spi.ValidationException;

/** The deletion guard refused a plan and nothing was written. Override explicitly to apply it anyway. Kind {@link io.rostersync.spi.FailureKind#VALIDATION}. */
public class GuardRefusedException extends ValidationException {

    private static final long serialVersionUID = 1L;

    private final transient GuardVerdict verdict;

    public GuardRefusedException(GuardVerdict verdict) {
        super("deletion guard refused the plan: " + verdict.reason());
        this.verdict = verdict;
    }

    public GuardVerdict verdict() {
        return verdict;
    }
}
