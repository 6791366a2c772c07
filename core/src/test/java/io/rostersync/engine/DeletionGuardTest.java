package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ActionKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanStats;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Link;
import io.rostersync.spi.LicenseSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeletionGuardTest {

    /** {@code managed} linked users, of whom the first {@code departed} are gone from the source. */
    private static Plan planWithDeparted(int managed, int departed) {
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < managed; i++) {
            String n = String.format("%03d", i);
            target.add(active("t" + n, "u" + n + "@example.com"));
            links.add(link("s" + n, "t" + n));
            if (i >= departed) {
                source.add(active("s" + n, "u" + n + "@example.com"));
            }
        }
        return plan(source, target, links);
    }

    private static GuardVerdict evaluate(DeletionGuard guard, Plan plan, int linked) {
        return guard.evaluate(plan, linked, Set.of(), Set.of());
    }

    /** Target ids whose deprovision the verdict holds. */
    private static Set<String> heldAccounts(Plan plan, GuardVerdict v) {
        return v.held().stream().map(i -> plan.actions().get(i))
                .filter(a -> a.kind().isDeprovisioning())
                .map(a -> a.user().targetId().orElseThrow().value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void anEmptySourceThatWouldDeprovisionAnyoneIsRefusedWhole() {
        GuardVerdict v = evaluate(DeletionGuard.defaults(), planWithDeparted(3, 3), 3);
        assertThat(v.refused()).isTrue();
        assertThat(v.held()).isEmpty();
        assertThat(v.reason()).contains("no users at all");
    }

    @Test
    void defaultsLetOneOfThreeAndOneOfTenAndThreeOfAnyTeamThrough() {
        assertThat(evaluate(DeletionGuard.defaults(), planWithDeparted(3, 1), 3).tripped()).isFalse();
        assertThat(evaluate(DeletionGuard.defaults(), planWithDeparted(10, 1), 10).tripped()).isFalse();
        assertThat(evaluate(DeletionGuard.defaults(), planWithDeparted(4, 3), 4).tripped()).isFalse();
        assertThat(evaluate(DeletionGuard.defaults(), planWithDeparted(100, 10), 100).tripped()).isFalse();
    }

    @Test
    void defaultsHoldEveryDeprovisionOfAWipeInPlanOrder() {
        Plan wipe = planWithDeparted(100, 60);
        GuardVerdict v = evaluate(DeletionGuard.defaults(), wipe, 100);

        assertThat(v.refused()).isFalse();
        // Beyond the limit, none of them applies: a short read looks exactly like this.
        Set<String> held = heldAccounts(wipe, v);
        assertThat(held).hasSize(60).first().isEqualTo("t000");
        assertThat(held).last().isEqualTo("t059");
        assertThat(v.reason()).contains("60 deprovisions of 100").contains("all 60 are held");
        assertThat(evaluate(DeletionGuard.defaults(), wipe, 100)).isEqualTo(v);
    }

    @Test
    void aNewDeprovisionWithinTheLimitAppliesWhileOneHeldEarlierStaysHeld() {
        Plan plan = planWithDeparted(100, 2); // t000 and t001 gone
        GuardVerdict v = DeletionGuard.defaults().evaluate(plan, 100, Set.of(id("t000")), Set.of());

        assertThat(heldAccounts(plan, v)).containsExactly("t000");
        assertThat(v.reason()).contains("1 deprovisions held by an earlier run stay held");
    }

    @Test
    void allButOneOfATeamOfTenIsHeld() {
        Plan plan = planWithDeparted(10, 9);
        GuardVerdict v = evaluate(DeletionGuard.defaults(), plan, 10);
        assertThat(heldAccounts(plan, v)).hasSize(9);
    }

    @Test
    void theLimitIsExceededOnlyWhenBothTheCountAndTheFractionAre() {
        DeletionGuard guard = DeletionGuard.of(10, 0.05);
        // 8 of 100: 8% is over the fraction, but 8 is within the count.
        assertThat(evaluate(guard, planWithDeparted(100, 8), 100).tripped()).isFalse();
        // 20 of 500: 20 is over the count, but 4% is within the fraction.
        assertThat(evaluate(guard, planWithDeparted(500, 20), 500).tripped()).isFalse();
        // 30 of 500: over both, so all 30 are held.
        Plan both = planWithDeparted(500, 30);
        assertThat(heldAccounts(both, evaluate(guard, both, 500))).hasSize(30);
    }

    @Test
    void managedAccountsComeFromTheLinksStoredNowNeverFromTheCountsAPlanCarries() {
        Plan honest = planWithDeparted(20, 10);
        // An edited plan claims a million managed accounts, which would make 10 deprovisions 0.001%.
        Plan edited = new Plan(honest.mode(), honest.plannedAt(), honest.source(), honest.target(), honest.actions(),
                honest.conflicts(), new PlanStats(1_000_000, 1_000_000, 1_000_000, 0, 0, 1_000_000), honest.nextCursor(),
                honest.readProblems());

        GuardVerdict v = evaluate(DeletionGuard.defaults(), edited, 20);

        assertThat(heldAccounts(edited, v)).hasSize(10);
    }

    @Test
    void aHeldAccountKeepsItsLicenseAndItsOtherActionsApply() {
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        TreeSet<NativeId> seats = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            target.add(active("t" + i, "u" + i + "@example.com"));
            links.add(link("s" + i, "t" + i));
            seats.add(id("t" + i));
            if (i >= 5) {
                source.add(active("s" + i, (i == 9 ? "renamed" : "u" + i) + "@example.com"));
            }
        }
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seat")).build();
        Plan plan = plan(policy, source, target, links, new LicenseSnapshot("seat", 10, 10, Optional.empty(), seats));

        GuardVerdict v = evaluate(DeletionGuard.defaults(), plan, 10);

        Set<String> held = heldAccounts(plan, v);
        assertThat(held).containsExactly("t0", "t1", "t2", "t3", "t4");
        for (int i = 0; i < plan.actions().size(); i++) {
            PlanAction a = plan.actions().get(i);
            boolean ofHeldAccount = held.contains(a.user().targetId().map(NativeId::value).orElse(""));
            assertThat(v.holds(i)).as("%s %s", a.kind(), a.user()).isEqualTo(ofHeldAccount);
            if (ofHeldAccount) {
                assertThat(a.kind()).isIn(ActionKind.DEACTIVATE, ActionKind.REVOKE_LICENSE);
            }
        }
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a.kind()).isEqualTo(ActionKind.UPDATE));
    }

    @Test
    void deprovisionsHeldEarlierStayHeldAndUseUpTheAllowanceSoAWipeCannotTrickleThrough() {
        Plan plan = planWithDeparted(10, 6); // t000..t005 gone
        Set<NativeId> heldBefore = Set.of(id("t003"), id("t004"), id("t005"));

        GuardVerdict v = DeletionGuard.defaults().evaluate(plan, 10, heldBefore, Set.of());

        // 3 held before fill the allowance of 3; the 3 new ones are held too.
        assertThat(heldAccounts(plan, v)).containsExactly("t000", "t001", "t002", "t003", "t004", "t005");
    }

    @Test
    void aReleasedDeprovisionAppliesAndTheOthersStayHeld() {
        Plan plan = planWithDeparted(10, 6);
        Set<NativeId> heldBefore = Set.of(id("t003"), id("t004"), id("t005"));

        GuardVerdict v = DeletionGuard.defaults().evaluate(plan, 10, heldBefore, Set.of(id("t004")));

        // t004 goes; t003 and t005 stay held and, with the 3 new ones, are over the allowance of 3.
        assertThat(heldAccounts(plan, v)).containsExactly("t000", "t001", "t002", "t003", "t005");
        assertThat(v.reason()).contains("1 released");
    }

    @Test
    void releasingEverythingHeldLetsTheRestBeWeighedAsUsual() {
        Plan plan = planWithDeparted(10, 6);
        Set<NativeId> heldBefore = Set.of(id("t003"), id("t004"), id("t005"));

        GuardVerdict v = DeletionGuard.defaults().evaluate(plan, 10, heldBefore, heldBefore);

        assertThat(v.tripped()).isFalse();
    }

    @Test
    void allowanceIsTheLargerOfTheCountAndTheFraction() {
        assertThat(DeletionGuard.defaults().allowance(0)).isEqualTo(3);
        assertThat(DeletionGuard.defaults().allowance(10)).isEqualTo(3);
        assertThat(DeletionGuard.defaults().allowance(100)).isEqualTo(10);
        assertThat(DeletionGuard.defaults().allowance(1_000_000)).isEqualTo(100_000);
        assertThat(DeletionGuard.of(0, 0.3).allowance(10)).isEqualTo(3);
    }

    @Test
    void disabledGuardNeverTrips() {
        assertThat(evaluate(DeletionGuard.disabled(), planWithDeparted(3, 3), 3).tripped()).isFalse();
        assertThat(evaluate(DeletionGuard.disabled(), planWithDeparted(100, 99), 100).tripped()).isFalse();
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThatThrownBy(() -> DeletionGuard.of(-1, 0.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> DeletionGuard.of(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletionGuard.of(5, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletionGuard.defaults().evaluate(planWithDeparted(3, 1), -1, Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void guardIsOnByDefault() {
        assertThat(SyncPolicy.defaults().deletionGuard()).isEqualTo(DeletionGuard.defaults());
        assertThat(SyncPolicy.defaults().deletionGuard().enabled()).isTrue();
    }
}
