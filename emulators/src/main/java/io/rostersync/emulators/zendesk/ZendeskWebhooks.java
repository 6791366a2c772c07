package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.zendesk.internal.UserEvents;
import io.rostersync.emulators.zendesk.internal.ZendeskRoutes;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Webhooks of a {@link ZendeskEmulator}'s own account subscribed to its user events, as Zendesk sends them: a
 * signed {@code POST} of a JSON event (schema version 2022-06-20) for each user created or changed through the
 * API or the emulator's admin methods ({@code zen:event-type:user.created}, {@code .active_changed} for a
 * (soft) delete or reactivation, {@code .name_changed}, {@code .role_changed}, {@code .identity_changed},
 * {@code .external_id_changed}, else {@code .details_changed}). From {@link ZendeskEmulator#webhooks()}.
 *
 * <p>Each subscription delivers on its own thread, so a slow endpoint never holds the emulator, and has chaos
 * knobs (drop, duplicate, reorder, delay, forge, tamper, hold in transit, replay) for testing a receiver. Thread-safe.
 */
public final class ZendeskWebhooks implements AutoCloseable {

    /** The account id the events carry. */
    public static final long ACCOUNT_ID = 12_514_403L;

    private final Clock clock;
    private final List<ZendeskWebhookSubscription> subscriptions = new CopyOnWriteArrayList<>();

    ZendeskWebhooks(ZendeskRoutes account, Clock clock) {
        this.clock = clock;
        synchronized (account) {
            account.store().onUserChange(this::changed);
        }
    }

    /**
     * Subscribes an endpoint to every user event; deliveries start with the next change.
     *
     * @param endpoint      where to POST, e.g. {@code http://127.0.0.1:8080/zendesk/webhook}
     * @param signingSecret the webhook's signing secret
     * @return the subscription, with its chaos knobs and delivery log
     */
    public ZendeskWebhookSubscription subscribe(URI endpoint, String signingSecret) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(signingSecret, "signingSecret");
        ZendeskWebhookSubscription s = new ZendeskWebhookSubscription(endpoint, signingSecret, clock);
        subscriptions.add(s);
        return s;
    }

    /** Under the account's lock: the payloads are built now, sent later. */
    private void changed(@Nullable ObjectNode before, ObjectNode after) {
        if (subscriptions.isEmpty()) {
            return;
        }
        List<String> types = UserEvents.types(before, after);
        for (ZendeskWebhookSubscription s : subscriptions) {
            for (String type : types) {
                s.enqueue(type, after, before);
            }
        }
    }

    /** Stops every subscription; undelivered events are dropped. */
    @Override
    public void close() {
        subscriptions.forEach(ZendeskWebhookSubscription::close);
    }
}
