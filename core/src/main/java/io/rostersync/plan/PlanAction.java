package io.rostersync.plan;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.UserRef;
import java.util.Objects;

/**
 * One planned change for one user. Immutable; {@link #reason()} says why in plain words.
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
     * Why the engine planned the action, in plain words for reviewers and reports.
     *
     * @return the reason, never null
     */
    String reason();

    /**
     * Creates the target account and links it to its source.
     *
     * @param user       the source user (no target yet)
     * @param profile    what is written to the new account
     * @param notifyUser whether the directory tells the person (a welcome email)
     * @param reason     why
     * @param source     the source record the create was planned from: when the target turns out to hold an
     *                   account with this identity already, the executor runs the policy's matcher for this
     *                   record against the holder, with the keys and normalisation planning used, and adopts
     *                   the holder only if it matches
     */
    record CreateUser(UserRef user, UserProfile profile, boolean notifyUser, String reason, UserRecord source)
            implements PlanAction {
        /**
         * Checks the user is new on the target side and the source record is theirs.
         *
         * @param user       the source user (no target yet)
         * @param profile    what is written to the new account
         * @param notifyUser whether the directory tells the person (a welcome email)
         * @param reason     why
         * @param source     the source record the create was planned from: when the target turns out to hold an account with this identity already, the executor runs the policy's matcher for this record against the holder, with the keys and normalisation planning used, and adopts the holder only if it matches
         * @throws IllegalArgumentException if the user has a target id or no source id, or the source record is
         *                                  another account
         * @throws NullPointerException if a part is null
         */
        public CreateUser {
            check(user, reason);
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

        @Override
        public ActionKind kind() {
            return ActionKind.CREATE;
        }
    }

    /**
     * Records that a source account and an existing target account are the same person.
     *
     * @param user   the user, with both a source and a target id
     * @param reason why, for reviewers and reports
     */
    record LinkUser(UserRef user, String reason) implements PlanAction {
        /**
         * Checks the user has both ids.
         *
         * @param user   the user, with both a source and a target id
         * @param reason why, for reviewers and reports
         * @throws IllegalArgumentException if the source or the target id is missing
         * @throws NullPointerException if a part is null
         */
        public LinkUser {
            check(user, reason);
            requireBoth(user);
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
     * @param reason why, for reviewers and reports
     */
    record UpdateUser(UserRef user, UserPatch patch, String reason) implements PlanAction {
        /**
         * Checks the patch changes something on an existing account.
         *
         * @param user   the user, with a target id
         * @param patch  the owned fields to change, not empty
         * @param reason why, for reviewers and reports
         * @throws IllegalArgumentException if the patch is empty or there is no target id
         * @throws NullPointerException if a part is null
         */
        public UpdateUser {
            check(user, reason);
            requireTarget(user);
            if (Objects.requireNonNull(patch, "patch").isEmpty()) {
                throw new IllegalArgumentException("an update needs a non-empty patch");
            }
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
     * @param reason why
     */
    record DeactivateUser(UserRef user, String reason) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reason why
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public DeactivateUser {
            check(user, reason);
            requireTarget(user);
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
     * @param reason why
     */
    record ReactivateUser(UserRef user, String reason) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reason why
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public ReactivateUser {
            check(user, reason);
            requireTarget(user);
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
     * @param reason why
     */
    record DeleteUser(UserRef user, String reason) implements PlanAction {
        /**
         * Checks there is a target account.
         *
         * @param user   the user, with a target id
         * @param reason why
         * @throws IllegalArgumentException if there is no target id
         * @throws NullPointerException if a part is null
         */
        public DeleteUser {
            check(user, reason);
            requireTarget(user);
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
     * @param reason     why, for reviewers and reports
     */
    record GrantPermission(UserRef user, String permission, String reason) implements PlanAction {
        /**
         * Checks the permission is named.
         *
         * @param user       the user; the target may be created earlier in the plan
         * @param permission the permission (set) name
         * @param reason     why, for reviewers and reports
         * @throws IllegalArgumentException if the permission is blank
         * @throws NullPointerException if a part is null
         */
        public GrantPermission {
            check(user, reason);
            requireName(permission, "permission");
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
     * @param reason     why
     */
    record RevokePermission(UserRef user, String permission, String reason) implements PlanAction {
        /**
         * Checks there is a target account and the permission is named.
         *
         * @param user       the user, with a target id
         * @param permission the permission (set) name
         * @param reason     why
         * @throws IllegalArgumentException if there is no target id or the permission is blank
         * @throws NullPointerException if a part is null
         */
        public RevokePermission {
            check(user, reason);
            requireTarget(user);
            requireName(permission, "permission");
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
     * @param reason    why, for reviewers and reports
     */
    record AssignLicense(UserRef user, String licenseId, String reason) implements PlanAction {
        /**
         * Checks the license is named.
         *
         * @param user      the user; the target may be created earlier in the plan
         * @param licenseId the license
         * @param reason    why, for reviewers and reports
         * @throws IllegalArgumentException if the license id is blank
         * @throws NullPointerException if a part is null
         */
        public AssignLicense {
            check(user, reason);
            requireName(licenseId, "license id");
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
     * @param reason    why
     */
    record RevokeLicense(UserRef user, String licenseId, String reason) implements PlanAction {
        /**
         * Checks there is a target account and the license is named.
         *
         * @param user      the user, with a target id
         * @param licenseId the license
         * @param reason    why
         * @throws IllegalArgumentException if there is no target id or the license id is blank
         * @throws NullPointerException if a part is null
         */
        public RevokeLicense {
            check(user, reason);
            requireTarget(user);
            requireName(licenseId, "license id");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.REVOKE_LICENSE;
        }
    }

    private static void check(UserRef user, String reason) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(reason, "reason");
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
