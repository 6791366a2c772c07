package io.rostersync.engine;

import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Capability;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks, when a runner or an executor is built, that the target can do everything the policy may ask of
 * it, so that a policy the target cannot follow is refused once with a message that says what to change,
 * instead of failing the same actions on every run. Only what the policy decides counts: a source user who
 * is inactive in the source is deactivated whatever the policy says, so a target without
 * {@link Capability#DEACTIVATE} is not refused for that (such an action is refused per action, as every
 * action the target cannot do still is).
 */
final class PolicyCapabilities {

    private PolicyCapabilities() {
    }

    /**
     * @throws InvalidConfigurationException naming every part of the policy the target cannot follow and
     *                                       what to use instead
     */
    static void requireSupported(SyncPolicy policy, UserDirectory target) {
        Set<Capability> can = target.capabilities();
        String name = target.name();
        List<String> problems = new ArrayList<>();
        if (policy.onUnmatched() != UnmatchedAction.IGNORE && !can.contains(Capability.CREATE)) {
            problems.add("onUnmatched(UnmatchedAction." + policy.onUnmatched() + ") creates accounts, but " + name
                    + " cannot create accounts; use UnmatchedAction.IGNORE");
        }
        List<String> updated = updatedParts(policy);
        if (!updated.isEmpty() && !can.contains(Capability.UPDATE)) {
            problems.add("the policy updates accounts (" + String.join(", ", updated) + "), but " + name
                    + " cannot update accounts; set those fields and attributes to Ownership.NEVER"
                    + (policy.permissionMapper().isPresent() ? " and build the policy without a permission mapper" : ""));
        }
        deprovision(problems, "onGone", policy.onGone(), can, name);
        deprovision(problems, "onOutOfScope", policy.onOutOfScope(), can, name);
        if (!can.contains(Capability.REACTIVATE)) {
            if (policy.reactivation() == Reactivation.ALWAYS) {
                problems.add("reactivation(Reactivation.ALWAYS) reactivates accounts, but " + name
                        + " cannot reactivate accounts; use Reactivation.NEVER");
            } else if (policy.reactivation() == Reactivation.IF_DEACTIVATED_BY_SYNC && can.contains(Capability.DEACTIVATE)) {
                problems.add("reactivation(Reactivation.IF_DEACTIVATED_BY_SYNC) reactivates the accounts this sync"
                        + " deactivated, but " + name + " cannot reactivate accounts; use Reactivation.NEVER");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(name + " cannot do what the sync policy asks of it: "
                    + String.join("; ", problems) + " (the target's capabilities: " + new TreeSet<>(can) + ")");
        }
    }

    private static void deprovision(List<String> problems, String rule, Deprovision how, Set<Capability> can, String name) {
        if (how == Deprovision.DELETE && !can.contains(Capability.DELETE)) {
            problems.add(rule + "(Deprovision.DELETE) deletes accounts, but " + name + " cannot delete accounts; use "
                    + (can.contains(Capability.DEACTIVATE) ? "Deprovision.DEACTIVATE" : "Deprovision.LEAVE"));
        } else if (how == Deprovision.DEACTIVATE && !can.contains(Capability.DEACTIVATE)) {
            problems.add(rule + "(Deprovision.DEACTIVATE) deactivates accounts, but " + name
                    + " cannot deactivate accounts; use Deprovision.LEAVE"
                    + (can.contains(Capability.DELETE) ? " (or Deprovision.DELETE to remove them for good)" : ""));
        }
    }

    /** What makes the planner update a target account: owned fields and attributes, permissions. */
    private static List<String> updatedParts(SyncPolicy policy) {
        List<String> parts = new ArrayList<>();
        for (Field f : Field.values()) {
            if (policy.ownership(f) != Ownership.NEVER) {
                parts.add(f + " " + policy.ownership(f));
            }
        }
        policy.ownedAttributes().forEach((attribute, ownership) -> {
            if (ownership != Ownership.NEVER) {
                parts.add("attribute '" + attribute + "' " + ownership);
            }
        });
        if (policy.permissionMapper().isPresent()) {
            parts.add("permissions");
        }
        return parts;
    }
}
