package io.rostersync.spring.boot.webhooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The webhook endpoints under {@code rostersync.webhooks}: one Zendesk endpoint per sync, keyed by the sync's id.
 *
 * <pre>
 * rostersync.webhooks.zendesk.zendesk-to-app.signing-secret=${ZENDESK_WEBHOOK_SECRET}
 * rostersync.webhooks.zendesk.zendesk-to-app.path=/hooks/zendesk      # optional
 * rostersync.webhooks.zendesk.zendesk-to-app.window=2s                # optional, 1s by default
 * rostersync.webhooks.zendesk.zendesk-to-app.flood-threshold=500      # optional, 200 by default
 * </pre>
 *
 * @param zendesk Zendesk webhook endpoints by sync id, each with: signing-secret (required, the webhook's signing
 *                secret from Zendesk, e.g. ${ZENDESK_WEBHOOK_SECRET}); path (the path Zendesk posts to, default
 *                /rostersync/webhooks/zendesk/ followed by the sync id); window (how long the users of accepted events are gathered
 *                before one named sync, positive and at most an hour, default 1s); flood-threshold (more distinct users
 *                than this in one window run one incremental sync instead, 1 to 1000, default 200)
 * @since 0.3.0
 */
@ConfigurationProperties("rostersync.webhooks")
public record ZendeskWebhooksProperties(@Nullable Map<String, ZendeskWebhookSettings> zendesk) {

    /**
     * Copies the map.
     *
     * @param zendesk the Zendesk endpoints by sync id, or {@code null} for none
     */
    public ZendeskWebhooksProperties {
        zendesk = zendesk == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(zendesk));
    }

    /**
     * The Zendesk endpoints by sync id, in the order they were declared.
     *
     * @return the endpoints' settings; empty when none is configured
     */
    @Override
    public Map<String, ZendeskWebhookSettings> zendesk() {
        return Objects.requireNonNull(zendesk);
    }
}
