package io.rostersync.spring.boot.actuate;

import io.rostersync.spring.boot.RosterSyncAutoConfiguration;
import io.rostersync.spring.boot.RosterSyncProperties;
import io.rostersync.spring.boot.RosterSyncs;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code rostersync} health indicator (unless {@code management.health.rostersync.enabled=false}) and the
 * {@code rostersync} endpoint (when exposed, e.g. {@code management.endpoints.web.exposure.include=health,rostersync}),
 * when Actuator is on the classpath. Each backs off when the application declares its own bean of that type.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = RosterSyncAutoConfiguration.class)
@ConditionalOnBean(RosterSyncs.class)
public class RosterSyncActuatorAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public RosterSyncActuatorAutoConfiguration() {
    }

    /** The health indicator, named {@code rostersync}, when Spring Boot's health support is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
            "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
    static class HealthConfiguration {

        // nested, so that its condition's class is loaded only when the classes above are there
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnEnabledHealthIndicator("rostersync")
        static class EnabledHealthConfiguration {

            @Bean
            @ConditionalOnMissingBean(RosterSyncHealthIndicator.class)
            RosterSyncHealthIndicator rostersyncHealthIndicator(RosterSyncs syncs, RosterSyncProperties properties) {
                RosterSyncProperties.Health health = properties.getHealth();
                return new RosterSyncHealthIndicator(syncs, status(health.getFailedStatus(), "failed-status"),
                        status(health.getOverdueStatus(), "overdue-status"), health.getOverdueGrace(),
                        properties.getScheduling().isEnabled(), Clock.systemUTC());
            }

            private static Status status(String code, String property) {
                String c = code.trim().toUpperCase(java.util.Locale.ROOT);
                if (c.isEmpty()) {
                    throw new IllegalArgumentException("rostersync.health." + property
                            + " must be a health status such as DOWN or OUT_OF_SERVICE");
                }
                return new Status(c);
            }
        }
    }

    /** The endpoint {@code rostersync}, when Actuator's endpoint support is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
            "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
    static class EndpointConfiguration {

        // nested, so that its condition's class is loaded only when the classes above are there
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnAvailableEndpoint(RosterSyncEndpoint.class)
        static class AvailableEndpointConfiguration {

            @Bean
            @ConditionalOnMissingBean
            RosterSyncEndpoint rosterSyncEndpoint(RosterSyncs syncs, RosterSyncProperties properties) {
                return new RosterSyncEndpoint(syncs, properties.getEndpoint().getRuns());
            }
        }
    }
}
