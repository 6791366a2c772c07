package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserRecord;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.PermissionApplication;
import org.junit.jupiter.api.Test;

class PermissionPlanningTest {

    private static SyncPolicy policy(PermissionApplication application, boolean licensed) {
        SyncPolicy.Builder b = SyncPolicy.builder().own(Field.ROLES, Ownership.NEVER)
                .permissions(RuleBasedPermissionMapper.builder().whenRoleContains("Admin", "admin").otherwise("agent")
                        .hierarchy("admin", "agent").application(application).build());
        if (licensed) {
            b.license(LicenseRule.everyone("seats"));
        }
        return b.build();
    }

    @Test
    void anEnforcedMappingGrantsWhatTheRolesGiveAndRevokesTheRest() {
        PermissionPlanning permissions = new PermissionPlanning(policy(PermissionApplication.ENFORCED, false));
        Decision d = pair(active("s1", "a@example.com", "Team Admin"), active("t1", "a@example.com", "agent"));

        assertThat(permissions.needsReview(d)).isTrue();
        permissions.decide(d);

        assertThat(d.actions).hasSize(2);
        assertThat(d.actions.get(0)).isInstanceOfSatisfying(PlanAction.GrantPermission.class,
                g -> assertThat(g.permission()).isEqualTo("admin"));
        assertThat(d.actions.get(1)).isInstanceOfSatisfying(PlanAction.RevokePermission.class,
                r -> assertThat(r.permission()).isEqualTo("agent"));
    }

    @Test
    void onProvisioningOnlyLeavesAnAccountThatHoldsAManagedPermission() {
        PermissionPlanning permissions = new PermissionPlanning(policy(PermissionApplication.ON_PROVISIONING_ONLY, false));
        Decision held = pair(active("s1", "a@example.com", "Team Admin"), active("t1", "a@example.com", "agent"));
        Decision none = pair(active("s2", "b@example.com", "Team Admin"), active("t2", "b@example.com"));

        assertThat(permissions.needsReview(held)).isFalse();
        permissions.decide(held);
        permissions.decide(none);

        assertThat(held.actions).isEmpty();
        assertThat(none.actions).singleElement().isInstanceOfSatisfying(PlanAction.GrantPermission.class,
                g -> assertThat(g.reasons()).extracting(Reason::code)
                        .containsExactly(ReasonCode.PERMISSION_RULE, ReasonCode.NO_MANAGED_PERMISSION_YET));
    }

    @Test
    void withLicenseRulesAnUnlicensedUserLosesItsManagedPermissions() {
        PermissionPlanning permissions = new PermissionPlanning(policy(PermissionApplication.ENFORCED, true));
        Decision d = pair(active("s1", "a@example.com", "Agent"), active("t1", "a@example.com", "agent"));

        permissions.decide(d);

        assertThat(d.actions).singleElement().isInstanceOfSatisfying(PlanAction.RevokePermission.class,
                r -> assertThat(r.reasons()).containsExactly(Reason.of(ReasonCode.HOLDS_NO_LICENSE)));
    }

    @Test
    void aDeprovisionedAccountLosesOnlyManagedPermissionsAndOnlyUnderLicenseRules() {
        UserRecord t = active("t1", "a@example.com", "agent", "Local Role");
        Decision licensed = pair(active("s1", "a@example.com"), t);
        Decision unlicensed = pair(active("s1", "a@example.com"), t);

        new PermissionPlanning(policy(PermissionApplication.ENFORCED, true)).revokeLicensed(licensed, t);
        new PermissionPlanning(policy(PermissionApplication.ENFORCED, false)).revokeLicensed(unlicensed, t);

        assertThat(licensed.actions).singleElement().isInstanceOfSatisfying(PlanAction.RevokePermission.class,
                r -> assertThat(r.permission()).isEqualTo("agent"));
        assertThat(unlicensed.actions).isEmpty();
    }

    @Test
    void aDeletedAccountNeedsNoPermissionReview() {
        PermissionPlanning permissions = new PermissionPlanning(policy(PermissionApplication.ENFORCED, false));
        Decision d = pair(active("s1", "a@example.com", "Admin"), active("t1", "a@example.com"));
        d.deleted = true;

        assertThat(permissions.needsReview(d)).isFalse();
        permissions.decide(d);
        assertThat(d.actions).isEmpty();
    }
}
