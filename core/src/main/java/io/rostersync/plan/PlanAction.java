package io.rostersync.plan;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.UserRef;
import java.util.Objects;

/** One planned change for one user. Immutable; {@link #reason()} says why in plain words. */
public sealed interface PlanAction {

    UserRef user();

    ActionKind kind();

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

    /** Records that a source account and an existing target account are the same person. */
    record LinkUser(UserRef user, String reason) implements PlanAction {
        public LinkUser {
            check(user, reason);
            requireBoth(user);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.LINK;
        }
    }

    /** Changes owned fields of a target account. */
    record UpdateUser(UserRef user, UserPatch patch, String reason) implements PlanAction {
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

    record DeactivateUser(UserRef user, String reason) implements PlanAction {
        public DeactivateUser {
            check(user, reason);
            requireTarget(user);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DEACTIVATE;
        }
    }

    record ReactivateUser(UserRef user, String reason) implements PlanAction {
        public ReactivateUser {
            check(user, reason);
            requireTarget(user);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.REACTIVATE;
        }
    }

    record DeleteUser(UserRef user, String reason) implements PlanAction {
        public DeleteUser {
            check(user, reason);
            requireTarget(user);
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DELETE;
        }
    }

    /** Grants a permission (set) through the target's roles; the target may be created earlier in the plan. */
    record GrantPermission(UserRef user, String permission, String reason) implements PlanAction {
        public GrantPermission {
            check(user, reason);
            requireName(permission, "permission");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.GRANT_PERMISSION;
        }
    }

    record RevokePermission(UserRef user, String permission, String reason) implements PlanAction {
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

    /** Gives the user a seat of a license; the target may be created earlier in the plan. */
    record AssignLicense(UserRef user, String licenseId, String reason) implements PlanAction {
        public AssignLicense {
            check(user, reason);
            requireName(licenseId, "license id");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.ASSIGN_LICENSE;
        }
    }

    record RevokeLicense(UserRef user, String licenseId, String reason) implements PlanAction {
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
