package io.rostersync.internal;

import java.util.List;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.PermissionDecision;
import io.rostersync.spi.RoleToPermissionMapper;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Managed permissions: granted from the source user's roles by the policy's mapper once the person is
 * licensed (or active, without license rules), set once when provisioned or enforced on every run, and
 * revoked when the person loses its license.
 */
final class PermissionPlanning {

    private static final String DEFAULT_PRODUCT = "default";

    private final SyncPolicy policy;

    PermissionPlanning(SyncPolicy policy) {
        this.policy = policy;
    }

    /** Whether a decision must be kept for its permissions even when it has no action of its own yet. */
    boolean needsReview(Decision d) {
        Optional<RoleToPermissionMapper> mapper = policy.permissionMapper();
        if (mapper.isEmpty() || d.deleted) {
            return false;
        }
        if (mapper.get().application() == PermissionApplication.ENFORCED) {
            return true;
        }
        Set<String> held = heldManaged(d, mapper.get());
        return held.isEmpty() || !policy.licenseRules().isEmpty();
    }

    /** Grants and revokes what the mapper's decision for this person differs by from what the account holds. */
    void decide(Decision d) {
        Optional<RoleToPermissionMapper> maybe = policy.permissionMapper();
        if (maybe.isEmpty() || d.deleted) {
            return;
        }
        RoleToPermissionMapper mapper = maybe.get();
        Set<String> held = heldManaged(d, mapper);
        boolean licensed = policy.licenseRules().isEmpty() ? !d.deprovisioned : !d.holdsLicense.isEmpty();
        if (!licensed) {
            if (!policy.licenseRules().isEmpty()) {
                for (String p : held) {
                    d.actions.add(new PlanAction.RevokePermission(d.ref, p, Reason.of(ReasonCode.HOLDS_NO_LICENSE)));
                }
            }
            return;
        }
        UserRecord source = d.source;
        if (source == null) {
            return; // deprovisioned without a source user: holds no license, so there is nothing to grant
        }
        String product = policy.permissionProduct().map(f -> f.apply(source))
                .orElseGet(() -> d.holdsLicense.isEmpty() ? DEFAULT_PRODUCT : d.holdsLicense.get(0));
        PermissionDecision decision = mapper.permissionsFor(source.roles(), product);
        SortedSet<String> wanted = decision.permissions();
        if (mapper.application() == PermissionApplication.ON_PROVISIONING_ONLY && !held.isEmpty()) {
            return; // set once when provisioned; later changes are the administrator's
        }
        for (String p : wanted) {
            if (!held.contains(p)) {
                d.actions.add(new PlanAction.GrantPermission(d.ref, p, held.isEmpty()
                        ? List.of(Reason.of(ReasonCode.PERMISSION_RULE, "rule", decision.rule()), Reason.of(ReasonCode.NO_MANAGED_PERMISSION_YET))
                        : List.of(Reason.of(ReasonCode.PERMISSION_RULE, "rule", decision.rule()))));
            }
        }
        for (String p : held) {
            if (!wanted.contains(p)) {
                d.actions.add(new PlanAction.RevokePermission(d.ref, p, Reason.of(ReasonCode.ENFORCED_MAPPING, "permissions", Reason.listOf(wanted), "rule", decision.rule())));
            }
        }
    }

    /** A deprovisioned account loses its license, and with it every managed permission it holds. */
    void revokeLicensed(Decision d, UserRecord t) {
        Optional<RoleToPermissionMapper> mapper = policy.permissionMapper();
        if (mapper.isEmpty() || policy.licenseRules().isEmpty()) {
            return;
        }
        for (String role : t.roles()) {
            if (mapper.get().managedPermissions().contains(role)) {
                d.actions.add(new PlanAction.RevokePermission(d.ref, role, Reason.of(ReasonCode.DEPROVISIONED_LOSES_LICENSE)));
            }
        }
    }

    private static Set<String> heldManaged(Decision d, RoleToPermissionMapper mapper) {
        Set<String> held = new TreeSet<>();
        d.target.ifPresent(t -> {
            for (String role : t.roles()) {
                if (mapper.managedPermissions().contains(role)) {
                    held.add(role);
                }
            }
        });
        return held;
    }
}
