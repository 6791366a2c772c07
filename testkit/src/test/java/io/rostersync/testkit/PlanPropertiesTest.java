package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.PlanInput;
import io.rostersync.engine.Reconciler;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.json.PlanJson;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the engine over seeded random scenarios (linked, matchable, new, gone, renamed,
 * deactivated, pending, duplicated and dangling users) and random policies.
 */
class PlanPropertiesTest {

    private static final SyncId SYNC = SyncId.of("prop");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    static Stream<Long> seeds() {
        return IntStream.range(0, 500).mapToObj(i -> 1_000L + i);
    }

    static Stream<Long> crashSeeds() {
        return IntStream.range(0, 120).mapToObj(i -> 5_000L + i);
    }

    /** One random world: both directories, the store with its links, a license pool and a policy. */
    static final class World {
        final RosterGenerator.Scenario scenario;
        final InMemoryUserDirectory source = InMemoryUserDirectory.builder("source").pageSize(7).build();
        final InMemoryUserDirectory target = InMemoryUserDirectory.builder("target").uniqueEmails(false).maxBatchSize(3).build();
        final InMemorySyncStateStore store = new InMemorySyncStateStore();
        final InMemoryLicensePool pool;
        final SyncPolicy policy;

        World(long seed) {
            RosterGenerator gen = new RosterGenerator(seed);
            Random r = gen.random();
            scenario = gen.scenario(25);
            source.addAll(scenario.source());
            target.addAll(scenario.target());
            Lease lease = store.tryAcquire(SYNC, "setup", Duration.ofMinutes(1), CLOCK.instant()).orElseThrow();
            scenario.links().forEach(l -> store.saveLink(lease, l));
            store.release(lease);
            pool = InMemoryLicensePool.of("seats", r.nextInt(30));
            SyncPolicy.Builder b = SyncPolicy.builder()
                    .deletionGuard(DeletionGuard.disabled())
                    .onUnmatched(UnmatchedAction.values()[r.nextInt(3)])
                    .onGone(Deprovision.values()[r.nextInt(3)])
                    .onOutOfScope(Deprovision.values()[r.nextInt(3)])
                    .reactivation(Reactivation.values()[r.nextInt(3)])
                    .authoritative(r.nextInt(4) == 0)
                    .own(Field.ROLES, Ownership.values()[r.nextInt(3)])
                    .own(Field.GROUPS, Ownership.values()[r.nextInt(3)]);
            if (r.nextBoolean()) {
                b.license(LicenseRule.everyone("seats"));
            }
            if (r.nextInt(3) == 0) {
                b.scope(io.rostersync.policy.Scope.matching("not night shift", u -> !u.groups().contains("Night Shift")));
            }
            policy = b.build();
        }

        SyncRunner runner() {
            return SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy)
                    .stateStore(store).licensePool(pool).clock(CLOCK).build();
        }

        /** Writes a clean run makes, so a crash can be injected before each of them. */
        int runnerWrites() {
            runner().run(RunOptions.defaults());
            return target.writeCount();
        }

