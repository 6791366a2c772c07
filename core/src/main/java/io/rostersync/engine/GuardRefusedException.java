package io.rostersync.engine;

import io.rostersync.policy.GuardVerdict;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;

/** The deletion guard refused a plan and nothing was written. Override explicitly to apply it anyway. */
public class GuardRefusedException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    private final transient GuardVerdict verdict;

    public GuardRefusedException(GuardVerdict verdict) {
        super(FailureKind.VALIDATION, "deletion guard refused the plan: " + verdict.reason());
        this.verdict = verdict;
    }

    public GuardVerdict verdict() {
        return verdict;
    }
}
