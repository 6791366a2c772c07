package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.engine.RunOptions;
import io.rostersync.micrometer.RosterSyncMetrics;
import io.rostersync.model.SyncId;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.testkit.InMemoryLicensePool;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RosterSyncMetricsAutoConfigurationTest {

    private static final SyncId HR_TO_APP = SyncId.of("hr-to-app");

    private final ApplicationContextRunner runner = Fixtures.runner()
            .withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class);

    @Test
    void withAMeterRegistryEveryRunIsMetered() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(RosterSyncMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(context.getBean(RosterSyncMetrics.class).registry()).isSameAs(registry);
            context.getBean(RosterSyncs.class).runnerFor(HR_TO_APP).run(RunOptions.defaults());
            assertThat(registry.get(RosterSyncMetrics.RUNS).tag("status", "succeeded").timer().count()).isEqualTo(1);
            assertThat(registry.find(RosterSyncMetrics.RUNS).tag(RosterSyncMetrics.SYNC_TAG, "hr-to-app").timer()).isNull();
        });
    }

    @Test
    void withBootsOwnMetricsAutoConfigurationTheBinderUsesItsRegistry() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class)).run(context -> {
                    assertThat(context).hasSingleBean(RosterSyncMetrics.class);
                    context.getBean(RosterSyncs.class).runnerFor(HR_TO_APP).run(RunOptions.defaults());
                    assertThat(context.getBean(MeterRegistry.class).get(RosterSyncMetrics.RUNS).timer().count()).isEqualTo(1);
                });
    }

    @Test
    void syncIdTagsWhenAskedFor() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("rostersync.metrics.tag-sync-ids=true")
                .run(context -> {
                    context.getBean(RosterSyncs.class).runnerFor(HR_TO_APP).run(RunOptions.defaults());
                    assertThat(context.getBean(MeterRegistry.class).get(RosterSyncMetrics.RUNS)
                            .tag(RosterSyncMetrics.SYNC_TAG, "hr-to-app").timer().count()).isEqualTo(1);
                });
    }

    @Test
    void licencePoolsAreMeteredToo() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("agent", 10);
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(SyncDefinition.class, () -> SyncDefinition.builder("licensed").source(Fixtures.directory("hr", 2))
                        .target(Fixtures.directory("app", 0)).policy(SyncPolicy.builder().license(LicenseRule.everyone("agent")).build())
                        .licensePool(seats).build())
                .run(context -> {
                    context.getBean(RosterSyncs.class).runnerFor(SyncId.of("licensed")).run(RunOptions.defaults());
                    assertThat(context.getBean(MeterRegistry.class).get(RosterSyncMetrics.LICENSE_SEATS)
                            .tag("license", "agent").tag("state", "used").gauge().value()).isEqualTo(2.0);
                });
    }

    @Test
    void withoutARegistryBeanThereIsNoBinder() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RosterSyncMetrics.class)
                .doesNotHaveBean(SyncInstrumentation.class));
    }

    @Test
    void withoutMicrometerOnTheClasspathThereIsNoBinderAndTheSyncsStillRun() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RosterSyncMetrics.class);
            assertThat(context.getBean(RosterSyncs.class).runnerFor(HR_TO_APP).run(RunOptions.defaults()).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
        });
    }

    @Test
    void withoutRostersyncMicrometerThereIsNoBinder() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(RosterSyncMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("rosterSyncMetrics"));
    }

    @Test
    void theHostsOwnBinderIsTheOneRunsUse() {
        SimpleMeterRegistry own = new SimpleMeterRegistry();
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(RosterSyncMetrics.class, () -> RosterSyncMetrics.builder(own).tagSyncIds().build())
                .run(context -> {
                    context.getBean(RosterSyncs.class).runnerFor(HR_TO_APP).run(RunOptions.defaults());
                    assertThat(own.get(RosterSyncMetrics.RUNS).tag(RosterSyncMetrics.SYNC_TAG, "hr-to-app").timer().count()).isEqualTo(1);
                    assertThat(context.getBean(MeterRegistry.class).find(RosterSyncMetrics.RUNS).timer()).isNull();
                });
    }
}
