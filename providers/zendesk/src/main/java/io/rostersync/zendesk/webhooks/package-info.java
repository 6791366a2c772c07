/**
 * Zendesk's signed user-event webhooks as hints to sync a user now.
 *
 * <p>{@link io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver} is framework neutral: a servlet, a Spring
 * controller or any HTTP server hands it the request's headers and raw body and answers with the status the
 * {@link io.rostersync.zendesk.webhooks.WebhookOutcome} suggests. An accepted event yields only the Zendesk
 * user id and the event type ({@link io.rostersync.zendesk.webhooks.UserEventHint}); nothing else of the payload
 * is read, so a payload is never written anywhere: the user is re-read from Zendesk by the sync it triggers.
 */
@NullMarked
package io.rostersync.zendesk.webhooks;

import org.jspecify.annotations.NullMarked;
