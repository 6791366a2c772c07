package io.rostersync.engine;

import io.rostersync.plan.PlanAction;
import io.rostersync.spi.WriteFailure;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one planned action, or to an action the executor added for it (an adopted account
 * brought up to date: those carry the index of the create they follow).
 *
 * @param index   the action's position in the plan
 * @param action  the action
 * @param status  what happened
 * @param failure why it failed, was skipped, refused or held; empty for applied, adopted and superseded actions
 * @param note    what the executor did instead, for adopted and superseded actions; otherwise empty
 * @since 0.1.0
 */
public record ActionOutcome(int index, PlanAction action, Status status, Optional<WriteFailure> failure, Optional<String> note) {

    /** Result of one action. */
    public enum Status {
        /** Went through as planned. */
        APPLIED,
        /**
         * A create that found the person's account already there: the policy's matcher matched it, so it was
         * linked instead of created, and brought up to date by the actions that follow it.
         */
        ADOPTED,
        /** Attempted and failed; a later run tries again. */
        FAILED,
        /** Not attempted because an action it depends on (the user's create) failed. */
        SKIPPED,
        /**
         * Not attempted because the policy or the target does not allow it (a protected account, a deletion the
         * policy does not make, an operation the target cannot do, a pair of accounts the stored links contradict).
         */
        REFUSED,
        /**
         * Not attempted because the executor decided this user's actions afresh: the account was adopted and
         * brought up to date by the actions that follow its create.
         */
        SUPERSEDED,
        /**
         * Not attempted because the deletion guard holds it (a deprovision beyond the limit, or a revocation
         * that goes with one) until the host releases it; not a failure.
         */
        HELD;

        /**
         * Whether the action, or what replaced it, went through.
         *
         * @return {@code true} for {@link #APPLIED}, {@link #ADOPTED} and {@link #SUPERSEDED}
         */
        public boolean successful() {
            return this == APPLIED || this == ADOPTED || this == SUPERSEDED;
        }
    }

    /**
     * Checks the status agrees with the failure and the note.
     *
     * @param index   the action's position in the plan
     * @param action  the action
     * @param status  what happened
     * @param failure why it failed, was skipped, refused or held; empty for applied, adopted and superseded actions
     * @param note    what the executor did instead, for adopted and superseded actions; otherwise empty
     * @throws IllegalArgumentException if a successful outcome has a failure or another has none, or the note
     *                                  is present for other than an adopted or superseded action, or missing for one
     * @throws NullPointerException if a part is null
     */
    public ActionOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(note, "note");
        if (status.successful() != failure.isEmpty()) {
            throw new IllegalArgumentException("an applied, adopted or superseded action has no failure; any other has one");
        }
        if ((status == Status.ADOPTED || status == Status.SUPERSEDED) != note.isPresent()) {
            throw new IllegalArgumentException("adopted and superseded actions, and only those, say what was done instead");
        }
    }

    /**
     * The action went through.
     *
     * @param index  the action's position in the plan
     * @param action the action
     * @return the outcome
     */
    public static ActionOutcome applied(int index, PlanAction action) {
        return new ActionOutcome(index, action, Status.APPLIED, Optional.empty(), Optional.empty());
    }

    /**
     * The action was attempted and failed.
     *
     * @param index   the action's position in the plan
     * @param action  the action
     * @param failure why
     * @return the outcome
     */
    public static ActionOutcome failed(int index, PlanAction action, WriteFailure failure) {
        return new ActionOutcome(index, action, Status.FAILED, Optional.of(failure), Optional.empty());
    }

    /**
     * The action was not attempted because one it depends on failed.
     *
     * @param index  the action's position in the plan
     * @param action the action
     * @param why    why, naming the action it depended on
     * @return the outcome
     */
    public static ActionOutcome skipped(int index, PlanAction action, WriteFailure why) {
        return new ActionOutcome(index, action, Status.SKIPPED, Optional.of(why), Optional.empty());
    }

    /**
     * The action was not attempted because the policy or the target does not allow it.
     *
     * @param index  the action's position in the plan
     * @param action the action
     * @param why    why
     * @return the outcome
     */
    public static ActionOutcome refused(int index, PlanAction action, WriteFailure why) {
        return new ActionOutcome(index, action, Status.REFUSED, Optional.of(why), Optional.empty());
    }

    /**
     * The create found the person's account and linked it instead.
     *
     * @param index  the create's position in the plan
     * @param action the create
     * @param how    which account was adopted and why it matched
     * @return the outcome
     */
    public static ActionOutcome adopted(int index, PlanAction.CreateUser action, String how) {
        return new ActionOutcome(index, action, Status.ADOPTED, Optional.empty(), Optional.of(how));
    }

    /**
     * The action was decided afresh after an adoption.
     *
     * @param index  the action's position in the plan
     * @param action the action
     * @param how    what the executor did instead
     * @return the outcome
     */
    public static ActionOutcome superseded(int index, PlanAction action, String how) {
        return new ActionOutcome(index, action, Status.SUPERSEDED, Optional.empty(), Optional.of(how));
    }

    /**
     * Held by the deletion guard; {@code why} is of kind {@code VALIDATION} and carries the guard's reason.
     *
     * @param index  the action's position in the plan
     * @param action the action
     * @param why    the guard's reason
     * @return the outcome
     */
    public static ActionOutcome held(int index, PlanAction action, WriteFailure why) {
        return new ActionOutcome(index, action, Status.HELD, Optional.of(why), Optional.empty());
    }
}
