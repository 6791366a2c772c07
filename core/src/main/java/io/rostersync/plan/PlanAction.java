package io.rostersync.plan;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.UserRef;
import java.util.List;
import java.util.Objects;

/**
 * One planned change for one user. Immutable; {@link #reasons()} says why, as codes a
 * {@link PlanExplainer} shows in words.
 *
 * @since 0.1.0
 */
public sealed interface PlanAction {

    /**
     * The user the action is for.
     *
     * @return who; a target-side action has the target id
     */
    UserRef user();

    /**
     * What the action does; the executor applies actions in this kind's order.
     *
     * @return the kind
     */
    ActionKind kind();

    /**
     * Why the engine planned the action: one reason, or several that together say why (an update has one per
     * changed field; a deletion has its cause, then {@link ReasonCode#POLICY_DELETES}).
     * {@link PlanExplainer#why(PlanAction)} shows them in words.
     *
     * @return the reasons, not empty; immutable
     */
    List<Reason> reasons();

    /**
     * Creates the target account and links it to its source.
     *
     * @param user       the source user (no target yet)
     * @param profile    what is written to the new account
     * @param notifyUser whether the directory tells the person (a welcome email)
     * @param reasons    why, not empty
     * @param source     the source record the create was planned from: when the target turns out to hold an
     *                   account with this identity already, the executor runs the policy's matcher for this
     *                   record against the holder, with the keys and normalisation planning used, and adopts
     *                   the holder only if it matches
     */
    record CreateUser(UserRef user, UserProfile profile, boolean notifyUser, List<Reason> reasons, UserRecord source)
            implements PlanAction {
        /**
         * Checks the user is new on the target side and the source record is theirs.
         *
         * @param user       the source user (no target yet)
         * @param profile    what is written to the new account
         * @param notifyUser whether the directory tells the person (a welcome email)
         * @param reasons    why, not empty
         * @param source     the source record the create was planned from: when the target turns out to hold an account with this identity already, the executor runs the policy's matcher for this record against the holder, with the keys and normalisation planning used, and adopts the holder only if it matches
         * @throws IllegalArgumentException if the user has a target id or no source id, or the source record is
         *                                  another account
         * @throws NullPointerException if a part is null
         */
        public CreateUser {
            reasons = check(user, reasons);
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(source, "source");
            if (user.sourceId().isEmpty() || user.targetId().isPresent()) {
                throw new IllegalArgumentException("a create needs a source id and no target id");
            }
            if (!user.sourceId().get().equals(source.id())) {
                throw new IllegalArgumentException("a create's source record " + source.id()
                        + " is not its user's source account " + user.sourceId().get());
            }
        }

        /**
         * The action with a single reason.
         *
         * @param user       the source user (no target yet)
         * @param profile    what is written to the new account
         * @param notifyUser whether the directory tells the person
         * @param reason     why
         * @param source     the source record the create was planned from
         */
        public CreateUser(UserRef user, UserProfile profile, boolean notifyUser, Reason reason, UserRecord source) {
            this(user, profile, notifyUser, List.of(reason), source);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.CREATE;
        }
    }

    /**
     * Records that a source account and an existing target account are the same person.
     *
     * @param user   the user, with both a source and a target id
     * @param reasons why, not empty
     */
    record LinkUser(UserRef user, List<Reason> reasons) implements PlanAction {
        /**
         * Checks the user has both ids.
         *
         * @param user   the user, with both a source and a target id
         * @param reasons why, not empty
         * @throws IllegalArgumentException if the source or the target id is missing
         * @throws NullPointerException if a part is null
         */
        public LinkUser {
            reasons = check(user, reasons);
            requireBoth(user);
        }

        /**
         * The action with a single reason.
         *
         * @param user   the user, with both a source and a target id
         * @param reason why
         */
        public LinkUser(UserRef user, Reason reason) {
            this(user, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.LINK;
        }
    }

    /**
     * Changes owned fields of a target account.
     *
     * @param user   the user, with a target id
     * @param patch  the owned fields to change, not empty
     * @param reasons why, not empty
     */
    record UpdateUser(UserRef user, UserPatch patch, List<Reason> reasons) implements PlanAction {
        /**
         * Checks the patch changes something on an existing account.
         *
         * @param user   the user, with a target id
         * @param patch  the owned fields to change, not empty
         * @param reasons why, not empty
         * @throws IllegalArgumentException if the patch is empty or there is no target id
         * @throws NullPointerException if a part is null
         */
        public UpdateUser {
            reasons = check(user, reasons);
            requireTarget(user);
            if (Objects.requireNonNull(patch, "patch").isEmpty()) {
                throw new IllegalArgumentException("an update needs a non-empty patch");
            }
        }

        /**
         * The action with a single reason.
         *
         * @param user   the user, with a target id
         * @param patch  the owned fields to change, not empty
         * @param reason why
         */
        public UpdateUser(UserRef user, UserPatch patch, Reason reason) {
            this(user, patch, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.UPDATE;
        }
    }

    /**
     * Switches the target account off.
     *
     * @param user   the user, with a target id
     * @param reasons why, not empty
     */
    record DeactivateUser(UserRef user, List<Reason> reasons) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reasons why, not empty
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public DeactivateUser {
            reasons = check(user, reasons);
            requireTarget(user);
        }

        /**
         * The action with a single reason.
         *
         * @param user   the user, with a target id
         * @param reason why
         */
        public DeactivateUser(UserRef user, Reason reason) {
            this(user, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DEACTIVATE;
        }
    }

