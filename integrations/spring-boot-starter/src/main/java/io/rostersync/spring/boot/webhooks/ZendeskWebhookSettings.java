package io.rostersync.spring.boot.webhooks;

import org.jspecify.annotations.Nullable;

/**
 * One {@code rostersync.webhooks.zendesk.<sync-id>} group.
 *
 * @param signingSecret the webhook's signing secret from Zendesk (required; take it from the environment, e.g.
 *                      {@code ${ZENDESK_WEBHOOK_SECRET}}); masked in {@code /actuator/env} and
 *                      {@code /actuator/configprops}, never logged
 * @param path          the path Zendesk posts to; {@code /rostersync/webhooks/zendesk/<sync-id>} by default
 * @since 0.3.0
 */
public record ZendeskWebhookSettings(@Nullable String signingSecret, @Nullable String path) {

    @Override
    public String toString() {
        return "ZendeskWebhookSettings[signingSecret=" + (signingSecret == null ? "unset" : "******") + ", path=" + path + "]";
    }
}
