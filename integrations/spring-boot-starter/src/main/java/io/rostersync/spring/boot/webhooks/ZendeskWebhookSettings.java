package io.rostersync.spring.boot.webhooks;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One {@code rostersync.webhooks.zendesk.<sync-id>} group. Every part but the signing secret may be left out;
 * {@link ZendeskWebhookEndpoints#create} checks the parts at start-up.
 *
 * @param signingSecret  the webhook's signing secret from Zendesk (required; take it from the environment, e.g.
 *                       {@code ${ZENDESK_WEBHOOK_SECRET}}); masked in {@code /actuator/env} and
 *                       {@code /actuator/configprops}, never logged
 * @param path           the path Zendesk posts to; {@code /rostersync/webhooks/zendesk/<sync-id>} by default
 * @param window         how long the sync's {@code UserHints} gathers the users of accepted events before it syncs
 *                       them by name in one named sync: positive, at most an hour; 1s by default
 * @param floodThreshold more distinct users than this in one window run one incremental sync instead of a named
 *                       one: 1 to 1,000 (what one named sync takes); 200 by default
 * @since 0.3.0
 */
public record ZendeskWebhookSettings(@Nullable String signingSecret, @Nullable String path, @Nullable Duration window,
                                     @Nullable Integer floodThreshold) {

    /**
     * All parts; a part left out ({@code null}) takes its default.
     *
     * @param signingSecret  the webhook's signing secret from Zendesk
     * @param path           the path Zendesk posts to
     * @param window         how long users are gathered before one named sync
     * @param floodThreshold more distinct users than this in one window run one incremental sync instead
     * @since 0.3.0
     */
    @ConstructorBinding
    public ZendeskWebhookSettings {
    }

    /**
     * The signing secret and path, with the default window and flood threshold.
     *
     * @param signingSecret the webhook's signing secret from Zendesk
     * @param path          the path Zendesk posts to; {@code null} for the default
     */
    public ZendeskWebhookSettings(@Nullable String signingSecret, @Nullable String path) {
        this(signingSecret, path, null, null);
    }

    @Override
    public String toString() {
        return "ZendeskWebhookSettings[signingSecret=" + (signingSecret == null ? "unset" : "******") + ", path=" + path
                + ", window=" + window + ", floodThreshold=" + floodThreshold + "]";
    }
}
