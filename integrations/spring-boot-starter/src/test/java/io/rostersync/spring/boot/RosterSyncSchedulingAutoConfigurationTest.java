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
}
