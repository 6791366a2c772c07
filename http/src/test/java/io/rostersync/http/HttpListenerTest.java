package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.fastRetry;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.retry.Retry;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The settings' listener hears every attempt and wait; the settings' registries hold every retry and shared budget. */
@Timeout(10)
class HttpListenerTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Writes each event as text. */
    static final class Recording implements HttpListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void responded(String vendor, int status) {
            events.add(vendor + " " + status);
        }

        @Override
        public void failedWithoutResponse(String vendor) {
            events.add(vendor + " no response");
        }

        @Override
        public void waited(String vendor, Wait reason, Duration time) {
            events.add(vendor + " waited " + reason + (reason == Wait.RETRY ? " " + time.toMillis() + " ms" : ""));
        }
    }

    private HttpSettings.Builder settings(HttpListener listener) {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        return HttpSettings.builder().allowInsecureLoopback().retryPolicy(fastRetry(4)).clock(clock)
                .sleeper(new Fixtures.RecordingSleeper(clock)).listener(listener);
    }

    @Test
    void theListenerHearsEachAttemptAndEachRetryWait() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").body("{}").build());
        server.enqueue(json(503, "{}"));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"cut\": \"short\"}")
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(json(200, "{}"));
        Recording listener = new Recording();
        JsonHttpClient client = JsonHttpClient.builder("zendesk", baseUri(server)).settings(settings(listener).build()).build();

        client.get("/x");

        assertThat(listener.events).containsExactly(
                "zendesk 429", "zendesk waited RETRY 2000 ms",
                "zendesk 503", "zendesk waited RETRY 20 ms",
                "zendesk no response", "zendesk waited RETRY 40 ms",
                "zendesk 200");
    }

    @Test
    void permitWaitsAreHeardForEveryRateLimitedAttempt() {
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, "{}"));
        Recording listener = new Recording();
        HttpSettings settings = settings(listener).rateLimit(RateLimit.of("host-wide", 100, Duration.ofSeconds(1))).build();
        JsonHttpClient client = JsonHttpClient.builder("talkdesk", baseUri(server)).settings(settings).build();

        client.get("/x");
        client.get("/y");

        assertThat(listener.events).containsExactly("talkdesk waited RATE_LIMIT", "talkdesk 200",
                "talkdesk waited RATE_LIMIT", "talkdesk 200");
    }

    @Test
    void aThrowingListenerChangesNoCall() {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(200, "{\"ok\":true}"));
        HttpListener throwing = new HttpListener() {
            @Override
            public void responded(String vendor, int status) {
                throw new IllegalStateException("listener broke");
            }

            @Override
            public void waited(String vendor, Wait reason, Duration time) {
                throw new IllegalStateException("listener broke");
            }
        };
        JsonHttpClient client = JsonHttpClient.builder("zendesk", baseUri(server)).settings(settings(throwing).build()).build();

        assertThat(client.get("/x").get("ok").asBoolean()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void derivedSettingsKeepTheListenerAndShareTheRegistries() {
        server.enqueue(json(200, "{}"));
        server.enqueue(json(500, "{}"));
        Recording listener = new Recording();
        HttpSettings origin = settings(listener).retryPolicy(RetryPolicy.none()).build();
        HttpSettings derived = origin.toBuilder().rateLimit(RateLimit.of("scim", 5, Duration.ofSeconds(1))).build();
        JsonHttpClient.builder("zendesk", baseUri(server)).settings(origin).build().get("/x");
        JsonHttpClient scim = JsonHttpClient.builder("talkdesk-scim", baseUri(server)).settings(derived).build();
        assertThatThrownBy(() -> scim.get("/y")).isInstanceOf(TransientException.class);

        assertThat(listener.events).contains("zendesk 200", "talkdesk-scim 500");
        assertThat(derived.listener()).isSameAs(listener);
        assertThat(origin.retryRegistry()).isSameAs(derived.retryRegistry());
        assertThat(origin.rateLimiterRegistry()).isSameAs(derived.rateLimiterRegistry());
        assertThat(origin.retryRegistry().getAllRetries()).extracting(Retry::getName)
                .contains("zendesk-idempotent", "zendesk-non-idempotent", "talkdesk-scim-idempotent");
        Retry.Metrics zendesk = origin.retryRegistry().retry("zendesk-idempotent").getMetrics();
        Retry.Metrics scimMetrics = origin.retryRegistry().retry("talkdesk-scim-idempotent").getMetrics();
        assertThat(zendesk.getNumberOfSuccessfulCallsWithoutRetryAttempt()).isEqualTo(1);
        assertThat(scimMetrics.getNumberOfTotalCalls()).isEqualTo(1);
        assertThat(origin.rateLimiterRegistry().getAllRateLimiters()).extracting(r -> r.getName()).containsExactly("scim");
        assertThat(HttpSettings.builder().build().retryRegistry()).isNotSameAs(origin.retryRegistry());
    }

    @Test
    void aRetryOfTheSameNameUnderAnotherPolicyKeepsItsOwnPolicy() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(503, "{}"));
        }
        HttpSettings threeAttempts = settings(HttpListener.none()).retryPolicy(fastRetry(3)).build();
        HttpSettings once = threeAttempts.toBuilder().retryPolicy(RetryPolicy.none()).build();
        JsonHttpClient first = JsonHttpClient.builder("zendesk", baseUri(server)).settings(threeAttempts).build();
        JsonHttpClient second = JsonHttpClient.builder("zendesk", baseUri(server)).settings(once).build();

        assertThatThrownBy(() -> second.get("/x")).isInstanceOf(TransientException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThatThrownBy(() -> first.get("/x")).isInstanceOf(TransientException.class);
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(once.retryRegistry().getAllRetries()).extracting(Retry::getName)
                .contains("zendesk-idempotent", "zendesk-idempotent-2");
    }

    @Test
    void equalSharedLimitsAreOneBudgetAndLimitsSharingANameAreNot() {
        RateLimit a = new RateLimit("host-wide", 1, Duration.ofSeconds(30), Duration.ZERO);
        RateLimit b = new RateLimit("host-wide", 5, Duration.ofSeconds(30), Duration.ZERO);
        HttpSettings first = settings(HttpListener.none()).rateLimit(a).build();
        HttpSettings same = first.toBuilder().build();
        HttpSettings other = first.toBuilder().rateLimits(List.of(b)).build();
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, "{}"));
        }

        JsonHttpClient.builder("zendesk", baseUri(server)).settings(first).build().get("/x");
        assertThatThrownBy(() -> JsonHttpClient.builder("zendesk", baseUri(server)).settings(same).build().get("/x"))
                .hasMessageContaining("host-wide");
        JsonHttpClient.builder("zendesk", baseUri(server)).settings(other).build().get("/x");

        assertThat(first.rateLimiterRegistry().getAllRateLimiters()).extracting(r -> r.getName())
                .containsExactlyInAnyOrder("host-wide", "host-wide-2");
    }
}
