package io.rostersync.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.model.SyncId;
import io.rostersync.quartz.RecordingJobListener.Firing;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/** Registration, firing and failure handling on a real Quartz scheduler with the in-memory job store. */
@Timeout(60)
class QuartzSyncsTest {

    private static final SyncId SYNC = SyncId.of("tenant-1");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<Scheduler> schedulers = new ArrayList<>();
    private final RecordingJobListener firings = new RecordingJobListener();
    private final InMemorySyncStateStore store = new InMemorySyncStateStore();

    @AfterEach
    void shutDown() throws SchedulerException {
        for (Scheduler s : schedulers) {
            s.shutdown(false); // waiting would add the idle workers' half-second poll to every test
        }
    }

    /** A RAM-store scheduler, not started, whose misfire threshold is half a second. */
    private Scheduler scheduler() throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "test-" + UUID.randomUUID());
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "500");
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        s.getListenerManager().addJobListener(firings);
        schedulers.add(s);
        return s;
    }

    /** A runner from three source users into an empty in-memory target, on the shared in-memory store. */
    private SyncRunner runner(SyncId id) {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(7).profiles(3).forEach(source::add);
        return SyncRunner.builder().syncId(id).source(source).target(InMemoryUserDirectory.create("target"))
                .stateStore(store).build();
    }

    private static Trigger trigger(Scheduler s, SyncId id) throws SchedulerException {
        return s.getTrigger(QuartzSyncs.triggerKey(id));
    }

    // ---- registration ------------------------------------------------------------------------------------

    @Test
    void registeringAgainWithTheSameTriggerChangesNothingNotEvenTheNextFiring() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        SyncTrigger every = SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1));

        assertThat(syncs.register(SYNC, every)).isEqualTo(RegistrationOutcome.CREATED);
        Instant next = syncs.nextRun(SYNC).orElseThrow();
        // a later boot: another clock reading, same registration
        QuartzSyncs later = syncs.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(30)));

        assertThat(later.register(SYNC, every)).isEqualTo(RegistrationOutcome.UNCHANGED);
        assertThat(later.register(SYNC, every)).isEqualTo(RegistrationOutcome.UNCHANGED);
        assertThat(syncs.nextRun(SYNC)).contains(next);
        assertThat(syncs.registered()).containsExactly(SYNC);
        assertThat(s.getTriggerKeys(GroupMatcher.anyTriggerGroup())).hasSize(1);
        assertThat(s.getJobKeys(GroupMatcher.anyJobGroup())).hasSize(1);
    }

    @Test
    void changingTheIntervalReplacesTheTriggerAndKeepsTheNextFiringWhenItComesWithinTheNewInterval() throws Exception {
        Scheduler s = scheduler();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        QuartzSyncs syncs = QuartzSyncs.on(s).withClock(Clock.fixed(now, ZoneOffset.UTC));
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ofMinutes(10)));
        Instant first = syncs.nextRun(SYNC).orElseThrow();

        assertThat(syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(2)))).isEqualTo(RegistrationOutcome.UPDATED);

        assertThat(((SimpleTrigger) trigger(s, SYNC)).getRepeatInterval()).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(syncs.nextRun(SYNC)).contains(first);
    }

    @Test
    void shorteningTheIntervalBringsAFarNextFiringWithinTheNewInterval() throws Exception {
        Scheduler s = scheduler();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        QuartzSyncs syncs = QuartzSyncs.on(s).withClock(Clock.fixed(now, ZoneOffset.UTC));
        syncs.register(SYNC, SyncTrigger.every(Duration.ofDays(1)).firstRunWithin(Duration.ofDays(1)));
        SyncId far = SyncId.of("tenant-far");
        syncs.register(far, SyncTrigger.every(Duration.ofDays(7)).firstRunWithin(Duration.ofDays(7)));

        syncs.register(SYNC, SyncTrigger.every(Duration.ofMinutes(5)));
        syncs.register(far, SyncTrigger.every(Duration.ofMinutes(5)));

        assertThat(syncs.nextRun(SYNC).orElseThrow()).isBetween(now, now.plus(Duration.ofMinutes(5)));
        assertThat(syncs.nextRun(far).orElseThrow()).isBetween(now, now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void changingTheCadenceOfFullReadsUpdatesTheJobButNotTheTrigger() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        SyncTrigger every = SyncTrigger.every(Duration.ofHours(6));
        syncs.register(SYNC, every);
        Instant next = syncs.nextRun(SYNC).orElseThrow();

        assertThat(syncs.register(SYNC, every.fullEvery(2, Duration.ofHours(12)))).isEqualTo(RegistrationOutcome.UPDATED);

        JobDataMap data = s.getJobDetail(QuartzSyncs.jobKey(SYNC)).getJobDataMap();
        assertThat(data.getString("rostersync.fullEveryRuns")).isEqualTo("2");
        assertThat(data.getString("rostersync.fullAfter")).isEqualTo("PT12H");
        assertThat(syncs.nextRun(SYNC)).contains(next);
        assertThat(syncs.register(SYNC, every.fullEvery(2, Duration.ofHours(12)))).isEqualTo(RegistrationOutcome.UNCHANGED);
    }

    @Test
    void aCronTriggerFiresOnItsExpressionInItsZoneAndAChangedZoneReplacesIt() throws Exception {
        Scheduler s = scheduler();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        QuartzSyncs syncs = QuartzSyncs.on(s).withClock(Clock.fixed(now, ZoneOffset.UTC));
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(syncs.register(SYNC, SyncTrigger.cron("0 15 2 * * ?", berlin))).isEqualTo(RegistrationOutcome.CREATED);

        CronTrigger cron = (CronTrigger) trigger(s, SYNC);
        assertThat(cron.getCronExpression()).isEqualTo("0 15 2 * * ?");
        assertThat(cron.getTimeZone().getID()).isEqualTo("Europe/Berlin");
        assertThat(syncs.nextRun(SYNC)).contains(ZonedDateTime.of(2026, 12, 4, 2, 15, 0, 0, berlin).toInstant());
        assertThat(syncs.register(SYNC, SyncTrigger.cron(" 0 15 2 * * ? ", berlin))).isEqualTo(RegistrationOutcome.UNCHANGED);

        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertThat(syncs.register(SYNC, SyncTrigger.cron("0 15 2 * * ?", tokyo))).isEqualTo(RegistrationOutcome.UPDATED);
        assertThat(syncs.nextRun(SYNC)).contains(ZonedDateTime.of(2026, 12, 4, 2, 15, 0, 0, tokyo).toInstant());
    }

    @Test
    void switchingBetweenIntervalAndCronReplacesTheTrigger() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)));

        assertThat(syncs.register(SYNC, SyncTrigger.cron("0 0 * * * ?", ZoneOffset.UTC))).isEqualTo(RegistrationOutcome.UPDATED);
        assertThat(trigger(s, SYNC)).isInstanceOf(CronTrigger.class);

        assertThat(syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)))).isEqualTo(RegistrationOutcome.UPDATED);
        assertThat(trigger(s, SYNC)).isInstanceOf(SimpleTrigger.class);
        assertThat(s.getTriggersOfJob(QuartzSyncs.jobKey(SYNC))).hasSize(1);
    }

    @Test
    void firstRunsOfAThousandSyncsAreSpreadOverTheWindowNotBunchedInOneSecond() throws Exception {
        Scheduler s = scheduler();
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        QuartzSyncs syncs = QuartzSyncs.on(s).withClock(Clock.fixed(now, ZoneOffset.UTC));
        Duration window = Duration.ofMinutes(20);
        for (int i = 1; i <= 1000; i++) {
            syncs.register(SyncId.of("tenant-" + i), SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(window));
        }

        List<Instant> firsts = new ArrayList<>();
        for (SyncId id : syncs.registered()) {
            firsts.add(syncs.nextRun(id).orElseThrow());
        }
        assertThat(firsts).hasSize(1000).allSatisfy(t -> assertThat(t).isBetween(now, now.plus(window)));
        Map<Long, Long> perSecond = firsts.stream().collect(Collectors.groupingBy(Instant::getEpochSecond, Collectors.counting()));
        // 1,000 syncs over 1,200 seconds: evenly spread, no second holds more than a handful
        assertThat(perSecond.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(6));
        Map<Long, Long> perMinute = firsts.stream().collect(Collectors.groupingBy(t -> t.getEpochSecond() / 60, Collectors.counting()));
        assertThat(perMinute).hasSize(20);
        assertThat(perMinute.values()).allSatisfy(n -> assertThat(n).isBetween(25L, 75L));
    }

    @Test
    void nodesRegisteringTheSameSyncAtOnceCreateOneJobAndOneTrigger() throws Exception {
        Scheduler s = scheduler();
        SyncTrigger every = SyncTrigger.every(Duration.ofHours(6));
        int nodes = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Callable<RegistrationOutcome>> boots = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                boots.add(() -> {
                    go.await();
                    return QuartzSyncs.on(s).register(SYNC, every);
                });
            }
            List<Future<RegistrationOutcome>> outcomes = new ArrayList<>();
            for (Callable<RegistrationOutcome> boot : boots) {
                outcomes.add(pool.submit(boot));
            }
            go.countDown();
            List<RegistrationOutcome> results = new ArrayList<>();
            for (Future<RegistrationOutcome> f : outcomes) {
                results.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce(RegistrationOutcome.CREATED).doesNotContain(RegistrationOutcome.UPDATED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.getJobKeys(GroupMatcher.anyJobGroup())).hasSize(1);
        assertThat(s.getTriggerKeys(GroupMatcher.anyTriggerGroup())).hasSize(1);
    }

    @Test
    void unregisterRemovesTheJobAndItsTriggerOnce() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)));

        assertThat(syncs.unregister(SYNC)).isTrue();
        assertThat(syncs.unregister(SYNC)).isFalse();
        assertThat(syncs.registered()).isEmpty();
        assertThat(syncs.nextRun(SYNC)).isEmpty();
        assertThat(s.getTriggerKeys(GroupMatcher.anyTriggerGroup())).isEmpty();
    }

    @Test
    void theJobDataHoldsTheSyncIdAndCadenceAsTextAndNoCredential() throws Exception {
        Scheduler s = scheduler();
        String secret = "zd-api-token-s3cr3t";
        Map<SyncId, String> credentials = Map.of(SYNC, secret);
        QuartzSyncs syncs = QuartzSyncs.install(s, id -> {
            assertThat(credentials).containsKey(id);
            return runner(id);
        });
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(6)).fullEvery(4, Duration.ofHours(24)));

        JobDetail job = s.getJobDetail(QuartzSyncs.jobKey(SYNC));
        assertThat(job.getJobDataMap().getWrappedMap()).containsOnly(
                Map.entry("rostersync.syncId", "tenant-1"),
                Map.entry("rostersync.fullEveryRuns", "4"),
                Map.entry("rostersync.fullAfter", "PT24H"),
                Map.entry("rostersync.busyRetryAfter", "PT1M"));
        assertThat(trigger(s, SYNC).getJobDataMap()).isEmpty();
        assertThat(job.getJobClass()).isEqualTo(SyncJob.class);
        assertThat(job.isDurable()).isTrue();
        assertThat(job.requestsRecovery()).isTrue();
        assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
        assertThat(job.toString() + job.getDescription() + trigger(s, SYNC)).doesNotContain(secret);
    }

    @Test
    void aJobOfAnotherClassUnderTheSyncsKeyIsLeftAloneAndRefused() throws Exception {
        Scheduler s = scheduler();
        JobDetail foreign = JobBuilder.newJob(ForeignJob.class).withIdentity(QuartzSyncs.jobKey(SYNC)).storeDurably().build();
        s.addJob(foreign, false);

        assertThatThrownBy(() -> QuartzSyncs.on(s).register(SYNC, SyncTrigger.every(Duration.ofHours(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ForeignJob.class.getName()).hasMessageContaining("reserved");
        assertThat(s.getJobDetail(QuartzSyncs.jobKey(SYNC)).getJobClass()).isEqualTo(ForeignJob.class);
    }

    /** Something that is not rostersync's, stored where a sync's job would be. */
    public static final class ForeignJob implements Job {
        @Override
        public void execute(org.quartz.JobExecutionContext context) {
        }
    }

    @Test
    void aSchedulerThatWasShutDownGivesATypedErrorNamingTheSync() throws Exception {
        Scheduler s = scheduler();
        s.shutdown();
        QuartzSyncs syncs = QuartzSyncs.on(s);

        assertThatThrownBy(() -> syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1))))
                .isInstanceOf(QuartzSyncException.class).hasMessageContaining("tenant-1")
                .hasCauseInstanceOf(SchedulerException.class);
        assertThatThrownBy(() -> syncs.unregister(SYNC)).isInstanceOf(QuartzSyncException.class);
    }

    // ---- inputs -------------------------------------------------------------------------------------------

    @Test
    void aCronExpressionQuartzCannotReadIsRefusedAtRegistrationNamingItAndWhatIsWrong() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        // six fields, so a valid SyncTrigger, and valid for db-scheduler; Quartz wants '?' in one day field
        assertThatThrownBy(() -> syncs.register(SYNC, SyncTrigger.cron("0 0 */6 * * *", ZoneOffset.UTC)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("sync tenant-1")
                .hasMessageContaining("'0 0 */6 * * *' is not valid for Quartz")
                .hasMessageContaining("day-of-week AND a day-of-month").hasMessageContaining("'?'");
        assertThatThrownBy(() -> syncs.register(SYNC, SyncTrigger.cron("0 61 * * * ?", ZoneOffset.UTC)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'0 61 * * * ?'")
                .hasMessageContaining("Minute");
        assertThatThrownBy(() -> syncs.register(SYNC, SyncTrigger.cron("0 0 0 1 1 ? 2001", ZoneOffset.UTC)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'0 0 0 1 1 ? 2001'")
                .hasMessageContaining("never fires again");

        assertThat(s.getJobKeys(GroupMatcher.anyJobGroup())).isEmpty();
        assertThat(syncs.register(SYNC, SyncTrigger.cron("0 0 */6 * * ?", ZoneOffset.UTC)))
                .isEqualTo(RegistrationOutcome.CREATED);
    }

    @Test
    void nullArgumentsAreRefusedByName() throws Exception {
        QuartzSyncs syncs = QuartzSyncs.on(scheduler());
        assertThatThrownBy(() -> syncs.register(null, SyncTrigger.every(Duration.ofHours(1))))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("syncId");
        assertThatThrownBy(() -> syncs.register(SYNC, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("trigger");
        assertThatThrownBy(() -> QuartzSyncs.install(scheduler(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("factory");
    }

    // ---- firing -------------------------------------------------------------------------------------------

    @Test
    void aFiringRunsTheSyncThroughTheFactoryAndHandsTheReportToJobListeners() throws Exception {
        Scheduler s = scheduler();
        AtomicInteger built = new AtomicInteger();
        QuartzSyncs syncs = QuartzSyncs.install(s, id -> {
            built.incrementAndGet();
            return runner(id);
        });
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));
        Instant next = syncs.nextRun(SYNC).orElseThrow();

        s.start();
        Await.until("the sync ran", DEADLINE, () -> !firings.firingsOf("tenant-1").isEmpty());

        Firing firing = firings.firingsOf("tenant-1").get(0);
        assertThat(firing.exception()).isNull();
        assertThat(firing.result()).isInstanceOfSatisfying(SyncReport.class, r -> {
            assertThat(r.syncId()).isEqualTo(SYNC);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.applied()).isGreaterThan(0);
        });
        assertThat(firing.scheduled()).isEqualTo(next);
        assertThat(built).hasValue(1);
        assertThat(syncs.nextRun(SYNC)).contains(next.plus(Duration.ofHours(1)));
    }

    @Test
    void theStoreRecordsQuartzsNextFiringAsTheSyncsNextDueTimeAndTheCadenceDecidesFullReads() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.install(s, this::runner);
        // every second run reads in full
        syncs.register(SYNC, SyncTrigger.every(Duration.ofSeconds(1)).firstRunWithin(Duration.ZERO)
                .fullEvery(2, Duration.ofDays(1)));

        s.start();
        Await.until("three runs", DEADLINE, () -> firings.firingsOf("tenant-1").size() >= 3);
        s.shutdown(true); // and the running firing, if any, has finished

        List<Firing> all = firings.firingsOf("tenant-1");
        Firing last = all.get(all.size() - 1);
        ScheduleState state = store.scheduleState(SYNC);
        assertThat(last.next()).isPresent();
        assertThat(state.nextDue()).isEqualTo(last.next());
        assertThat(state.lastFullRun()).isPresent();
        assertThat(all).extracting(f -> ((SyncReport) f.result()).mode())
                .startsWith(PlanMode.FULL).contains(PlanMode.INCREMENTAL);
    }

    @Test
    void aSyncTheHostNoLongerHasIsUnregisteredAtItsFiring() throws Exception {
        Scheduler s = scheduler();
        SyncId gone = SyncId.of("tenant-deleted");
        QuartzSyncs syncs = QuartzSyncs.install(s, id -> {
            if (id.equals(gone)) {
                throw new UnknownSyncException(id);
            }
            return runner(id);
        });
        syncs.register(gone, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));

        s.start();
        Await.until("the deleted tenant's sync is unregistered", DEADLINE, () -> !syncs.registered().contains(gone));
        Await.until("the other sync ran", DEADLINE, () -> !firings.firingsOf("tenant-1").isEmpty());

        assertThat(syncs.registered()).containsExactly(SYNC);
        assertThat(firings.firingsOf("tenant-deleted")).singleElement()
                .satisfies(f -> assertThat(f.exception()).isNull());
    }

    @Test
    void aFactoryThatThrowsLeavesTheSyncScheduledAndItRunsAtALaterFiring() throws Exception {
        Scheduler s = scheduler();
        AtomicInteger calls = new AtomicInteger();
        QuartzSyncs syncs = QuartzSyncs.install(s, id -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("tenant database unreachable");
            }
            return runner(id);
        });
        syncs.register(SYNC, SyncTrigger.every(Duration.ofSeconds(1)).firstRunWithin(Duration.ZERO));

        s.start();
        Await.until("a firing ran the sync", DEADLINE,
                () -> firings.firingsOf("tenant-1").stream().anyMatch(f -> f.result() instanceof SyncReport));

        List<Firing> all = firings.firingsOf("tenant-1");
        assertThat(all.subList(0, 2)).allSatisfy(f -> {
            assertThat(f.result()).isNull();
            assertThat(f.exception()).isNull();
        });
        assertThat(syncs.registered()).containsExactly(SYNC);
        assertThat(calls.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aFactoryThatReturnsAnotherSyncsRunnerRunsNothing() throws Exception {
        Scheduler s = scheduler();
        SyncRunner other = runner(SyncId.of("tenant-2"));
        QuartzSyncs syncs = QuartzSyncs.install(s, id -> other);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));

        s.start();
        Await.until("the sync fired", DEADLINE, () -> !firings.firingsOf("tenant-1").isEmpty());

        assertThat(firings.firingsOf("tenant-1").get(0).result()).isNull();
        assertThat(store.lastReport(SyncId.of("tenant-2"))).isEmpty();
        assertThat(syncs.registered()).containsExactly(SYNC);
    }

    @Test
    void aJobWhoseDataWasEditedRunsNothingAndNamesTheBadKey() throws Exception {
        Scheduler s = scheduler();
        AtomicInteger built = new AtomicInteger();
        QuartzSyncs.install(s, id -> {
            built.incrementAndGet();
            return runner(id);
        });
        JobDetail edited = JobBuilder.newJob(SyncJob.class).withIdentity(QuartzSyncs.jobKey(SYNC))
                .usingJobData("rostersync.syncId", "tenant-1").usingJobData("rostersync.fullEveryRuns", "often")
                .usingJobData("rostersync.fullAfter", "PT1H").usingJobData("rostersync.busyRetryAfter", "PT1M")
                .storeDurably().build();
        s.addJob(edited, false);

        s.start();
        s.triggerJob(QuartzSyncs.jobKey(SYNC));
        Await.until("the job fired", DEADLINE, () -> !firings.firingsOf("tenant-1").isEmpty());

        assertThat(firings.firingsOf("tenant-1").get(0).exception()).hasMessageContaining("rostersync.fullEveryRuns");
        assertThat(built).hasValue(0);
    }

    @Test
    void aNodeWithoutAFactoryRunsNothingSaysWhyAndKeepsTheSync() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO));

        s.start();
        Await.until("the sync fired", DEADLINE, () -> !firings.firingsOf("tenant-1").isEmpty());

        assertThat(firings.firingsOf("tenant-1").get(0).exception())
                .hasMessageContaining(QuartzSyncs.RUNNER_FACTORY_KEY).hasMessageContaining("no runner factory");
        assertThat(syncs.registered()).containsExactly(SYNC);
    }

    @Test
    void aFiringThatFindsTheSyncBusyIsTriedAgainUntilItRuns() throws Exception {
        Scheduler s = scheduler();
        // a node that died in the middle of a run still holds the lease for two seconds
        assertThat(store.tryAcquire(SYNC, "dead-node", Duration.ofSeconds(2), Instant.now())).isPresent();
        QuartzSyncs syncs = QuartzSyncs.install(s, this::runner);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).firstRunWithin(Duration.ZERO)
                .retryBusyAfter(Duration.ofSeconds(1)));
        Instant regular = syncs.nextRun(SYNC).orElseThrow();

        s.start();
        Await.until("a retry ran the sync", DEADLINE, () -> firings.firingsOf("tenant-1").stream()
                .anyMatch(f -> f.result() instanceof SyncReport r && r.status() == RunStatus.SUCCEEDED));

        List<Firing> all = firings.firingsOf("tenant-1");
        assertThat(all.get(0).result()).isInstanceOfSatisfying(SyncReport.class,
                r -> assertThat(r.status()).isEqualTo(RunStatus.BUSY));
        assertThat(all.get(all.size() - 1).scheduled()).isAfter(regular);
        assertThat(syncs.nextRun(SYNC)).contains(regular.plus(Duration.ofHours(1)));
        Await.until("the retry trigger is gone", DEADLINE,
                () -> retryTriggers(s).isEmpty());
    }

    @Test
    void aBusyFiringIsNotRetriedWhenItsRegularFiringComesFirst() throws Exception {
        Scheduler s = scheduler();
        assertThat(store.tryAcquire(SYNC, "another-runner", Duration.ofHours(1), Instant.now())).isPresent();
        QuartzSyncs syncs = QuartzSyncs.install(s, this::runner);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofSeconds(1)).firstRunWithin(Duration.ZERO)
                .retryBusyAfter(Duration.ofMinutes(1)));

        s.start();
        Await.until("two busy firings", DEADLINE, () -> firings.firingsOf("tenant-1").size() >= 2);

        assertThat(firings.firingsOf("tenant-1")).allSatisfy(f -> assertThat(f.result()).isInstanceOfSatisfying(
                SyncReport.class, r -> assertThat(r.status()).isEqualTo(RunStatus.BUSY)));
        assertThat(retryTriggers(s)).isEmpty();
    }

    @Test
    void busyFiringsOneAfterAnotherLeaveOneRetry() throws Exception {
        Scheduler s = scheduler();
        assertThat(store.tryAcquire(SYNC, "another-runner", Duration.ofHours(1), Instant.now())).isPresent();
        QuartzSyncs syncs = QuartzSyncs.install(s, this::runner);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofHours(1)).retryBusyAfter(Duration.ofMinutes(1)));

        s.start();
        s.triggerJob(QuartzSyncs.jobKey(SYNC));
        Await.until("a busy firing", DEADLINE, () -> firings.firingsOf("tenant-1").size() >= 1);
        s.triggerJob(QuartzSyncs.jobKey(SYNC));
        Await.until("another busy firing", DEADLINE, () -> firings.firingsOf("tenant-1").size() >= 2);

        assertThat(firings.firingsOf("tenant-1")).allSatisfy(f -> assertThat(f.result()).isInstanceOfSatisfying(
                SyncReport.class, r -> assertThat(r.status()).isEqualTo(RunStatus.BUSY)));
        assertThat(retryTriggers(s)).hasSize(1);
    }

    private static java.util.Set<org.quartz.TriggerKey> retryTriggers(Scheduler s) {
        try {
            return s.getTriggerKeys(GroupMatcher.triggerGroupEquals(QuartzSyncs.RETRY_GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- misfires -----------------------------------------------------------------------------------------

    /**
     * Registered with a clock 20 seconds behind, a one-second trigger has missed about twenty firings when the
     * scheduler starts: it fires once, now, then every second from there, never the missed ones in a burst.
     */
    @ParameterizedTest
    @ValueSource(strings = {"interval", "cron"})
    void missedFiringsFireOnceNowAndThenFollowTheTrigger(String kind) throws Exception {
        Scheduler s = scheduler();
        Map<SyncId, AtomicInteger> runs = new ConcurrentHashMap<>();
        SyncRunnerFactory factory = id -> {
            runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return runner(id);
        };
        QuartzSyncs syncs = QuartzSyncs.install(s, factory)
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-20)));
        SyncTrigger trigger = kind.equals("interval")
                ? SyncTrigger.every(Duration.ofSeconds(1)).firstRunWithin(Duration.ZERO)
                : SyncTrigger.cron("* * * * * ?", ZoneOffset.UTC);
        syncs.register(SYNC, trigger);
        assertThat(syncs.nextRun(SYNC).orElseThrow()).isBefore(Instant.now().minusSeconds(15));

        Instant started = Instant.now();
        s.start();
        Await.until("three firings", DEADLINE, () -> firings.firingsOf("tenant-1").size() >= 3);

        List<Instant> scheduled = firings.firingsOf("tenant-1").stream().map(Firing::scheduled).limit(3).toList();
        // a burst would fire the missed firings, scheduled up to 20 seconds before the start
        assertThat(scheduled).allSatisfy(t -> assertThat(t).isAfterOrEqualTo(started.minusMillis(1)));
        assertThat(scheduled.get(1)).isAfter(scheduled.get(0));
        assertThat(Duration.between(scheduled.get(1), scheduled.get(2))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void triggersUseTheFireOnceMisfireInstructions() throws Exception {
        Scheduler s = scheduler();
        QuartzSyncs syncs = QuartzSyncs.on(s);
        syncs.register(SYNC, SyncTrigger.every(Duration.ofMinutes(5)));
        SyncId cron = SyncId.of("tenant-cron");
        syncs.register(cron, SyncTrigger.cron("0 0 * * * ?", ZoneOffset.UTC));

        assertThat(trigger(s, SYNC).getMisfireInstruction())
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT);
        assertThat(trigger(s, cron).getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    }
}
