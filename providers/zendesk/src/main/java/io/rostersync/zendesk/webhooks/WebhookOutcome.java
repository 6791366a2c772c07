package io.rostersync.zendesk.webhooks;

import java.util.Objects;

/**
 * What {@link ZendeskWebhookReceiver#receive} made of one request: an accepted user hint, or a rejection
 * with its reason. Immutable; holds no header, secret or payload content.
 *
 * @since 0.2.0
 */
public sealed interface WebhookOutcome {

    /**
     * The HTTP status to answer the request with: 200 for an accepted event, else the reason's.
     *
     * @return the status
     */
    int suggestedStatus();

    /**
     * An authentic, fresh, first-seen user event.
     *
     * @param hint the user to sync and the event type
     */
    record Accepted(UserEventHint hint) implements WebhookOutcome {
        /**
         * Checks the hint is present.
         *
         * @param hint the user to sync and the event type
         */
        public Accepted {
            Objects.requireNonNull(hint, "hint");
        }

        @Override
        public int suggestedStatus() {
            return 200;
        }
    }

    /**
     * A refused request; nothing of it was kept.
     *
     * @param reason why
     */
    record Rejected(RejectionReason reason) implements WebhookOutcome {
        /**
         * Checks the reason is present.
         *
         * @param reason why
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int suggestedStatus() {
            return reason.suggestedStatus();
        }
    }
}
