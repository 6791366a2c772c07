package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spring.boot.internal.InProcessSyncs;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quartz.Scheduler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Timeout(120)
class RosterSyncSchedulingAutoConfigurationTest {

    private static final SyncId HR_TO_APP = SyncId.of("hr-to-app");

    private final ApplicationContextRunner scheduled = new ApplicationContextRunner()
            .withConfiguration(Fixtures.STARTER)
            .withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class, Fixtures.Recording.class);

    @Test
    void withoutQuartzTheInProcessSchedulerRunsEverySync() {
        scheduled.run(context -> {
            assertThat(context).hasSingleBean(SyncScheduler.class).doesNotHaveBean(QuartzSyncs.class);
            assertThat(context.getBean(InProcessSyncs.class).scheduled()).containsExactly(HR_TO_APP);
            assertThat(context.getBean(Fixtures.Finished.class).awaitFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(context.getBean("app", InMemoryUserDirectory.class).size()).isEqualTo(3);
            // a scheduled run: it recorded when the sync is due next
            Instant due = context.getBean(SyncStateStore.class).scheduleState(HR_TO_APP).nextDue().orElseThrow();
            assertThat(due).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        });
    }

    @Test
    void theInProcessSchedulerIsClosedWithTheApplication() {
        SyncScheduler[] scheduler = new SyncScheduler[1];
        scheduled.withPropertyValues("rostersync.syncs.later.source=hr", "rostersync.syncs.later.target=app",
                "rostersync.syncs.later.every=1h", "rostersync.syncs.later.first-delay=1h").run(context -> {
            scheduler[0] = context.getBean(SyncScheduler.class);
            assertThat(context.getBean(InProcessSyncs.class).scheduled()).contains(SyncId.of("later"));
        });
        assertThatThrownBy(() -> scheduler[0].schedule(
                io.rostersync.engine.SyncRunner.builder().syncId(SyncId.of("x")).source(Fixtures.directory("a", 0))
                        .target(Fixtures.directory("b", 0)).stateStore(new io.rostersync.testkit.InMemorySyncStateStore()).build(),
                Schedule.every(Duration.ofHours(1)), r -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void theInProcessExecutorDropsPlannedRunsAtShutdownSoThatTheApplicationStopsAtOnce() throws Exception {
        java.util.concurrent.ScheduledExecutorService executor = InProcessSyncs.executor(1);
        java.util.concurrent.Future<?> unused = executor.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.HOURS);
        executor.shutdown();
        // a run planned an hour ahead must not keep the executor (and the application's shutdown) waiting
        assertThat(executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withTheApplicationsQuartzEverySyncIsRegisteredThereAndRunsThroughIt() {
        scheduled.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class)).run(context -> {
            assertThat(context).hasSingleBean(QuartzSyncs.class).doesNotHaveBean(SyncScheduler.class)
                    .doesNotHaveBean(InProcessSyncs.class);
            Scheduler quartz = context.getBean(Scheduler.class);
            assertThat(quartz.checkExists(QuartzSyncs.jobKey(HR_TO_APP))).isTrue();
            assertThat(quartz.getContext().get(QuartzSyncs.RUNNER_FACTORY_KEY)).isSameAs(context.getBean(RosterSyncs.class));
            assertThat(context.getBean(Fixtures.Finished.class).awaitFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(context.getBean("app", InMemoryUserDirectory.class).size()).isEqualTo(3);
        });
    }

    @Test
    void registeringWithQuartzIsIdempotentAcrossRestarts() {
        scheduled.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
                .withPropertyValues("rostersync.scheduling.enabled=true").run(context -> {
                    QuartzSyncs quartz = context.getBean(QuartzSyncs.class);
                    assertThat(quartz.registered()).containsExactly(HR_TO_APP);
                    // a second registration of the same syncs (another node, a restart) changes nothing
                    assertThat(io.rostersync.spring.boot.internal.QuartzRegistration
                            .register(context.getBean(Scheduler.class), context.getBean(RosterSyncs.class)).registered())
                            .containsExactly(HR_TO_APP);
                });
    }

    @Test
    void withoutTheQuartzClassesTheInProcessSchedulerIsUsed() {
        scheduled.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(Scheduler.class)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(SyncScheduler.class).doesNotHaveBean(QuartzSyncs.class);
                    assertThat(context.getBean(Fixtures.Finished.class).awaitFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
                });
    }

    @Test
    void withQuartzButWithoutRostersyncQuartzTheInProcessSchedulerIsUsed() {
        scheduled.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(QuartzSyncs.class)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Scheduler.class).hasSingleBean(SyncScheduler.class)
                            .doesNotHaveBean(QuartzSyncs.class);
                    assertThat(context.getBean(Scheduler.class).checkExists(QuartzSyncs.jobKey(HR_TO_APP))).isFalse();
                });
    }

    @Test
    void schedulingOffSchedulesNothing() {
        scheduled.withPropertyValues("rostersync.scheduling.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SyncScheduler.class).doesNotHaveBean(QuartzSyncs.class)
                    .doesNotHaveBean(InProcessSyncs.class);
            assertThat(context.getBean(Fixtures.Finished.class).reports).isEmpty();
        });
        scheduled.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
                .withPropertyValues("rostersync.scheduling.enabled=false").run(context -> {
                    assertThat(context).doesNotHaveBean(QuartzSyncs.class);
                    assertThat(context.getBean(Scheduler.class).checkExists(QuartzSyncs.jobKey(HR_TO_APP))).isFalse();
                });
    }

    @Test
    void theHostsOwnSchedulerIsUsed() {
        SyncScheduler own = new SyncScheduler(1, java.time.Clock.systemUTC(), 1);
        scheduled.withBean(SyncScheduler.class, () -> own).run(context -> {
            assertThat(context.getBean(SyncScheduler.class)).isSameAs(own);
            assertThat(context.getBean(Fixtures.Finished.class).awaitFirst().status()).isEqualTo(RunStatus.SUCCEEDED);
        });
    }

    @Test
    void aCronSyncFromPropertiesRunsInProcessAndRecordsTheNextFiring() {
        new ApplicationContextRunner().withConfiguration(Fixtures.STARTER)
                .withUserConfiguration(Fixtures.Database.class, Fixtures.Recording.class, Directories.class)
                .withPropertyValues("rostersync.syncs.every-second.source=people", "rostersync.syncs.every-second.target=accounts",
                        "rostersync.syncs.every-second.cron=* * * * * *", "rostersync.syncs.every-second.zone=Europe/Berlin")
                .run(context -> {
                    SyncDefinition sync = context.getBean(RosterSyncs.class).definition(SyncId.of("every-second")).orElseThrow();
                    assertThat(sync.trigger().cronExpression()).contains("* * * * * *");
                    assertThat(sync.trigger().zone()).contains(java.time.ZoneId.of("Europe/Berlin"));
                    io.rostersync.spi.SyncReport first = context.getBean(Fixtures.Finished.class).awaitFirst();
                    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
                    Instant due = context.getBean(SyncStateStore.class).scheduleState(SyncId.of("every-second")).nextDue().orElseThrow();
                    // the cron's next firing, a whole second after the run started
                    assertThat(due).isAfter(first.startedAt()).isBefore(first.startedAt().plusSeconds(3));
                    assertThat(due.toEpochMilli() % 1000).isZero();
                });
    }

    @Test
    void aCronZoneDefaultsToUtc() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.nightly.source=people", "rostersync.syncs.nightly.target=accounts",
                        "rostersync.syncs.nightly.cron=0 0 2 * * ?", "rostersync.syncs.nightly.full-every-runs=2")
                .run(context -> {
                    SyncDefinition sync = context.getBean(RosterSyncs.class).definition(SyncId.of("nightly")).orElseThrow();
                    assertThat(sync.trigger().zone()).contains(java.time.ZoneOffset.UTC);
                    assertThat(sync.trigger().fullEveryRuns()).isEqualTo(2);
                });
    }

    @Test
    void aQuartzOnlyCronExpressionFailsStartUpInProcessSayingWhatToDo() {
        new ApplicationContextRunner().withConfiguration(Fixtures.STARTER)
                .withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.yearly.source=people", "rostersync.syncs.yearly.target=accounts",
                        "rostersync.syncs.yearly.cron=0 0 2 1 1 ? 2099")
                .run(context -> assertThat(RosterSyncAutoConfigurationTest.find(context.getStartupFailure(),
                                io.rostersync.spi.InvalidConfigurationException.class))
                        .hasMessageContaining("sync 'yearly' has the cron expression '0 0 2 1 1 ? 2099'")
                        .hasMessageContaining("six fields").hasMessageContaining("spring-boot-starter-quartz"));
    }

    @Test
    void aCronSyncIsRegisteredWithQuartzAsACronTrigger() {
        new ApplicationContextRunner().withConfiguration(Fixtures.STARTER)
                .withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
                .withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.yearly.source=people", "rostersync.syncs.yearly.target=accounts",
                        "rostersync.syncs.yearly.cron=0 0 2 1 1 ? 2099", "rostersync.syncs.yearly.zone=Asia/Tokyo")
                .run(context -> {
                    org.quartz.Trigger trigger = context.getBean(Scheduler.class).getTrigger(QuartzSyncs.triggerKey(SyncId.of("yearly")));
                    assertThat(trigger).isInstanceOf(org.quartz.CronTrigger.class);
                    assertThat(((org.quartz.CronTrigger) trigger).getCronExpression()).isEqualTo("0 0 2 1 1 ? 2099");
                    assertThat(((org.quartz.CronTrigger) trigger).getTimeZone().getID()).isEqualTo("Asia/Tokyo");
                });
    }

    @Test
    void anIntervalAndACronTogetherFailStartUp() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.both.source=people", "rostersync.syncs.both.target=accounts",
                        "rostersync.syncs.both.cron=0 0 2 * * ?", "rostersync.syncs.both.every=1h")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("set either rostersync.syncs.both.cron or rostersync.syncs.both.every"));
    }

    /** Directories "people" (2 users) and "accounts". */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Directories {
        @org.springframework.context.annotation.Bean
        InMemoryUserDirectory people() {
            return Fixtures.directory("people", 2);
        }

        @org.springframework.context.annotation.Bean
        InMemoryUserDirectory accounts() {
            return Fixtures.directory("accounts", 0);
        }
    }
}
