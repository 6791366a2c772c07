package io.rostersync.spring.boot.connections;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Vendor connections from configuration properties: each {@code rostersync.connections.<name>.<vendor>.*} group
 * (vendor {@code zendesk}, {@code talkdesk}, {@code salesforce} or {@code scim}) becomes a
 * {@link io.rostersync.spi.UserDirectory} bean named {@code <name>}, unless the application defines a bean of that
 * name itself. A missing or invalid setting, or a connection whose provider is not on the classpath, stops the
 * application from starting with a {@link ConnectionConfigurationException} naming the property. With
 * spring-boot-actuator present, the connections' credentials are masked in {@code /actuator/env} and
 * {@code /actuator/configprops} even when those endpoints are configured to show values.
 *
 * @since 0.2.0
 */
@AutoConfiguration
@EnableConfigurationProperties(ConnectionsProperties.class)
public class RosterSyncConnectionsAutoConfiguration {

    /** Created by Spring Boot. */
    public RosterSyncConnectionsAutoConfiguration() {
    }

    /**
     * Registers the connections' beans once the application's own bean definitions are known.
     *
     * @param environment where the properties come from
     * @param resources   reads a {@code private-key-location}; its class loader tells which providers are present
     * @return the post-processor
     */
    @Bean
    static ConnectionRegistrar rostersyncConnectionRegistrar(Environment environment, ResourceLoader resources) {
        return new ConnectionRegistrar(environment, resources);
    }

    /** Masks the connections' credentials in the Actuator's {@code env} and {@code configprops} endpoints. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Sanitizing {

        @Bean
        SanitizingFunction rostersyncConnectionSecretsSanitizer(Environment environment) {
            return new ConnectionSecretsSanitizer(environment);
        }
    }
}
