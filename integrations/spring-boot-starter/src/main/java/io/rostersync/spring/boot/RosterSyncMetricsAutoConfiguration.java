package io.rostersync.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.rostersync.micrometer.RosterSyncMetrics;
import io.rostersync.spring.boot.internal.MetricsInstrumentation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every sync, when {@code rostersync-micrometer} is on the classpath and the application
 * has a {@link MeterRegistry}: a {@link RosterSyncMetrics} bean (tagged by sync id when
 * {@code rostersync.metrics.tag-sync-ids=true}) whose listener and licence pools every runner gets.
 *
 * @since 0.2.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, RosterSyncMetrics.class})
@ConditionalOnSingleCandidate(MeterRegistry.class)
@EnableConfigurationProperties(RosterSyncProperties.class)
public class RosterSyncMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public RosterSyncMetricsAutoConfiguration() {
    }

    /**
     * The binder.
     *
     * @param registry   the application's registry
     * @param properties {@code rostersync.metrics.*}
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    public RosterSyncMetrics rosterSyncMetrics(MeterRegistry registry, RosterSyncProperties properties) {
        RosterSyncMetrics.Builder builder = RosterSyncMetrics.builder(registry);
        if (properties.getMetrics().isTagSyncIds()) {
            builder.tagSyncIds();
        }
        return builder.build();
    }

    /**
     * Gives every runner the binder's listener and pools.
     *
     * @param metrics the binder (the application's own, when it declares one)
     * @return the instrumentation
     */
    @Bean
    public SyncInstrumentation rosterSyncMetricsInstrumentation(RosterSyncMetrics metrics) {
        return new MetricsInstrumentation(metrics);
    }
}
