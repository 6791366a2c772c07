package io.rostersync.spring.boot.webhooks;

import io.rostersync.spring.boot.RosterSyncAutoConfiguration;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Zendesk webhook endpoints for syncs, in a Spring MVC application with {@code rostersync-zendesk} on the
 * classpath, when at least one {@code rostersync.webhooks.zendesk.<sync-id>.signing-secret} is set:
 *
 * <pre>
 * rostersync.webhooks.zendesk.zendesk-to-app.signing-secret=${ZENDESK_WEBHOOK_SECRET}
 * rostersync.webhooks.zendesk.zendesk-to-app.path=/hooks/zendesk   # optional
 * rostersync.webhooks.zendesk.zendesk-to-app.window=2s               # optional, 1s by default
 * rostersync.webhooks.zendesk.zendesk-to-app.flood-threshold=500     # optional, 200 by default
 * </pre>
 *
 * Each accepted, signed user event becomes a hint to sync that user by name within a second; see
 * {@link ZendeskWebhookEndpoints}. A sync id that is not one of the application's syncs stops start-up with a
 * message naming it, as does a window or flood threshold out of range (see {@link ZendeskWebhooksProperties}). With Actuator, the signing secrets are masked in {@code /actuator/env} and
 * {@code /actuator/configprops}.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = RosterSyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RouterFunction.class, ZendeskWebhookReceiver.class})
@Conditional(RosterSyncZendeskWebhooksAutoConfiguration.OnZendeskWebhooks.class)
@EnableConfigurationProperties(ZendeskWebhooksProperties.class)
public class RosterSyncZendeskWebhooksAutoConfiguration {

    /** The properties' prefix. */
    public static final String PREFIX = "rostersync.webhooks.zendesk";

    /** Created by Spring Boot. */
    public RosterSyncZendeskWebhooksAutoConfiguration() {
    }

    /**
     * The endpoints, closed with the application context.
     *
     * @param syncs      the application's syncs
     * @param properties the endpoints' settings
     * @return the endpoints
     */
    @Bean(destroyMethod = "close")
    ZendeskWebhookEndpoints rostersyncZendeskWebhooks(RosterSyncs syncs, ZendeskWebhooksProperties properties) {
        return ZendeskWebhookEndpoints.create(syncs, properties.zendesk());
    }

    /**
     * The routes Spring MVC serves.
     *
     * @param endpoints the endpoints
     * @return their router function
     */
    @Bean
    RouterFunction<ServerResponse> rostersyncZendeskWebhookRoutes(ZendeskWebhookEndpoints endpoints) {
        return endpoints.routes();
    }

    /** Masks the signing secrets, by key and by value, with Actuator present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class Masking {
        @Bean
        SanitizingFunction rostersyncWebhookSecretsSanitizer(ZendeskWebhooksProperties properties) {
            java.util.List<String> secrets = properties.zendesk().values().stream()
                    .map(ZendeskWebhookSettings::signingSecret)
                    .filter(v -> v != null && !v.isBlank()).map(v -> v.strip()).toList();
            return data -> mask(data, secrets);
        }

        private static SanitizableData mask(SanitizableData data, java.util.List<String> secrets) {
            String k = data.getLowerCaseKey().toLowerCase(Locale.ROOT);
            boolean ours = k.startsWith("rostersync.webhooks.") || k.startsWith("rostersync_webhooks_");
            if (ours && (k.endsWith("secret") || k.endsWith("signingsecret"))) {
                return data.withSanitizedValue();
            }
            Object value = data.getValue();
            if (value != null) {
                String text = value.toString();
                for (String s : secrets) {
                    if (text.equals(s) || (s.length() >= 8 && text.contains(s))) {
                        return data.withSanitizedValue();
                    }
                }
            }
            return data;
        }
    }

    /** Matches when some {@code rostersync.webhooks.zendesk.<sync-id>} group is set. */
    static final class OnZendeskWebhooks extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> groups = Binder.get(context.getEnvironment())
                    .bind(PREFIX, Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
            return groups.isEmpty() ? ConditionOutcome.noMatch("no " + PREFIX + ".<sync-id> properties")
                    : ConditionOutcome.match(PREFIX + " " + groups.keySet());
        }
    }
}
