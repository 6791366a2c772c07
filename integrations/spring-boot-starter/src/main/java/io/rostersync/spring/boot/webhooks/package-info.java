/**
 * Webhook endpoints of the starter: Zendesk's signed user events turned into named syncs
 * ({@code rostersync.webhooks.zendesk.<sync-id>.*}).
 *
 * @since 0.3.0
 */
@NullMarked
package io.rostersync.spring.boot.webhooks;

import org.jspecify.annotations.NullMarked;
