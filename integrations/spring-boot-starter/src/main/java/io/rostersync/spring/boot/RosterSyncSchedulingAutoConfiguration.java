package io.rostersync.spring.boot;

import io.rostersync.engine.SyncScheduler;
import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.spring.boot.internal.InProcessSyncs;
import io.rostersync.spring.boot.internal.QuartzRegistration;
import java.time.Clock;
import org.quartz.Scheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the syncs of {@link RosterSyncs} on their schedules, unless {@code rostersync.scheduling.enabled=false}:
 * under the application's Quartz {@code Scheduler} when there is one and {@code rostersync-quartz} is on the
 * classpath (each sync registered with {@link QuartzSyncs#register}, idempotently, so every node may start at
 * once; clustered whenever the application's Quartz is), otherwise with the in-process {@link SyncScheduler},
 * closed when the application stops.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = RosterSyncAutoConfiguration.class,
        afterName = "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration")
@ConditionalOnBooleanProperty(name = "rostersync.scheduling.enabled", matchIfMissing = true)
public class RosterSyncSchedulingAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public RosterSyncSchedulingAutoConfiguration() {
    }

    /** Quartz: the runner factory in the scheduler's context, every sync registered. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Scheduler.class, QuartzSyncs.class})
    @ConditionalOnBean(Scheduler.class)
    static class QuartzSchedulingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        QuartzSyncs rosterQuartzSyncs(Scheduler scheduler, RosterSyncs syncs) {
            return QuartzRegistration.register(scheduler, syncs);
        }
    }

    /** In-process: without a Quartz scheduler, or without rostersync-quartz. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NoQuartzScheduling.class)
    static class InProcessSchedulingConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        SyncScheduler rosterSyncScheduler(RosterSyncProperties properties) {
            return new SyncScheduler(InProcessSyncs.executor(properties.getScheduling().getThreads()), Clock.systemUTC(),
                    System.nanoTime());
        }

        @Bean
        InProcessSyncs rosterInProcessSyncs(SyncScheduler scheduler, RosterSyncs syncs, RosterSyncProperties properties) {
            return new InProcessSyncs(scheduler, syncs, properties.getScheduling().getThreads());
        }
    }

    /** No Quartz scheduler bean, or no rostersync-quartz: the in-process scheduler runs the syncs. */
    static class NoQuartzScheduling extends AnyNestedCondition {

        NoQuartzScheduling() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnMissingClass("io.rostersync.quartz.QuartzSyncs")
        static class NoAdapter {
        }

        @ConditionalOnMissingBean(type = "org.quartz.Scheduler")
        static class NoSchedulerBean {
        }
    }
}
