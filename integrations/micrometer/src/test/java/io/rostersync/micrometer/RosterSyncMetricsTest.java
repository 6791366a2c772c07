package io.rostersync.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryLicensePool;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real runs over the testkit's in-memory directories, store and licence pool, measured into a SimpleMeterRegistry. */
class RosterSyncMetricsTest {

    private static final SyncId SYNC = SyncId.of("hr-to-helpdesk");

    private ManualClock clock;
    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;
    private InMemoryLicensePool seats;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp() {
        clock = ManualClock.startingAtAFixedTime();
        source = InMemoryUserDirectory.create("hr");
        target = InMemoryUserDirectory.create("helpdesk");
        store = new InMemorySyncStateStore();
        seats = InMemoryLicensePool.of("agent-seats", 3);
        registry = new SimpleMeterRegistry();
    }

    private List<UserRecord> team(int size) {
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            users.add(source.add(UserProfile.builder().email(String.format("person%02d@example.com", i))
                    .firstName("Person").lastName("N" + i).build()));
        }
        return users;
    }

    /** A host listener that makes each run take three seconds on the manual clock. */
    private final class ThreeSecondRuns implements SyncListener {
        @Override
        public void planned(Plan plan) {
            clock.advance(Duration.ofSeconds(3));
        }
    }

    private SyncRunner runner(RosterSyncMetrics metrics, SyncId sync, SyncListener host, LicensePool pool) {
        return SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(store).clock(clock)
                .policy(SyncPolicy.builder().license(LicenseRule.everyone(pool.licenseId())).build())
                .licensePool(metrics.licensePool(sync, pool))
                .listener(metrics.listener(sync, host))
                .build();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void aRunIsCountedAndTimedByStatusAndModeWithItsReadsActionsConflictsAndSeats() {
        team(5);
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);

        SyncReport report = runner(metrics, SYNC, new ThreeSecondRuns(), seats).run(RunOptions.defaults());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        Timer runs = registry.get(RosterSyncMetrics.RUNS).tags("status", "succeeded", "mode", "full").timer();
        assertThat(runs.count()).isEqualTo(1);
        assertThat(runs.totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
        assertThat(count(RosterSyncMetrics.USERS_READ, "side", "source")).isEqualTo(5);
        assertThat(count(RosterSyncMetrics.USERS_READ, "side", "target")).isEqualTo(report.targetUsers());
        assertThat(count(RosterSyncMetrics.ACTIONS, "kind", "create", "outcome", "applied")).isEqualTo(5);
        assertThat(count(RosterSyncMetrics.ACTIONS, "kind", "assign_license", "outcome", "applied")).isEqualTo(3);
        double allActions = registry.find(RosterSyncMetrics.ACTIONS).counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(allActions).isEqualTo(report.plannedTotal());
        // Two people wait for a seat: no seat was free for them.
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall")).isEqualTo(2);
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "ambiguous_match")).isZero();
        assertThat(gauge(RosterSyncMetrics.DEPROVISIONS_HELD)).isZero();
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isEqualTo(3);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "free")).isZero();

        // A second, quiet run reads incrementally and changes nothing; the gauges keep the latest figures.
        seats.setEntitlement(4);
        SyncReport quiet = runner(metrics, SYNC, new ThreeSecondRuns(), seats).run(RunOptions.defaults());

        assertThat(registry.get(RosterSyncMetrics.RUNS).tags("status", quiet.status().name().toLowerCase(java.util.Locale.ROOT))
                .timers()).isNotEmpty();
        assertThat(registry.find(RosterSyncMetrics.RUNS).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(2);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used"))
                .isEqualTo(seats.snapshot().consumed());
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "free"))
                .isEqualTo(seats.snapshot().free());
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall"))
                .isEqualTo(quiet.waitingForSeat().size());
    }

    @Test
    void heldDeprovisionsAndRefusedRunsShowInTheirMeters() {
        List<UserRecord> users = team(20);
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        InMemoryLicensePool roomy = InMemoryLicensePool.of("agent-seats", 50);
        assertThat(runner(metrics, SYNC, SyncListener.none(), roomy).run(RunOptions.defaults()).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }

        SyncReport held = runner(metrics, SYNC, SyncListener.none(), roomy).run(RunOptions.defaults());

        assertThat(held.status()).as(held.summary()).isEqualTo(RunStatus.HELD);
        assertThat(gauge(RosterSyncMetrics.DEPROVISIONS_HELD)).isEqualTo(held.held().size()).isPositive();
        assertThat(count(RosterSyncMetrics.ACTIONS, "kind", "deactivate", "outcome", "held"))
                .isEqualTo(held.held().size());
        assertThat(registry.get(RosterSyncMetrics.RUNS).tags("status", "held").timer().count()).isEqualTo(1);

        // Everyone gone from the source: the guard refuses the whole plan.
        for (int i = 10; i < 20; i++) {
            source.remove(users.get(i).id());
        }
        SyncReport refused = runner(metrics, SYNC, SyncListener.none(), roomy).run(RunOptions.defaults());

        assertThat(refused.status()).isEqualTo(RunStatus.REFUSED_BY_GUARD);
        assertThat(registry.get(RosterSyncMetrics.RUNS).tags("status", "refused_by_guard").timer().count()).isEqualTo(1);
        assertThat(gauge(RosterSyncMetrics.DEPROVISIONS_HELD)).isEqualTo(refused.held().size());
    }

    @Test
    void aBusyRunIsCountedButLeavesTheGaugesAsTheLastRealRunLeftThem() {
        team(5);
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        runner(metrics, SYNC, SyncListener.none(), seats).run(RunOptions.defaults());
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall")).isEqualTo(2);
        assertThat(store.tryAcquire(SYNC, "another node", Duration.ofMinutes(5), clock.instant())).isPresent();

        SyncReport busy = runner(metrics, SYNC, SyncListener.none(), seats).run(RunOptions.defaults());

        assertThat(busy.status()).isEqualTo(RunStatus.BUSY);
        assertThat(registry.get(RosterSyncMetrics.RUNS).tags("status", "busy").timer().count()).isEqualTo(1);
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall")).isEqualTo(2);
    }

    @Test
    void noMeterCarriesTheSyncUnlessTheHostOptsIn() {
        team(3);
        runner(RosterSyncMetrics.of(registry), SYNC, SyncListener.none(), seats).run(RunOptions.defaults());

        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getId().getTag(RosterSyncMetrics.SYNC_TAG)).isNull());

        SimpleMeterRegistry tagged = new SimpleMeterRegistry();
        RosterSyncMetrics perSync = RosterSyncMetrics.builder(tagged).tagSyncIds().build();
        runner(perSync, SyncId.of("tenant-a"), SyncListener.none(), InMemoryLicensePool.of("agent-seats", 3))
                .run(RunOptions.defaults());

        assertThat(tagged.get(RosterSyncMetrics.RUNS).tag("sync", "tenant-a").timer().count()).isEqualTo(1);
        assertThat(tagged.get(RosterSyncMetrics.LICENSE_SEATS).tags("sync", "tenant-a", "state", "used").gauge().value())
                .isEqualTo(3);
        assertThat(tagged.getMeters()).filteredOn(m -> m.getId().getName().startsWith("rostersync."))
                .allSatisfy(m -> assertThat(m.getId().getTag("sync")).isEqualTo("tenant-a"));
    }

    @Test
    void syncsOfOneTagValueAddUpAndABlankTagValueIsRefused() {
        RosterSyncMetrics grouped = RosterSyncMetrics.builder(registry)
                .syncTag(id -> id.value().startsWith("zendesk-") ? "zendesk" : "").build();
        InMemoryLicensePool a = InMemoryLicensePool.of("agent-seats", 10);
        InMemoryLicensePool b = InMemoryLicensePool.of("agent-seats", 20);
        a.consumeExternally(4);
        b.consumeExternally(5);
        grouped.licensePool(SyncId.of("zendesk-acme"), a).snapshot();
        grouped.licensePool(SyncId.of("zendesk-globex"), b).snapshot();

        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "sync", "zendesk", "license", "agent-seats", "state", "used")).isEqualTo(9);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "sync", "zendesk", "license", "agent-seats", "state", "free")).isEqualTo(21);
        assertThatThrownBy(() -> grouped.listener(SyncId.of("csv-upload")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("csv-upload").hasMessageContaining("non-blank");
    }

    @Test
    void aPoolWrappedAgainIsCountedOnceAndSeatChangesMoveTheGauges() {
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        LicensePool first = metrics.licensePool(SYNC, seats);
        LicensePool again = metrics.licensePool(SYNC, seats);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isNaN();

        first.snapshot();
        again.snapshot();
        again.assign(io.rostersync.model.NativeId.of("t-1"));
        first.assignAll(List.of(io.rostersync.model.NativeId.of("t-2"), io.rostersync.model.NativeId.of("t-3"),
                io.rostersync.model.NativeId.of("t-4")));

        // Three seats: the fourth assignment failed for want of a seat and moved nothing.
        assertThat(seats.snapshot().consumed()).isEqualTo(3);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isEqualTo(3);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "free")).isZero();

        again.revoke(io.rostersync.model.NativeId.of("t-1"));
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isEqualTo(2);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "free")).isEqualTo(1);
    }

    /** Wraps a pool of its own and lets both go: nothing but the binder could still reach them. */
    private static void wrapAndDrop(RosterSyncMetrics metrics, int consumed) {
        InMemoryLicensePool dropped = InMemoryLicensePool.of("agent-seats", 10);
        dropped.consumeExternally(consumed);
        metrics.licensePool(SyncId.of("gone"), dropped).snapshot();
    }

    @Test
    void theBinderDoesNotKeepAPoolAliveAndAPoolTheHostDroppedLeavesTheSum() {
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        LicensePool kept = metrics.licensePool(SYNC, seats);
        seats.consumeExternally(1);
        kept.snapshot();
        wrapAndDrop(metrics, 5);
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isEqualTo(6);

        // A full collection clears weak references to objects nothing else reaches (bounded, no clock involved).
        for (int i = 0; i < 20 && gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used") != 1; i++) {
            System.gc();
        }

        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isEqualTo(1);
        assertThat(kept.snapshot().consumed()).isEqualTo(1);
    }

    @Test
    void forgettingASyncTakesItOutOfTheGaugesAndWithASyncTagRemovesItsMeters() {
        team(5);
        SimpleMeterRegistry tagged = new SimpleMeterRegistry();
        RosterSyncMetrics perSync = RosterSyncMetrics.builder(tagged).tagSyncIds().build();
        RosterSyncMetrics shared = RosterSyncMetrics.of(registry);
        runner(perSync, SYNC, SyncListener.none(), seats).run(RunOptions.defaults());
        store = new InMemorySyncStateStore();
        target = InMemoryUserDirectory.create("helpdesk");
        runner(shared, SYNC, SyncListener.none(), InMemoryLicensePool.of("agent-seats", 3)).run(RunOptions.defaults());
        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall")).isEqualTo(2);

        shared.forget(SYNC);
        perSync.forget(SYNC);

        assertThat(gauge(RosterSyncMetrics.CONFLICTS, "kind", "license_shortfall")).isZero();
        assertThat(gauge(RosterSyncMetrics.LICENSE_SEATS, "license", "agent-seats", "state", "used")).isNaN();
        assertThat(tagged.getMeters()).noneMatch(m -> SYNC.value().equals(m.getId().getTag("sync")));
    }

    @Test
    void theHostsListenerHearsExactlyWhatItWouldHearWithoutTheBinder() {
        team(5);
        target.failWritesFor("person03@example.com", io.rostersync.spi.FailureKind.TRANSIENT);
        RecordingListener alone = new RecordingListener();
        SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(store).clock(clock)
                .policy(SyncPolicy.builder().license(LicenseRule.everyone("agent-seats")).build())
                .licensePool(InMemoryLicensePool.of("agent-seats", 3)).listener(alone).build().run(RunOptions.defaults());

        target = InMemoryUserDirectory.create("helpdesk");
        target.failWritesFor("person03@example.com", io.rostersync.spi.FailureKind.TRANSIENT);
        store = new InMemorySyncStateStore();
        RecordingListener wrapped = new RecordingListener();
        SyncReport report = runner(RosterSyncMetrics.of(registry), SYNC, wrapped, seats).run(RunOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(wrapped.events()).isEqualTo(alone.events()).contains("finished PARTIAL");
        assertThat(wrapped.failures()).hasSameSizeAs(alone.failures()).isNotEmpty();
        assertThat(count(RosterSyncMetrics.ACTIONS, "kind", "create", "outcome", "failed")).isEqualTo(1);
    }

    @Test
    void aRegistryThatThrowsBreaksNeitherTheRunNorTheSeatsNorTheHostsListener() {
        team(5);
        MeterRegistry broken = new SimpleMeterRegistry();
        broken.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("this registry refuses every meter");
            }
        });
        RecordingListener host = new RecordingListener();
        RosterSyncMetrics metrics = RosterSyncMetrics.of(broken);

        SyncReport report = runner(metrics, SYNC, host, seats).run(RunOptions.defaults());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.failures()).isEmpty();
        assertThat(target.size()).isEqualTo(5);
        assertThat(seats.snapshot().consumed()).isEqualTo(3);
        assertThat(host.report()).contains(report);
        assertThat(host.events()).filteredOn(e -> e.startsWith("applied")).hasSize(report.plannedTotal());
        assertThat(report.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 3);
        assertThat(metrics.instrument(io.rostersync.http.HttpSettings.defaults())).isNotNull();
        metrics.forget(SYNC);
    }

    @Test
    void aListenerThatThrowsStillHasItsEventsMeasured() {
        team(2);
        SyncListener throwing = new SyncListener() {
            @Override
            public void applied(int done, int total, io.rostersync.engine.ActionOutcome outcome) {
                throw new IllegalStateException("host listener broke");
            }

            @Override
            public void finished(SyncReport report) {
                throw new IllegalStateException("host listener broke");
            }
        };

        SyncReport report = runner(RosterSyncMetrics.of(registry), SYNC, throwing, seats).run(RunOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(count(RosterSyncMetrics.ACTIONS, "kind", "create", "outcome", "applied")).isEqualTo(2);
        assertThat(registry.get(RosterSyncMetrics.RUNS).tag("status", "succeeded").timer().count()).isEqualTo(1);
    }

    static List<Tag> allTags(MeterRegistry registry) {
        List<Tag> tags = new ArrayList<>();
        registry.getMeters().forEach(m -> tags.addAll(m.getId().getTags()));
        return tags;
    }
}
