package io.rostersync.emulators.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Delivery;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Fate;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.zendesk.webhooks.RejectionReason;
import io.rostersync.zendesk.webhooks.UserEventHint;
import io.rostersync.zendesk.webhooks.WebhookOutcome;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator's webhooks: what Zendesk posts for user changes made through its API, and the chaos knobs. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZendeskWebhooksTest {

    private static final String SECRET = "emulator-signing-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (ZendeskEmulator.DEFAULT_EMAIL + "/token:" + ZendeskEmulator.DEFAULT_API_TOKEN).getBytes(StandardCharsets.UTF_8));

    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = ZendeskEmulator.extension();

    /** One request as the endpoint received it. */
    record Received(Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer endpoint;

    @BeforeEach
    void endpoint() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private ZendeskWebhookSubscription subscribe() {
        return zendesk.emulator().webhooks().subscribe(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook"), SECRET);
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(zendesk.emulator().baseUri().resolve(path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", BASIC).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ZendeskWebhookReceiver receiver() {
        return ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET)).build();
    }

    @Test
    void postsASignedEventForEachCreateUpdateAndDeleteThroughTheApi() throws Exception {
        ZendeskWebhookSubscription webhook = subscribe();

        HttpResponse<String> created = api("POST", "/api/v2/users", "{\"user\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.test\",\"role\":\"agent\"}}");
        long id = JSON.readTree(created.body()).path("user").path("id").asLong();
        api("PUT", "/api/v2/users/" + id, "{\"user\":{\"name\":\"Ada King\"}}");
        api("DELETE", "/api/v2/users/" + id, "");
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(webhook.deliveries()).extracting(Delivery::eventType).containsExactly(
                "zen:event-type:user.created", "zen:event-type:user.name_changed", "zen:event-type:user.active_changed");
        assertThat(received).hasSize(3);
        ZendeskWebhookReceiver receiver = receiver();
        List<WebhookOutcome> outcomes = received.stream().map(r -> receiver.receive(r.headers(), r.body())).toList();
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(WebhookOutcome.Accepted.class));
        assertThat(outcomes).extracting(o -> ((WebhookOutcome.Accepted) o).hint().userId()).containsOnly(NativeId.of(Long.toString(id)));

        JsonNode deleted = JSON.readTree(received.get(2).body());
        assertThat(deleted.path("subject").asText()).isEqualTo("zen:user:" + id);
        assertThat(deleted.path("detail").path("id").asText()).isEqualTo(Long.toString(id));
        assertThat(deleted.path("zendesk_event_version").asText()).isEqualTo("2022-06-20");
        assertThat(deleted.path("event").path("previous").asBoolean()).isTrue();
        assertThat(deleted.path("event").path("current").asBoolean()).isFalse();
        assertThat(received.get(0).headers()).containsKeys("X-zendesk-webhook-signature", "X-zendesk-webhook-signature-timestamp");
    }

    @Test
    void chaosDropsDuplicatesForgesAndReorders() throws Exception {
        ZendeskWebhookSubscription dropping = subscribe().dropRate(1.0);
        long id = zendesk.emulator().addUser("Grace Hopper", "grace@example.test", "agent");
        assertThat(dropping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(dropping.deliveries()).extracting(Delivery::fate).containsExactly(Fate.DROPPED);
        assertThat(received).isEmpty();
        dropping.dropRate(0).duplicateRate(1.0);

        zendesk.emulator().rename(id, "Grace Brewster");
        assertThat(dropping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        ZendeskWebhookReceiver receiver = receiver();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
        assertThat(receiver.receive(received.get(0).headers(), received.get(0).body())).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(receiver.receive(received.get(1).headers(), received.get(1).body()))
                .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.REPLAYED));
        received.clear();
        dropping.duplicateRate(0).forgeRate(1.0);

        zendesk.emulator().setSuspended(id, true);
        assertThat(dropping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(receiver.receive(received.get(0).headers(), received.get(0).body()))
                .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        received.clear();
        dropping.forgeRate(0).reorderRate(1.0);

        long second = zendesk.emulator().addUser("Alan Turing", "alan@example.test", "agent");
        zendesk.emulator().rename(second, "Alan M. Turing");
        assertThat(received).as("held back until released").isEmpty();
        assertThat(dropping.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(received).hasSize(2);
        List<String> types = received.stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("type").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(types).containsExactlyInAnyOrder("zen:event-type:user.created", "zen:event-type:user.name_changed");
        assertThat(receiver.receive(received.get(0).headers(), received.get(0).body()))
                .isEqualTo(new WebhookOutcome.Accepted(new UserEventHint(NativeId.of(Long.toString(second)), types.get(0),
                        JSON.readTree(received.get(0).body()).path("id").asText())));
    }

    private static String header(Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .findFirst().orElseThrow().getValue().get(0);
    }

    private boolean genuine(ZendeskWebhookSubscription webhook, Received r) {
        return webhook.signedGenuinely(header(r, ZendeskWebhookReceiver.TIMESTAMP_HEADER), header(r, ZendeskWebhookReceiver.SIGNATURE_HEADER), r.body());
    }

    @Test
    void aTamperedBodyFailsTheSignatureAndIsNotGenuine() throws Exception {
        ZendeskWebhookSubscription webhook = subscribe().tamperRate(1.0);
        long id = zendesk.emulator().addUser("Grace Hopper", "grace@example.test", "agent");
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(webhook.deliveries()).extracting(Delivery::fate).containsExactly(Fate.TAMPERED);
        assertThat(received).hasSize(1);
        JsonNode body = JSON.readTree(received.get(0).body());
        assertThat(body.path("detail").path("email").asText()).isEqualTo("mallory@attacker.test");
        assertThat(body.path("subject").asText()).isEqualTo("zen:user:" + id);
        assertThat(receiver().receive(received.get(0).headers(), received.get(0).body()))
                .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(genuine(webhook, received.get(0))).isFalse();
    }

    @Test
    void aHeldEventIsPostedOnlyWhenReleasedWithTheTimestampOfItsChange() throws Exception {
        io.rostersync.testkit.ManualClock clock = io.rostersync.testkit.ManualClock.startingAtAFixedTime();
        try (ZendeskEmulator manual = ZendeskEmulator.builder().apiToken("a@example.test", "t").clock(clock).start()) {
            ZendeskWebhookSubscription webhook = manual.webhooks()
                    .subscribe(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook"), SECRET).holdRate(1.0);
            long id = manual.addUser("Alan Turing", "alan@example.test", "agent");
            String changedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            clock.advance(Duration.ofHours(3));
            assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(received).as("held, not posted").isEmpty();
            assertThat(webhook.heldBackCount()).isEqualTo(1);

            assertThat(webhook.releaseHeldBack()).isEqualTo(1);
            assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(received).hasSize(1);
            assertThat(header(received.get(0), ZendeskWebhookReceiver.TIMESTAMP_HEADER)).isEqualTo(changedAt);
            assertThat(webhook.deliveries()).extracting(Delivery::userId, Delivery::fate, Delivery::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(id, Fate.HELD, 200));
            assertThat(genuine(webhook, received.get(0))).as("authentic, only late").isTrue();
            ZendeskWebhookReceiver onTheClock = ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET)).clock(clock).build();
            assertThat(onTheClock.receive(received.get(0).headers(), received.get(0).body()))
                    .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.STALE_TIMESTAMP));
        }
    }

    @Test
    void aKeptRequestIsReplayedByteForByte() throws Exception {
        ZendeskWebhookSubscription webhook = subscribe().keepForReplayRate(1.0);
        long id = zendesk.emulator().addUser("Ada Lovelace", "ada@example.test", "agent");
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();
        webhook.keepForReplayRate(0);
        zendesk.emulator().rename(id, "Ada King");
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(webhook.replayKept()).isEqualTo(1);
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.replayKept()).as("forgotten once replayed").isZero();

        assertThat(webhook.deliveries()).extracting(Delivery::fate).containsExactly(Fate.SENT, Fate.SENT, Fate.REPLAYED);
        assertThat(received).hasSize(3);
        assertThat(received.get(2).body()).isEqualTo(received.get(0).body());
        assertThat(header(received.get(2), ZendeskWebhookReceiver.SIGNATURE_HEADER)).isEqualTo(header(received.get(0), ZendeskWebhookReceiver.SIGNATURE_HEADER));
        assertThat(received).allMatch(r -> genuine(webhook, r));
        ZendeskWebhookReceiver receiver = receiver();
        assertThat(received).extracting(r -> receiver.receive(r.headers(), r.body()).suggestedStatus()).containsExactly(200, 200, 200);
        assertThat(receiver.receive(received.get(2).headers(), received.get(2).body()))
                .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.REPLAYED));
    }
}
