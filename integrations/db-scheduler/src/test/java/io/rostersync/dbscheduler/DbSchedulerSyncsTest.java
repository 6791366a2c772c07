package io.rostersync.dbscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.GsonSerializer;
import io.rostersync.dbscheduler.internal.SyncTaskData;
import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.Lease;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One db-scheduler in this JVM on a real PostgreSQL: registration, triggers and what a run does with the host's
 * factory. The cluster behaviour (several nodes, a node killed) is {@link DbSchedulerClusterTest}'s.
 */
@Timeout(90)
class DbSchedulerSyncsTest {

    private static final SyncId ACME = SyncId.of("acme");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase db;
    private JdbcSyncStateStore store;
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final Map<SyncId, List<SyncReport>> reports = new ConcurrentHashMap<>();
    private final Map<SyncId, AtomicInteger> factoryCalls = new ConcurrentHashMap<>();

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.fresh();
        store = JdbcSyncStateStore.create(db.dataSource);
    }

    @AfterEach
    void stopSchedulers() {
        schedulers.forEach(Scheduler::stop);
    }

    // ---- registration ------------------------------------------------------------------------------------

    @Test
    void registeringAgainWithTheSameTriggerWritesNothing() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        SyncTrigger trigger = SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1));

        assertThat(syncs.register(client, ACME, trigger)).isEqualTo(Registration.CREATED);
        long version = db.count("SELECT version FROM scheduled_tasks WHERE task_instance = 'acme'");
        Instant next = syncs.registered(client, ACME).orElseThrow().nextRun();

        // every node, every start-up: a new DbSchedulerSyncs, later
        DbSchedulerSyncs again = DbSchedulerSyncs.create(this::runner);
        assertThat(again.register(client(again), ACME, SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1))))
                .isEqualTo(Registration.UNCHANGED);
        assertThat(syncs.register(client, ACME, trigger)).isEqualTo(Registration.UNCHANGED);

        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(1);
        assertThat(db.count("SELECT version FROM scheduled_tasks WHERE task_instance = 'acme'")).isEqualTo(version);
        assertThat(syncs.registered(client, ACME)).hasValueSatisfying(r -> {
            assertThat(r.nextRun()).isEqualTo(next);
            assertThat(r.trigger()).isEqualTo(trigger);
            assertThat(r.running()).isFalse();
        });
    }

    @Test
    void registeringFromManyThreadsAtOnceCreatesOneInstance() throws Exception {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SyncTrigger trigger = SyncTrigger.of(Schedule.everySixHours());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Registration>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SchedulerClient client = client(syncs);
                results.add(pool.submit(() -> {
                    go.await();
                    return syncs.register(client, ACME, trigger);
                }));
            }
            go.countDown();
            List<Registration> outcomes = new ArrayList<>();
            for (Future<Registration> r : results) {
                outcomes.add(r.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce(Registration.CREATED)
                    .containsOnly(Registration.CREATED, Registration.UNCHANGED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(1);
    }

    @Test
    void firstRunsFallWithinTheWindowAtEachSyncsOwnPoint() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        Instant before = Instant.now();
        Duration window = Duration.ofMinutes(10);
        Set<Instant> firstRuns = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            SyncId id = SyncId.of("tenant-" + i);
            syncs.register(client, id, SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(window));
            firstRuns.add(syncs.registered(client, id).orElseThrow().nextRun());
        }
        Instant after = Instant.now();

        assertThat(firstRuns).allSatisfy(t -> assertThat(t).isBetween(before.minusMillis(1), after.plus(window)));
        assertThat(firstRuns).as("spread over the window, not all at once").hasSizeGreaterThan(15);
        Instant latest = firstRuns.stream().max(Instant::compareTo).orElseThrow();
        Instant earliest = firstRuns.stream().min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(earliest, latest)).isGreaterThan(window.dividedBy(2));
    }

    @Test
    void aChangedTriggerReplacesTheStoredOneAndNeverPostponesTheNextRun() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        syncs.register(client, ACME, SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)));
        Instant first = syncs.registered(client, ACME).orElseThrow().nextRun();

        // a longer interval and window: the trigger changes, the due run stays where it was
        SyncTrigger longer = SyncTrigger.every(Duration.ofHours(12)).firstRunWithin(Duration.ofHours(2));
        assertThat(syncs.register(client, ACME, longer)).isEqualTo(Registration.UPDATED);
        assertThat(syncs.registered(client, ACME).orElseThrow()).satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(longer);
            assertThat(r.nextRun()).isBeforeOrEqualTo(first);
        });
        Instant kept = syncs.registered(client, ACME).orElseThrow().nextRun();

        // only the cadence of full runs: the time stays exactly
        SyncTrigger fullDaily = longer.fullEvery(2, Duration.ofDays(1));
        assertThat(syncs.register(client, ACME, fullDaily)).isEqualTo(Registration.UPDATED);
        assertThat(syncs.registered(client, ACME).orElseThrow().nextRun()).isEqualTo(kept);
        assertThat(syncs.registered(client, ACME).orElseThrow().trigger().fullEveryRuns()).isEqualTo(2);

        // a shorter interval starting at once: the run moves earlier
        Instant now = Instant.now();
        assertThat(syncs.register(client, ACME, SyncTrigger.every(Duration.ofMinutes(5)).firstRunWithin(Duration.ZERO)))
                .isEqualTo(Registration.UPDATED);
        assertThat(syncs.registered(client, ACME).orElseThrow().nextRun()).isBefore(now.plusSeconds(5));
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(1);
    }

    @Test
    void aCronTriggerIsStoredWithItsZoneAndDueAtTheExpressionsNextTime() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SyncTrigger nightly = SyncTrigger.cron("0 30 3 * * *", berlin);

        assertThat(syncs.register(client, ACME, nightly)).isEqualTo(Registration.CREATED);

        RegisteredSync registered = syncs.registered(client, ACME).orElseThrow();
        ZonedDateTime at = registered.nextRun().atZone(berlin);
        assertThat(at.getHour()).isEqualTo(3);
        assertThat(at.getMinute()).isEqualTo(30);
        assertThat(registered.nextRun()).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
        assertThat(registered.trigger()).isEqualTo(nightly);
        assertThat(registered.trigger().zone()).contains(berlin);
        assertThat(syncs.register(client, ACME, SyncTrigger.cron("0 30 3 * * *", berlin)))
                .isEqualTo(Registration.UNCHANGED);
        assertThat(syncs.register(client, ACME, SyncTrigger.cron("0 30 3 * * *", ZoneId.of("UTC"))))
                .isEqualTo(Registration.UPDATED);
    }

    @Test
    void unregisteringRemovesTheSyncAndSaysWhenThereWasNone() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        syncs.register(client, ACME, SyncTrigger.of(Schedule.everySixHours()));

        assertThat(syncs.unregister(client, ACME)).isEqualTo(Unregistration.REMOVED);
        assertThat(syncs.registered(client, ACME)).isEmpty();
        assertThat(syncs.unregister(client, ACME)).isEqualTo(Unregistration.NOT_REGISTERED);
        assertThat(syncs.register(client, ACME, SyncTrigger.of(Schedule.everySixHours()))).isEqualTo(Registration.CREATED);
    }

    @Test
    void aCronExpressionDbSchedulerCannotReadIsRefusedAtRegistrationNamingItAndWhatIsWrong() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = client(syncs);
        ZoneId utc = ZoneId.of("UTC");

        // seven fields: a valid SyncTrigger, and valid for Quartz, but db-scheduler has no year field
        assertThatThrownBy(() -> syncs.register(client, ACME, SyncTrigger.cron("0 0 0 1 1 ? 2099", utc)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("sync acme")
                .hasMessageContaining("'0 0 0 1 1 ? 2099' is not valid for db-scheduler").hasMessageContaining("six fields");
        assertThatThrownBy(() -> syncs.register(client, ACME, SyncTrigger.cron("0 61 * * * *", utc)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'0 61 * * * *' is not valid");
        assertThatThrownBy(() -> syncs.register(client, ACME, SyncTrigger.cron("0 0 0 30 2 *", utc)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'0 0 0 30 2 *' never fires");
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).isZero();

        assertThat(syncs.register(client, ACME, SyncTrigger.cron("0 0 0/6 * * *", utc))).isEqualTo(Registration.CREATED);
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        assertThatThrownBy(() -> DbSchedulerSyncs.builder(this::runner).taskName("rostersync sync"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task name");
        assertThatThrownBy(() -> DbSchedulerSyncs.create(null)).isInstanceOf(NullPointerException.class);
        SchedulerClient client = client(syncs);
        assertThatThrownBy(() -> syncs.register(client, ACME, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("trigger");
        assertThatThrownBy(() -> syncs.register(client, null, SyncTrigger.every(Duration.ofHours(1))))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("syncId");
        assertThat(db.count("SELECT count(*) FROM scheduled_tasks")).isZero();
    }

    @Test
    void theStoredTaskDataIsTheSyncIdAndScheduleWithoutAnySecret() throws Exception {
        String apiToken = "zd-api-token-7f3a9c";
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(id -> runnerWithCredential(id, apiToken));
        SyncTrigger trigger = SyncTrigger.cron("0 0 0/6 * * *", ZoneId.of("Europe/Berlin"));
        syncs.register(client(syncs), ACME, trigger);

        byte[] stored = taskData("acme");
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(apiToken).doesNotContain("password").contains("acme");
        Object data;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
            data = in.readObject();
        }
        assertThat(data).isEqualTo(SyncTaskData.of(ACME, trigger));
        assertThat(Arrays.stream(SyncTaskData.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("syncId", "intervalMillis", "firstRunWithinMillis", "fullEveryRuns", "fullAfterMillis",
                        "cron", "zone", "busyRetryMillis");
    }

    @Test
    void theTaskDataReadsBackWithDbSchedulersJsonSerializerToo() throws Exception {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        SchedulerClient client = SchedulerClient.Builder.create(db.dataSource, syncs.task())
                .serializer(new GsonSerializer()).build();
        SyncTrigger trigger = SyncTrigger.cron("0 0 0/6 * * *", ZoneId.of("Europe/Berlin")).fullEvery(4, Duration.ofDays(1));

        assertThat(syncs.register(client, ACME, trigger)).isEqualTo(Registration.CREATED);

        assertThat(new String(taskData("acme"), StandardCharsets.UTF_8)).startsWith("{\"syncId\":\"acme\"");
        assertThat(syncs.registered(client, ACME)).hasValueSatisfying(r -> assertThat(r.trigger()).isEqualTo(trigger));
        assertThat(syncs.register(client, ACME, trigger)).isEqualTo(Registration.UNCHANGED);
    }

    // ---- runs --------------------------------------------------------------------------------------------

    @Test
    void anIntervalSyncRunsAgainEachIntervalAndIsDueAgainAfterEachRun() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        Scheduler scheduler = started(syncs);
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofMillis(400)).firstRunWithin(Duration.ZERO));

        await("three runs", () -> succeeded(ACME) >= 3);

        assertThat(reportsOf(ACME)).extracting(SyncReport::status).doesNotContain(RunStatus.BUSY, RunStatus.FAILED);
        assertThat(syncs.registered(scheduler, ACME)).isPresent();
        assertThat(store.lastReport(ACME)).isPresent();
    }

    @Test
    void eachRunRecordsInTheStoreTheTimeItIsRescheduledTo() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        Scheduler scheduler = started(syncs);
        Instant registered = Instant.now();
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));

        await("a run, rescheduled", () -> succeeded(ACME) >= 1
                && syncs.registered(scheduler, ACME).map(r -> !r.running()).orElse(false));

        Instant next = syncs.registered(scheduler, ACME).orElseThrow().nextRun();
        ScheduleState state = store.scheduleState(ACME);
        assertThat(state.nextDue()).contains(next);
        assertThat(next).isAfter(registered.plus(Duration.ofMinutes(59)));
        assertThat(state.lastFullRun()).contains(reportsOf(ACME).get(0).startedAt().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void theTriggersCadenceOfFullReadsDecidesEachRunsMode() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        Scheduler scheduler = started(syncs);
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofMillis(300)).firstRunWithin(Duration.ZERO)
                .fullEvery(3, Duration.ofDays(1)));

        await("four runs", () -> succeeded(ACME) >= 4);

        assertThat(reportsOf(ACME).subList(0, 4)).extracting(SyncReport::mode)
                .containsExactly(PlanMode.FULL, PlanMode.INCREMENTAL, PlanMode.INCREMENTAL, PlanMode.FULL);
    }

    @Test
    void aCronSyncRunsAtTheExpressionsTimes() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        Scheduler scheduler = started(syncs);
        syncs.register(scheduler, ACME, SyncTrigger.cron("* * * * * *", ZoneId.of("UTC")));

        await("two runs", () -> succeeded(ACME) >= 2);

        assertThat(syncs.registered(scheduler, ACME).orElseThrow().nextRun().getNano()).isZero();
    }

    @Test
    void aSyncDueManyIntervalsAgoRunsOnceThenKeepsItsPhase() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        Duration interval = Duration.ofSeconds(2);
        syncs.register(client(syncs), ACME, SyncTrigger.every(interval).firstRunWithin(Duration.ZERO));
        Instant due = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minus(interval.multipliedBy(20))
                .minusMillis(150);
        db.exec("UPDATE scheduled_tasks SET execution_time = '" + due + "' WHERE task_instance = 'acme'");

        Scheduler scheduler = started(syncs);
        await("the missed run", () -> succeeded(ACME) >= 1);
        SyncReport caughtUp = reportsOf(ACME).get(0);
        await("the run to be rescheduled", () -> syncs.registered(scheduler, ACME).map(r -> !r.running()).orElse(false));
        Instant next = syncs.registered(scheduler, ACME).orElseThrow().nextRun();

        assertThat(next).as("the next run is ahead of the catch-up run, not another missed one").isAfter(caughtUp.startedAt());
        assertThat(Duration.between(due, next).toMillis() % interval.toMillis()).as("the phase of the first due time")
                .isZero();
        await("the run after", () -> succeeded(ACME) >= 2);
        assertThat(reportsOf(ACME).get(1).startedAt()).isAfterOrEqualTo(next);
    }

    @Test
    void aSyncTheHostNoLongerKnowsIsRemovedAndTheOthersStay() {
        SyncId gone = SyncId.of("deleted-tenant");
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(id -> {
            if (id.equals(gone)) {
                calls(id).incrementAndGet();
                throw new UnknownSyncException(id);
            }
            return runner(id);
        });
        Scheduler scheduler = started(syncs);
        syncs.register(scheduler, gone, SyncTrigger.every(Duration.ofMillis(300)).firstRunWithin(Duration.ZERO));
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofMillis(300)).firstRunWithin(Duration.ZERO));

        await("the unknown sync to be removed", () -> syncs.registered(scheduler, gone).isEmpty());
        await("the known sync to run twice", () -> succeeded(ACME) >= 2);

        assertThat(calls(gone)).hasValue(1);
        assertThat(syncs.registered(scheduler, ACME)).isPresent();
    }

    @Test
    void aFactoryThatFailsLeavesTheSyncScheduled() {
        AtomicInteger failures = new AtomicInteger();
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(id -> {
            if (failures.incrementAndGet() <= 2) {
                throw new IllegalStateException("tenant database unreachable");
            }
            return runner(id);
        });
        Scheduler scheduler = started(syncs);
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofMillis(300)).firstRunWithin(Duration.ZERO));

        await("a run after two failures", () -> succeeded(ACME) >= 1);

        assertThat(failures.get()).isGreaterThanOrEqualTo(3);
        assertThat(syncs.registered(scheduler, ACME)).isPresent();
        assertThat(db.count("SELECT coalesce(max(consecutive_failures), 0) FROM scheduled_tasks")).isZero();
    }

    @Test
    void aFiringThatTheLeaseHolderRanWhileThisRunWaitedIsNotRunASecondTime() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        // Another node runs this firing and holds the lease: it stalled past its heartbeats, say, and lost its
        // execution to this node, then carried on.
        Lease held = store.tryAcquire(ACME, "stalled node", Duration.ofMinutes(5), Instant.now()).orElseThrow();
        SchedulerClient client = client(syncs);
        syncs.register(client, ACME, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO)
                .retryBusyAfter(Duration.ofMillis(300)));
        Instant due = syncs.registered(client, ACME).orElseThrow().nextRun();
        Scheduler scheduler = started(syncs);
        await("this node's run of the firing to find the lease held",
                () -> reportsOf(ACME).stream().anyMatch(r -> r.status() == RunStatus.BUSY));

        // the other node finishes the firing's run: it records the next due time and lets the lease go
        Instant next = due.plus(Duration.ofHours(1));
        store.saveScheduleState(held, new ScheduleState(Optional.of(due), Optional.empty(), 0, Optional.of(next)));
        store.release(held);

        await("the retried firing to be moved to the next one without running", () -> syncs.registered(scheduler, ACME)
                .map(r -> !r.running() && r.nextRun().equals(next)).orElse(false));
        assertThat(reportsOf(ACME)).extracting(SyncReport::status).containsOnly(RunStatus.BUSY);
    }

    @Test
    void aRunThatFindsTheLeaseHeldIsTriedAgainSoonNotAnIntervalLater() {
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(this::runner);
        assertThat(store.tryAcquire(ACME, "a node that died", Duration.ofMillis(1500), Instant.now())).isPresent();
        Scheduler scheduler = started(syncs);
        Instant registered = Instant.now();
        syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ZERO)
                .retryBusyAfter(Duration.ofMillis(300)));

        await("a run once the dead node's lease expired", () -> succeeded(ACME) >= 1);

        assertThat(reportsOf(ACME)).extracting(SyncReport::status).contains(RunStatus.BUSY).endsWith(RunStatus.SUCCEEDED);
        await("the run to be rescheduled", () -> syncs.registered(scheduler, ACME).map(r -> !r.running()).orElse(false));
        assertThat(syncs.registered(scheduler, ACME).orElseThrow().nextRun()).isAfter(registered.plus(Duration.ofHours(5)));
    }

    @Test
    void aRunningSyncIsNeitherChangedNorRemovedUnderItsRun() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DbSchedulerSyncs syncs = DbSchedulerSyncs.create(id -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return runner(id);
        });
        Scheduler scheduler = started(syncs);
        SyncTrigger hourly = SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO);
        syncs.register(scheduler, ACME, hourly);
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofHours(2)).firstRunWithin(Duration.ZERO)))
                .isEqualTo(Registration.RUNNING);
        assertThat(syncs.register(scheduler, ACME, hourly)).isEqualTo(Registration.UNCHANGED);
        assertThat(syncs.unregister(scheduler, ACME)).isEqualTo(Unregistration.RUNNING);
        assertThat(syncs.registered(scheduler, ACME)).hasValueSatisfying(r -> assertThat(r.running()).isTrue());
        release.countDown();

        await("the run to end", () -> succeeded(ACME) >= 1
                && syncs.registered(scheduler, ACME).map(r -> !r.running()).orElse(false));
        // a window of an hour: the next run stays ahead, so no node picks it before the unregistration below
        assertThat(syncs.register(scheduler, ACME, SyncTrigger.every(Duration.ofHours(2)).firstRunWithin(Duration.ofHours(1))))
                .isEqualTo(Registration.UPDATED);
        assertThat(syncs.unregister(scheduler, ACME)).isEqualTo(Unregistration.REMOVED);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private SchedulerClient client(DbSchedulerSyncs syncs) {
        return SchedulerClient.Builder.create(db.dataSource, syncs.task()).build();
    }

    private Scheduler started(DbSchedulerSyncs syncs) {
        Scheduler scheduler = Scheduler.create(db.dataSource, syncs.task())
                .schedulerName(new SchedulerName.Fixed("test-node"))
                .pollingInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofSeconds(1))
                .threads(2)
                .build();
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    private SyncRunner runner(SyncId id) {
        calls(id).incrementAndGet();
        return runnerBuilder(id).build();
    }

    /** A runner as a host builds one: the credential lives in the factory, never in the task's data. */
    private SyncRunner runnerWithCredential(SyncId id, String apiToken) {
        assertThat(apiToken).isNotBlank();
        return runner(id);
    }

    private SyncRunner.Builder runnerBuilder(SyncId id) {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(id.value().hashCode()).profiles(3).forEach(source::add);
        return SyncRunner.builder().syncId(id).source(source).target(InMemoryUserDirectory.create("target"))
                .stateStore(store).owner("test-node").listener(recording(id));
    }

    private SyncListener recording(SyncId id) {
        return new SyncListener() {
            @Override
            public void finished(SyncReport report) {
                reports.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(report);
            }
        };
    }

    private List<SyncReport> reportsOf(SyncId id) {
        return reports.getOrDefault(id, List.of());
    }

    private long succeeded(SyncId id) {
        return reportsOf(id).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).count();
    }

    private AtomicInteger calls(SyncId id) {
        return factoryCalls.computeIfAbsent(id, k -> new AtomicInteger());
    }

    private byte[] taskData(String instance) throws Exception {
        try (Connection c = db.dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT task_data FROM scheduled_tasks WHERE task_instance = ?")) {
            p.setString(1, instance);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }
}
