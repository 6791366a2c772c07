package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The guard's rules over 600 generated plans (seeded, so a failure names its case): team sizes 1 to 400,
 * any number gone, deactivate or delete, licenses or not, random earlier holds and releases, random limits.
 */
class DeletionGuardPropertiesTest {

    private static final int CASES = 600;

    @Test
    void theGuardHoldsAllOrNothingOfWhatIsNewNeverHoldsAReleaseAndKeepsEveryEarlierHold() {
        Random random = new Random(20261203L);
        int heldPlans = 0;
        for (int c = 0; c < CASES; c++) {
            long seed = random.nextLong();
            Random r = new Random(seed);
            int managed = 1 + r.nextInt(400);
            int gone = r.nextInt(managed + 1);
            boolean licensed = r.nextBoolean();
            SyncPolicy.Builder policy = SyncPolicy.builder().onGone(r.nextBoolean() ? Deprovision.DELETE : Deprovision.DEACTIVATE);
            List<UserRecord> source = new ArrayList<>();
            List<UserRecord> target = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            TreeSet<NativeId> seats = new TreeSet<>();
            for (int i = 0; i < managed; i++) {
                String n = String.format("%04d", i);
                target.add(active("t" + n, "u" + n + "@example.com"));
                links.add(link("s" + n, "t" + n));
                seats.add(id("t" + n));
                if (r.nextInt(managed) >= gone) {
                    source.add(active("s" + n, "u" + n + "@example.com"));
                }
            }
            if (source.isEmpty()) {
                source.add(active("s0000", "u0000@example.com")); // the empty read is its own rule, tested elsewhere
            }
            List<LicenseSnapshot> snapshots = new ArrayList<>();
            if (licensed) {
                policy.license(LicenseRule.everyone("seat"));
                snapshots.add(new LicenseSnapshot("seat", managed, managed, Optional.empty(), seats));
            }
            Plan plan = Fixtures.plan(policy.build(), source, target, links, snapshots.toArray(LicenseSnapshot[]::new));
            List<NativeId> deprovisioned = new ArrayList<>();
            for (PlanAction a : plan.actions()) {
                if (a.kind().isDeprovisioning()) {
                    deprovisioned.add(a.user().targetId().orElseThrow());
                }
            }
            Set<NativeId> heldBefore = new HashSet<>();
            Set<NativeId> released = new HashSet<>();
            for (NativeId t : deprovisioned) {
                if (r.nextInt(4) == 0) {
                    heldBefore.add(t);
                    if (r.nextBoolean()) {
                        released.add(t);
                    }
                }
            }
            DeletionGuard guard = DeletionGuard.of(r.nextInt(12), 0.01 + r.nextDouble() * 0.99);

            GuardVerdict v = guard.evaluate(plan, managed, heldBefore, released);
            String why = "case " + c + " (seed " + seed + "): " + managed + " managed, " + deprovisioned.size() + " deprovisions, "
                    + guard + ", " + v.reason();

            assertThat(guard.evaluate(plan, managed, heldBefore, released)).as("deterministic, " + why).isEqualTo(v);
            assertThat(v.refused()).as(why).isFalse();
            Set<NativeId> held = new LinkedHashSet<>();
            for (int i : v.held()) {
                held.add(plan.actions().get(i).user().targetId().orElseThrow());
            }
            assertThat(held).as("deprovisioned accounts only, " + why).isSubsetOf(new HashSet<>(deprovisioned));
            assertThat(released).as("a release is never held, " + why).noneMatch(held::contains);
            Set<NativeId> stillHeld = new HashSet<>(heldBefore);
            stillHeld.removeAll(released);
            assertThat(held).as("an earlier hold stays, " + why).containsAll(stillHeld);
            List<NativeId> fresh = deprovisioned.stream().filter(t -> !heldBefore.contains(t)).toList();
            boolean beyond = stillHeld.size() + fresh.size() > guard.allowance(managed);
            if (beyond) {
                assertThat(held).as("beyond the limit every new one is held, " + why).containsAll(fresh);
                heldPlans++;
            } else {
                assertThat(fresh).as("within the limit nothing new is held, " + why).noneMatch(held::contains);
            }
            for (int i = 0; i < plan.actions().size(); i++) {
                PlanAction a = plan.actions().get(i);
                boolean ofHeld = a.user().targetId().map(held::contains).orElse(false);
                assertThat(v.holds(i)).as("action %d %s of %s, %s", i, a.kind(), a.user(), why).isEqualTo(ofHeld);
            }
        }
        assertThat(heldPlans).as("the generator reaches both sides of the limit").isBetween(CASES / 10, CASES - CASES / 10);
    }
}