    /**
     * Switches the deactivated target account back on.
     *
     * @param user   the user, with a target id
     * @param reasons why, not empty
     */
    record ReactivateUser(UserRef user, List<Reason> reasons) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reasons why, not empty
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public ReactivateUser {
            reasons = check(user, reasons);
            requireTarget(user);
        }

        /**
         * The action with a single reason.
         *
         * @param user   the user, with a target id
         * @param reason why
         */
        public ReactivateUser(UserRef user, Reason reason) {
            this(user, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.REACTIVATE;
        }
    }

    /**
     * Removes the target account for good.
     *
     * @param user   the user, with a target id
     * @param reasons why, not empty
     */
    record DeleteUser(UserRef user, List<Reason> reasons) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reasons why, not empty
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public DeleteUser {
            reasons = check(user, reasons);
            requireTarget(user);
        }

        /**
         * The action with a single reason.
         *
         * @param user   the user, with a target id
         * @param reason why
         */
        public DeleteUser(UserRef user, Reason reason) {
            this(user, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DELETE;
        }
    }

    /**
     * Grants a permission (set) through the target's roles; the target may be created earlier in the plan.
     *
     * @param user       the user; the target may be created earlier in the plan
     * @param permission the permission (set) name
     * @param reasons    why, not empty
     */
    record GrantPermission(UserRef user, String permission, List<Reason> reasons) implements PlanAction {
        /**
         * Checks the permission is named.
         *
         * @param user       the user; the target may be created earlier in the plan
         * @param permission the permission (set) name
         * @param reasons    why, not empty
         * @throws IllegalArgumentException if the permission is blank
         * @throws NullPointerException if a part is null
         */
        public GrantPermission {
            reasons = check(user, reasons);
            requireName(permission, "permission");
        }

        /**
         * The action with a single reason.
         *
         * @param user       the user; the target may be created earlier in the plan
         * @param permission the permission (set) name
         * @param reason     why
         */
        public GrantPermission(UserRef user, String permission, Reason reason) {
            this(user, permission, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.GRANT_PERMISSION;
        }
    }

    /**
     * Takes a managed permission (set) away from an existing target account.
     *
     * @param user       the user, with a target id
     * @param permission the permission (set) name
     * @param reasons    why, not empty
     */
    record RevokePermission(UserRef user, String permission, List<Reason> reasons) implements PlanAction {
        /**
         * Checks there is a target account and the permission is named.
         *
         * @param user       the user, with a target id
         * @param permission the permission (set) name
         * @param reasons    why, not empty
         * @throws IllegalArgumentException if there is no target id or the permission is blank
         * @throws NullPointerException if a part is null
         */
        public RevokePermission {
            reasons = check(user, reasons);
            requireTarget(user);
            requireName(permission, "permission");
        }

        /**
         * The action with a single reason.
         *
         * @param user       the user, with a target id
         * @param permission the permission (set) name
         * @param reason     why
         */
        public RevokePermission(UserRef user, String permission, Reason reason) {
            this(user, permission, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.REVOKE_PERMISSION;
        }
    }

    /**
     * Gives the user a seat of a license; the target may be created earlier in the plan.
     *
     * @param user      the user; the target may be created earlier in the plan
     * @param licenseId the license
     * @param reasons   why, not empty
     */
    record AssignLicense(UserRef user, String licenseId, List<Reason> reasons) implements PlanAction {
        /**
         * Checks the license is named.
         *
         * @param user      the user; the target may be created earlier in the plan
         * @param licenseId the license
         * @param reasons   why, not empty
         * @throws IllegalArgumentException if the license id is blank
         * @throws NullPointerException if a part is null
         */
        public AssignLicense {
            reasons = check(user, reasons);
            requireName(licenseId, "license id");
        }

        /**
         * The action with a single reason.
         *
         * @param user      the user; the target may be created earlier in the plan
         * @param licenseId the license
         * @param reason    why
         */
        public AssignLicense(UserRef user, String licenseId, Reason reason) {
            this(user, licenseId, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.ASSIGN_LICENSE;
        }
    }

    /**
     * Gives an existing target account's license seat back.
     *
     * @param user      the user, with a target id
     * @param licenseId the license
     * @param reasons   why, not empty
     */
    record RevokeLicense(UserRef user, String licenseId, List<Reason> reasons) implements PlanAction {
        /**
         * Checks there is a target account and the license is named.
         *
         * @param user      the user, with a target id
         * @param licenseId the license
         * @param reasons   why, not empty
         * @throws IllegalArgumentException if there is no target id or the license id is blank
         * @throws NullPointerException if a part is null
         */
        public RevokeLicense {
            reasons = check(user, reasons);
            requireTarget(user);
            requireName(licenseId, "license id");
        }

        /**
         * The action with a single reason.
         *
         * @param user      the user, with a target id
         * @param licenseId the license
         * @param reason    why
         */
        public RevokeLicense(UserRef user, String licenseId, Reason reason) {
            this(user, licenseId, List.of(reason));
        }

        @Override
        public ActionKind kind() {
            return ActionKind.REVOKE_LICENSE;
        }
    }

    private static List<Reason> check(UserRef user, List<Reason> reasons) {
        Objects.requireNonNull(user, "user");
        List<Reason> copy = List.copyOf(reasons);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("an action needs at least one reason: " + user.label());
        }
        return copy;
    }

    private static void requireTarget(UserRef user) {
        if (user.targetId().isEmpty()) {
            throw new IllegalArgumentException("this action needs an existing target account: " + user.label());
        }
    }

    private static void requireBoth(UserRef user) {
        if (user.sourceId().isEmpty() || user.targetId().isEmpty()) {
            throw new IllegalArgumentException("a link needs both a source and a target id: " + user.label());
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
