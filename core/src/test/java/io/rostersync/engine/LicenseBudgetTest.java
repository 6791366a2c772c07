package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.NOW;
import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.kinds;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static io.rostersync.engine.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LicenseBudgetTest {

    private static final SyncPolicy POLICY = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();

    private static LicenseSnapshot seats(int entitlement, int consumed, String... assignees) {
        TreeSet<NativeId> ids = new TreeSet<>();
        for (String a : assignees) {
            ids.add(id(a));
        }
        return new LicenseSnapshot("seats", entitlement, consumed, Optional.empty(), ids);
    }

    @Test
    void assignsASeatToAnActiveNewUser() {
        Plan plan = plan(POLICY, List.of(active("s1", "a@example.com")), List.of(), List.of(), seats(5, 0));
        assertThat(kinds(plan)).containsExactly(ActionKind.CREATE, ActionKind.ASSIGN_LICENSE);
        assertThat(plan.actions().get(1).user().targetId()).isEmpty();
    }

    @Test
    void neverAssignsBeyondTheFreeSeatsAndReportsTheShortfallInPriorityOrder() {
        List<UserRecord> source = List.of(active("s3", "carol@example.com"), active("s1", "alice@example.com"),
                active("s2", "bob@example.com"));
        Plan plan = plan(POLICY, source, List.of(), List.of(), seats(3, 2));
        List<PlanAction> assigns = plan.actions().stream().filter(a -> a.kind() == ActionKind.ASSIGN_LICENSE).toList();
        assertThat(assigns).extracting(a -> a.user().label()).containsExactly("alice@example.com");
        assertThat(plan.conflicts()).extracting(Conflict::kind).containsOnly(ConflictKind.LICENSE_SHORTFALL);
        assertThat(plan.conflicts()).extracting(c -> c.users().get(0).label()).containsExactly("bob@example.com", "carol@example.com");
    }

    @Test
    void priorityOrderDecidesWhoGetsTheLastSeat() {
        SyncPolicy policy = SyncPolicy.builder()
                .license(LicenseRule.everyone("seats").withPriority(Comparator.comparing(UserRecord::label).reversed())).build();
        Plan plan = plan(policy, List.of(active("s1", "alice@example.com"), active("s2", "zed@example.com")),
                List.of(), List.of(), seats(1, 0));
        assertThat(plan.actions().stream().filter(a -> a.kind() == ActionKind.ASSIGN_LICENSE))
                .extracting(a -> a.user().label()).containsExactly("zed@example.com");
    }

    @Test
    void releasesAreCountedBeforeAssignments() {
        UserRecord leaver = with(active("s1", "leaver@example.com"), UserStatus.INACTIVE);
        UserRecord joiner = active("s2", "joiner@example.com");
        Plan plan = plan(POLICY, List.of(leaver, joiner), List.of(active("t1", "leaver@example.com")),
                List.of(link("s1", "t1")), seats(1, 1, "t1"));
        assertThat(kinds(plan)).containsExactly(ActionKind.REVOKE_LICENSE, ActionKind.DEACTIVATE, ActionKind.CREATE,
                ActionKind.ASSIGN_LICENSE);
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void pendingUsersUseNoSeat() {
        SyncPolicy policy = POLICY.toBuilder().onUnmatched(UnmatchedAction.CREATE_PENDING).build();
        Plan plan = plan(policy, List.of(active("s1", "new@example.com")), List.of(), List.of(), seats(0, 0));
        assertThat(kinds(plan)).containsExactly(ActionKind.CREATE);
        assertThat(plan.conflicts()).isEmpty();
    }

    @Test
    void aTargetThatBecamePendingReleasesItsSeat() {
        Plan plan = plan(POLICY, List.of(active("s1", "a@example.com")),
                List.of(with(active("t1", "a@example.com"), UserStatus.PENDING)), List.of(link("s1", "t1")), seats(2, 1, "t1"));
        assertThat(kinds(plan)).containsExactly(ActionKind.REVOKE_LICENSE);
        assertThat(plan.actions().get(0).reasons()).containsExactly(Reason.of(ReasonCode.STATUS_USES_NO_SEAT, "status", "PENDING"));
    }

    @Test
    void nothingIsAssignedOnAnExpiredLicense() {
        LicenseSnapshot expired = new LicenseSnapshot("seats", 10, 0, Optional.of(NOW.minusSeconds(1)), new TreeSet<>());
        Plan plan = plan(POLICY, List.of(active("s1", "a@example.com")), List.of(), List.of(), expired);
        assertThat(kinds(plan)).containsExactly(ActionKind.CREATE);
        assertThat(plan.conflicts()).extracting(Conflict::kind).containsExactly(ConflictKind.LICENSE_EXPIRED);
    }

    @Test
    void goneUsersReleaseTheirSeats() {
        Plan plan = plan(POLICY, List.of(), List.of(active("t1", "gone@example.com")), List.of(link("s1", "t1")),
                seats(1, 1, "t1"));
        assertThat(kinds(plan)).containsExactly(ActionKind.REVOKE_LICENSE, ActionKind.DEACTIVATE);
    }

    @Test
    void ineligibleUsersDoNotGetASeat() {
        SyncPolicy policy = SyncPolicy.builder()
                .license(LicenseRule.forUsers("seats", "agents", u -> u.roles().contains("Agent"))).build();
        UserRecord agent = Fixtures.user("s1", "agent@example.com", "A", "G", UserStatus.ACTIVE, "Agent");
        UserRecord viewer = Fixtures.user("s2", "viewer@example.com", "V", "W", UserStatus.ACTIVE, "Viewer");
        Plan plan = plan(policy, List.of(agent, viewer), List.of(), List.of(), seats(5, 0));
        assertThat(plan.actions().stream().filter(a -> a.kind() == ActionKind.ASSIGN_LICENSE))
                .extracting(a -> a.user().label()).containsExactly("agent@example.com");
    }
}
