package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static io.rostersync.engine.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Talkdesk-for-Salesforce mapping of seed 001. */
class PermissionDecisionsTest {

    static RuleBasedPermissionMapper.Builder talkdeskSets() {
        return RuleBasedPermissionMapper.builder()
                .whenRoleContains("Admin", "Talkdesk Admin")
                .whenRoleContains("Supervisor", "Talkdesk Supervisor")
                .otherwise("Talkdesk Agent")
                .hierarchy("Talkdesk Admin", "Talkdesk Supervisor", "Talkdesk Agent")
                .product("T4SV", Map.of("Talkdesk Admin", "Talkdesk Admin Voice",
                        "Talkdesk Supervisor", "Talkdesk Admin Voice",
                        "Talkdesk Agent", "Talkdesk Agent Voice"));
    }

    @Test
    void roleContainingAdminGetsTheAdminSet() {
        assertThat(talkdeskSets().build().permissionsFor(Set.of("Team Admin"), "T4S").permissions()).containsExactly("Talkdesk Admin");
    }

    @Test
    void roleContainingSupervisorGetsTheSupervisorSet() {
        assertThat(talkdeskSets().build().permissionsFor(Set.of("QA Supervisor"), "T4S").permissions())
                .containsExactly("Talkdesk Supervisor");
    }

    @Test
    void anyOtherRoleGetsTheAgentSet() {
        assertThat(talkdeskSets().build().permissionsFor(Set.of("Senior Agent"), "T4S").permissions()).containsExactly("Talkdesk Agent");
        assertThat(talkdeskSets().build().permissionsFor(Set.of(), "T4S").permissions()).containsExactly("Talkdesk Agent");
    }

    @Test
    void voiceProductWithoutSupervisorMapsSupervisorToAdmin() {
        assertThat(talkdeskSets().build().permissionsFor(Set.of("Supervisor"), "T4SV").permissions())
                .containsExactly("Talkdesk Admin Voice");
    }

    @Test
    void highestHeldSetFollowsTheHierarchyAcrossProducts() {
        RuleBasedPermissionMapper m = talkdeskSets().build();
        assertThat(m.highest(List.of("Talkdesk Agent", "Talkdesk Supervisor", "Unrelated"))).contains("Talkdesk Supervisor");
        assertThat(m.highest(List.of("Talkdesk Agent Voice", "Talkdesk Admin Voice"))).contains("Talkdesk Admin Voice");
        assertThat(m.highest(List.of("Unrelated"))).isEmpty();
    }

