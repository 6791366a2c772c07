package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.kinds;
import static io.rostersync.engine.Fixtures.plan;
import static io.rostersync.engine.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Link;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusRulesTest {

    private static final Link LINK = Link.of(NativeId.of("s1"), NativeId.of("t1"));
    private static final Link LINK_WE_DEACTIVATED = new Link(NativeId.of("s1"), NativeId.of("t1"), true);

    @ParameterizedTest
    @EnumSource(value = UserStatus.class, names = {"INACTIVE", "SUSPENDED"})
    void disabledSourceDeactivatesTheTarget(UserStatus sourceStatus) {
        Plan plan = plan(List.of(with(active("s1", "a@example.com"), sourceStatus)), List.of(active("t1", "a@example.com")), List.of(LINK));
        assertThat(kinds(plan)).containsExactly(ActionKind.DEACTIVATE);
        assertThat(plan.actions().get(0).reasons()).containsExactly(Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", sourceStatus.name()));
    }

    @Test
    void disabledSourceDeactivatesAPendingTarget() {
        Plan plan = plan(List.of(with(active("s1", "a@example.com"), UserStatus.INACTIVE)),
                List.of(with(active("t1", "a@example.com"), UserStatus.PENDING)), List.of(LINK));
        assertThat(kinds(plan)).containsExactly(ActionKind.DEACTIVATE);
    }

    @Test
    void pendingTargetStaysPendingWhileTheSourceIsActive() {
        Plan plan = plan(List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.PENDING)), List.of(LINK));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void targetDeactivatedBySyncComesBackWhenTheSourceIsActiveAgain() {
        Plan plan = plan(List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.INACTIVE)), List.of(LINK_WE_DEACTIVATED));
        assertThat(kinds(plan)).containsExactly(ActionKind.REACTIVATE);
    }

    @Test
    void targetAnAdministratorDeactivatedStaysOffByDefault() {
        Plan plan = plan(List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.INACTIVE)), List.of(LINK));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void reactivationAlwaysBringsAnyDeactivatedTargetBack() {
        SyncPolicy policy = SyncPolicy.builder().reactivation(Reactivation.ALWAYS).build();
        Plan plan = plan(policy, List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.INACTIVE)), List.of(LINK));
        assertThat(kinds(plan)).containsExactly(ActionKind.REACTIVATE);
    }

    @Test
    void reactivationNeverLeavesEvenOurOwnDeactivations() {
        SyncPolicy policy = SyncPolicy.builder().reactivation(Reactivation.NEVER).build();
        Plan plan = plan(policy, List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.INACTIVE)), List.of(LINK_WE_DEACTIVATED));
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void pendingSourceUserIsCreatedPending() {
        Plan plan = plan(List.of(with(active("s1", "a@example.com"), UserStatus.PENDING)), List.of(), List.of());
        assertThat(((io.rostersync.plan.PlanAction.CreateUser) plan.actions().get(0)).profile().status())
                .isEqualTo(UserStatus.PENDING);
    }
}