        Map<EmailAddress, Integer> emailCounts() {
            Map<EmailAddress, Integer> counts = new HashMap<>();
            for (UserRecord u : target.all()) {
                u.email().ifPresent(e -> counts.merge(e, 1, Integer::sum));
            }
            return counts;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void applyingAPlanThenPlanningAgainGivesAnEmptyPlan(long seed) {
        World w = new World(seed);
        SyncReport report = w.runner().run(RunOptions.defaults().withForceFull());
        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        Plan again = w.runner().plan(RunOptions.defaults().withForceFull());
        assertThat(again.actions()).as("second plan after %s", report.summary()).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSameInputGivesAByteIdenticalPlanWhateverTheOrder(long seed) {
        World w = new World(seed);
        String first = PlanJson.write(plan(w, w.scenario.source(), w.scenario.target()));
        List<UserRecord> source = new ArrayList<>(w.scenario.source());
        List<UserRecord> target = new ArrayList<>(w.scenario.target());
        Collections.shuffle(source, new Random(seed));
        Collections.shuffle(target, new Random(seed + 1));
        assertThat(PlanJson.write(plan(w, w.scenario.source(), w.scenario.target()))).isEqualTo(first);
        assertThat(PlanJson.write(plan(w, source, target))).isEqualTo(first);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noActionTouchesATargetThatIsNeitherLinkedNorMatched(long seed) {
        World w = new World(seed);
        SyncPolicy policy = w.policy.toBuilder().authoritative(false).build();
        Plan plan = new Reconciler(policy).plan(input(w, w.scenario.source(), w.scenario.target()));
        Set<NativeId> linked = new HashSet<>();
        w.scenario.links().forEach(l -> linked.add(l.targetId()));
        Map<NativeId, UserRecord> targets = new HashMap<>();
        w.scenario.target().forEach(t -> targets.put(t.id(), t));
        Map<NativeId, UserRecord> sources = new HashMap<>();
        w.scenario.source().forEach(s -> sources.put(s.id(), s));
        for (PlanAction a : plan.actions()) {
            Optional<NativeId> t = a.user().targetId();
            if (t.isEmpty() || linked.contains(t.get())) {
                continue;
            }
            UserRecord source = sources.get(a.user().sourceId().orElseThrow());
            assertThat(source.email()).as("%s touches unlinked %s", a, t.get()).isEqualTo(targets.get(t.get()).email());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("crashSeeds")
    void aRunThatDiesAfterAnyNumberOfWritesConvergesWithoutDuplicates(long seed) {
        int writes = new World(seed).runnerWrites();
        for (int crashAt = 0; crashAt <= writes; crashAt++) {
            int k = crashAt;
            World w = new World(seed);
            Map<EmailAddress, Integer> before = w.emailCounts();
            w.target.crashAfterWrites(k);
            w.runner().run(RunOptions.defaults());
            w.target.heal();
            SyncReport recovery = w.runner().run(RunOptions.defaults());
            assertThat(recovery.status()).as("k=%d: %s", k, recovery.summary()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(w.runner().plan(RunOptions.defaults().withForceFull()).actions()).as("k=%d", k).isEmpty();
            w.emailCounts().forEach((email, n) ->
                    assertThat(n).as("accounts for %s after crash at %d", email, k).isLessThanOrEqualTo(Math.max(1, before.getOrDefault(email, 0))));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("crashSeeds")
    void aRunThatDiesAtAnyPersistenceStepConvergesWithoutDuplicates(long seed) {
        for (InMemorySyncStateStore.Step step : InMemorySyncStateStore.Step.values()) {
            for (int failAt = 0; failAt < 12; failAt++) {
                int k = failAt;
                World w = new World(seed);
                Map<EmailAddress, Integer> before = w.emailCounts();
                w.store.failAfter(step, k);
                w.runner().run(RunOptions.defaults());
                w.store.heal();
                SyncReport recovery = w.runner().run(RunOptions.defaults());
                assertThat(recovery.status()).as("%s k=%d: %s", step, k, recovery.summary()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(w.runner().plan(RunOptions.defaults().withForceFull()).actions()).as("%s k=%d", step, k).isEmpty();
                w.emailCounts().forEach((email, n) ->
                        assertThat(n).as("%s for %s", step, email).isLessThanOrEqualTo(Math.max(1, before.getOrDefault(email, 0))));
            }
        }
    }

    private static Plan plan(World w, List<UserRecord> source, List<UserRecord> target) {
        return new Reconciler(w.policy).plan(input(w, source, target));
    }

    private static PlanInput input(World w, List<UserRecord> source, List<UserRecord> target) {
        return PlanInput.builder().source(source).target(target).links(Links.of(w.scenario.links()))
                .license(w.pool.snapshot()).now(CLOCK.instant()).build();
    }
}