    @Test
    void aMapperWithoutRulesIsRejected() {
        assertThatThrownBy(() -> RuleBasedPermissionMapper.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void policyRejectsRolesOwnedTwice() {
        assertThatThrownBy(() -> SyncPolicy.builder().permissions(talkdeskSets().build()).own(Field.ROLES, Ownership.ALWAYS).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("permission mapper");
    }

    private static LicenseSnapshot license(String id, String... assignees) {
        TreeSet<NativeId> ids = new TreeSet<>();
        for (String a : assignees) {
            ids.add(id(a));
        }
        return new LicenseSnapshot(id, 10, ids.size(), Optional.empty(), ids);
    }

    private static SyncPolicy salesforcePolicy(PermissionApplication application) {
        return SyncPolicy.builder()
                .permissions(talkdeskSets().application(application).build())
                .license(LicenseRule.forUsers("T4S", "Talkdesk for Salesforce users", u -> !u.groups().contains("voice")))
                .license(LicenseRule.forUsers("T4SV", "Talkdesk for Salesforce Voice users", u -> u.groups().contains("voice")))
                .build();
    }

    @Test
    void newlyLicensedUserWithoutAStandardSetGetsOneByRole() {
        var source = user("td1", "sup@example.com", "S", "U", UserStatus.ACTIVE, "Supervisor");
        var target = user("005A", "sup@example.com", "S", "U", UserStatus.ACTIVE);
        Plan plan = plan(salesforcePolicy(PermissionApplication.ON_PROVISIONING_ONLY), List.of(source), List.of(target),
                List.of(link("td1", "005A")), license("T4S"), license("T4SV"));
        assertThat(plan.actions()).extracting(PlanAction::kind)
                .containsExactly(ActionKind.ASSIGN_LICENSE, ActionKind.GRANT_PERMISSION);
        assertThat(((PlanAction.GrantPermission) plan.actions().get(1)).permission()).isEqualTo("Talkdesk Supervisor");
        assertThat(plan.actions().get(1).reasons()).extracting(Reason::code)
                .containsExactly(ReasonCode.PERMISSION_RULE, ReasonCode.NO_MANAGED_PERMISSION_YET);
        assertThat(plan.actions().get(1).reasons().get(0).parameter("rule")).contains("Supervisor");
    }

    @Test
    void voiceLicensedSupervisorGetsTheVoiceAdminSet() {
        var source = user("td1", "sup@example.com", "S", "U", UserStatus.ACTIVE, "Supervisor");
        source = source.withProfile(source.profile().toBuilder().group("voice").build());
        var target = user("005A", "sup@example.com", "S", "U", UserStatus.ACTIVE);
        Plan plan = plan(salesforcePolicy(PermissionApplication.ON_PROVISIONING_ONLY), List.of(source), List.of(target),
                List.of(link("td1", "005A")), license("T4S"), license("T4SV"));
        assertThat(plan.actions()).filteredOn(a -> a.kind() == ActionKind.GRANT_PERMISSION)
                .extracting(a -> ((PlanAction.GrantPermission) a).permission()).containsExactly("Talkdesk Admin Voice");
    }

    @Test
    void roleChangeDoesNotChangeTheSetOnceProvisioned() {
        var source = user("td1", "a@example.com", "A", "U", UserStatus.ACTIVE, "Admin");
        var target = user("005A", "a@example.com", "A", "U", UserStatus.ACTIVE, "Talkdesk Agent");
        Plan plan = plan(salesforcePolicy(PermissionApplication.ON_PROVISIONING_ONLY), List.of(source), List.of(target),
                List.of(link("td1", "005A")), license("T4S", "005A"), license("T4SV"));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void enforcedPolicyReplacesAStaleSet() {
        var source = user("td1", "a@example.com", "A", "U", UserStatus.ACTIVE, "Admin");
        var target = user("005A", "a@example.com", "A", "U", UserStatus.ACTIVE, "Talkdesk Agent", "Unmanaged Set");
        Plan plan = plan(salesforcePolicy(PermissionApplication.ENFORCED), List.of(source), List.of(target),
                List.of(link("td1", "005A")), license("T4S", "005A"), license("T4SV"));
        assertThat(plan.actions()).extracting(PlanAction::kind)
                .containsExactly(ActionKind.REVOKE_PERMISSION, ActionKind.GRANT_PERMISSION);
        assertThat(plan.actions().get(0).reasons()).extracting(Reason::code).containsExactly(ReasonCode.ENFORCED_MAPPING);
        assertThat(plan.actions()).noneMatch(a -> a.reasons().stream()
                .anyMatch(r -> r.parameters().values().stream().anyMatch(v -> v.contains("Unmanaged"))));
    }

    @Test
    void removingTheLicenseRemovesTheTalkdeskSets() {
        SyncPolicy policy = SyncPolicy.builder()
                .permissions(talkdeskSets().build())
                .license(LicenseRule.forUsers("T4S", "users in group t4s", u -> u.groups().contains("t4s")))
                .build();
        var source = user("td1", "a@example.com", "A", "U", UserStatus.ACTIVE, "Agent");
        var target = user("005A", "a@example.com", "A", "U", UserStatus.ACTIVE, "Talkdesk Agent");
        Plan plan = plan(policy, List.of(source), List.of(target), List.of(link("td1", "005A")), license("T4S", "005A"));
        assertThat(plan.actions()).extracting(PlanAction::kind)
                .containsExactly(ActionKind.REVOKE_PERMISSION, ActionKind.REVOKE_LICENSE);
    }

    @Test
    void withoutLicensesEveryActiveUserGetsTheMappedSetOnProvisioning() {
        SyncPolicy policy = SyncPolicy.builder().permissions(talkdeskSets().build()).build();
        var source = user("td1", "new@example.com", "N", "U", UserStatus.ACTIVE, "Agent");
        Plan plan = plan(policy, List.of(source), List.of(), List.of());
        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.CREATE, ActionKind.GRANT_PERMISSION);
        assertThat(plan.actions().get(1).user().targetId()).isEmpty();
    }
}
