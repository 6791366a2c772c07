package io.rostersync.spring.boot.webhooks;

import io.rostersync.engine.NamedUsers;
import io.rostersync.engine.UserHints;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.zendesk.webhooks.WebhookOutcome;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The Zendesk webhook endpoints of an application, one per {@code rostersync.webhooks.zendesk.<sync-id>} group:
 * each verifies a request with its own {@link ZendeskWebhookReceiver} (signature, timestamp, replay) and offers
 * an accepted event's user to the sync's own {@link UserHints}, which syncs the hinted users by name in short
 * windows through the sync's runner. The answer is the receiver's suggested status with an empty body.
 *
 * <p>Closing it (the application context does, at shutdown) closes every {@code UserHints}: hints still queued
 * are left to the sync's scheduled run. Thread-safe.
 *
 * @since 0.3.0
 */
public final class ZendeskWebhookEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskWebhookEndpoints.class);
    /** The longest window {@code UserHints} takes. */
    private static final Duration MAX_WINDOW = Duration.ofHours(1);

    private final Map<SyncId, Endpoint> endpoints;

    private ZendeskWebhookEndpoints(Map<SyncId, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * Builds an endpoint per configured sync.
     *
     * @param syncs    the application's syncs
     * @param settings per sync id (as written in the property names): the signing secret, the path, and the
     *                 window and flood threshold of the sync's {@code UserHints}
     * @return the endpoints, each with its running {@code UserHints}
     * @throws InvalidConfigurationException when a sync id is not one of the application's syncs, a signing secret
     *                                       is missing or blank, a path does not start with {@code /}, two
     *                                       syncs share a path, a window is not positive or longer than an hour,
     *                                       or a flood threshold is not between 1 and {@value NamedUsers#MAX_NAMES}
     *                                       (the message names the property, never the secret)
     */
    public static ZendeskWebhookEndpoints create(RosterSyncs syncs, Map<String, ZendeskWebhookSettings> settings) {
        Objects.requireNonNull(syncs, "syncs");
        Map<SyncId, Endpoint> out = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        try {
            for (Map.Entry<String, ZendeskWebhookSettings> e : settings.entrySet()) {
                String key = e.getKey();
                String prefix = "rostersync.webhooks.zendesk." + key;
                SyncId id = syncId(key, syncs)
                        .orElseThrow(() -> new InvalidConfigurationException(prefix + ": there is no sync '" + key
                                + "'; the syncs are " + syncs.ids().stream().map(SyncId::value).toList()
                                + ". Name the sync the webhook's users belong to."));
                ZendeskWebhookSettings s = e.getValue();
                String secret = s.signingSecret();
                if (secret == null || secret.isBlank()) {
                    throw new InvalidConfigurationException(prefix + ".signing-secret is missing: set it to the webhook's"
                            + " signing secret from Zendesk, e.g. ${ZENDESK_WEBHOOK_SECRET}");
                }
                String configured = s.path();
                String path = configured == null || configured.isBlank() ? "/rostersync/webhooks/zendesk/" + id.value() : configured.strip();
                if (!path.startsWith("/")) {
                    throw new InvalidConfigurationException(prefix + ".path must start with '/', was '" + path + "'");
                }
                if (paths.contains(path)) {
                    throw new InvalidConfigurationException(prefix + ".path '" + path + "' is the path of another sync's webhook");
                }
                paths.add(path);
                ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
                        .signingSecret(Secret.of(prefix + ".signing-secret", secret.strip())).build();
                UserHints.Builder hinting = UserHints.builder().runner(syncs.runnerFor(id));
                if (s.window() != null) {
                    hinting.window(window(prefix, s.window()));
                }
                if (s.floodThreshold() != null) {
                    hinting.floodThreshold(floodThreshold(prefix, s.floodThreshold()));
                }
                UserHints hints = hinting.build();
                out.put(id, new Endpoint(id, path, receiver, hints));
            }
        } catch (RuntimeException e) {
            out.values().forEach(ep -> ep.hints.close());
            throw e;
        }
        return new ZendeskWebhookEndpoints(java.util.Collections.unmodifiableMap(out));
    }

    private static Duration window(String prefix, Duration window) {
        if (window.isZero() || window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidConfigurationException(prefix + ".window must be positive and at most an hour, was " + window
                    + ": set a duration such as 2s (the default is 1s)");
        }
        return window;
    }

    private static int floodThreshold(String prefix, int users) {
        if (users < 1 || users > NamedUsers.MAX_NAMES) {
            throw new InvalidConfigurationException(prefix + ".flood-threshold must be between 1 and " + NamedUsers.MAX_NAMES
                    + " (the users one named sync takes), was " + users + ": set how many distinct users in one window"
                    + " make an incremental run instead (the default is 200)");
        }
        return users;
    }

    private static Optional<SyncId> syncId(String key, RosterSyncs syncs) {
        try {
            SyncId id = SyncId.of(key);
            return syncs.definition(id).map(d -> id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The path of each sync's endpoint.
     *
     * @return sync id to path, in configuration order
     */
    public Map<SyncId, String> paths() {
        Map<SyncId, String> out = new LinkedHashMap<>();
        endpoints.forEach((id, ep) -> out.put(id, ep.path));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The coalescer a sync's accepted events are offered to.
     *
     * @param syncId the sync
     * @return its hints; empty when the sync has no webhook
     */
    public Optional<UserHints> hints(SyncId syncId) {
        return Optional.ofNullable(endpoints.get(syncId)).map(ep -> ep.hints);
    }

    /**
     * The routes: {@code POST <path>} for each sync.
     *
     * @return the router function Spring MVC serves
     */
    public RouterFunction<ServerResponse> routes() {
        RouterFunctions.Builder routes = RouterFunctions.route();
        for (Endpoint ep : endpoints.values()) {
            routes.POST(ep.path, ep::handle);
        }
        return routes.build();
    }

    /** Closes every sync's {@code UserHints}; queued hints are left to the scheduled runs. */
    @Override
    public void close() {
        endpoints.values().forEach(ep -> ep.hints.close());
    }

    @Override
    public String toString() {
        return "ZendeskWebhookEndpoints" + paths();
    }

    private record Endpoint(SyncId id, String path, ZendeskWebhookReceiver receiver, UserHints hints) {

        ServerResponse handle(ServerRequest request) throws IOException {
            byte[] body;
            try (InputStream in = request.servletRequest().getInputStream()) {
                // one byte more than the receiver takes, so that it can tell a body too large
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.headers().asHttpHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            WebhookOutcome outcome = receiver.receive(headers, body);
            if (outcome instanceof WebhookOutcome.Accepted accepted) {
                UserHints.Offer offer = hints.offer(accepted.hint().userId());
                LOG.debug("sync '{}': Zendesk event {} for user {}: {}", id.value(), accepted.hint().eventType(),
                        accepted.hint().userId().value(), offer);
            } else if (outcome instanceof WebhookOutcome.Rejected rejected) {
                LOG.info("sync '{}': Zendesk webhook request refused ({})", id.value(), rejected.reason());
            }
            return ServerResponse.status(outcome.suggestedStatus()).build();
        }
    }
}
