package io.rostersync.zendesk.webhooks;

import io.rostersync.model.NativeId;
import java.util.Objects;

/**
 * What an accepted Zendesk user event says: which user to sync now, and nothing of the user's content.
 *
 * @param userId    the Zendesk user id, from the event's {@code subject} ({@code zen:user:<id>})
 * @param eventType the event type, e.g. {@code zen:event-type:user.active_changed}; for logs and metrics only,
 *                  the sync re-reads the user whatever the type
 * @param eventId   Zendesk's id of the event (unique per event; the receiver refuses it a second time)
 * @since 0.2.0
 */
public record UserEventHint(NativeId userId, String eventType, String eventId) {

    /**
     * Checks the parts.
     *
     * @param userId    the Zendesk user id
     * @param eventType the event type, starting with {@code zen:event-type:user.}
     * @param eventId   the event's id, not blank
     * @throws IllegalArgumentException when the event type is not a user event type or the event id is blank
     */
    public UserEventHint {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventId, "eventId");
        if (!eventType.startsWith(ZendeskWebhookReceiver.USER_EVENT_PREFIX)) {
            throw new IllegalArgumentException("not a user event type: " + eventType);
        }
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("event id is blank");
        }
    }
}
