package io.rostersync.engine;

import io.rostersync.plan.PlanAction;
import io.rostersync.spi.WriteFailure;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one planned action.
 *
 * @param index   the action's position in the plan
 * @param action  the action
 * @param status  applied, failed, skipped or held
 * @param failure why it failed, was skipped or was held
 */
public record ActionOutcome(int index, PlanAction action, Status status, Optional<WriteFailure> failure) {

    /** Result of one action. */
    public enum Status {
        APPLIED,
        FAILED,
        /** Not attempted because an action it depends on (the user's create) failed. */
        SKIPPED,
        /**
         * Not attempted because the deletion guard holds it (a deprovision beyond the limit, or a revocation
         * that goes with one) until the host releases it; not a failure.
         */
        HELD
    }

    public ActionOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failure, "failure");
        if ((status == Status.APPLIED) != failure.isEmpty()) {
            throw new IllegalArgumentException("an applied action has no failure; a failed, skipped or held one has one");
        }
    }

    public static ActionOutcome applied(int index, PlanAction action) {
        return new ActionOutcome(index, action, Status.APPLIED, Optional.empty());
    }

    public static ActionOutcome failed(int index, PlanAction action, WriteFailure failure) {
        return new ActionOutcome(index, action, Status.FAILED, Optional.of(failure));
    }

    public static ActionOutcome skipped(int index, PlanAction action, WriteFailure why) {
        return new ActionOutcome(index, action, Status.SKIPPED, Optional.of(why));
    }

    /** Held by the deletion guard; {@code why} is of kind {@code VALIDATION} and carries the guard's reason. */
    public static ActionOutcome held(int index, PlanAction action, WriteFailure why) {
        return new ActionOutcome(index, action, Status.HELD, Optional.of(why));
    }
}
