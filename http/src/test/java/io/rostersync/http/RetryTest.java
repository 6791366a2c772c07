package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.Fixtures.MutableClock;
import io.rostersync.http.Fixtures.RecordingSleeper;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(15)
class RetryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private MockWebServer server;
    private MutableClock clock;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        clock = new MutableClock(T0);
        sleeper = new RecordingSleeper(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonHttpClient client(RetryPolicy policy) {
        return JsonHttpClient.builder("zendesk", baseUri(server))
                .allowInsecureLoopback()
                .clock(clock)
                .sleeper(sleeper)
                .retryPolicy(policy)
                .requestTimeout(Duration.ofMillis(500))
                .build();
    }

    private static MockResponse tooManyRequests(String retryAfter) {
        return Fixtures.jsonBuilder(429, "{\"error\":\"TooManyRequests\"}").setHeader("Retry-After", retryAfter).build();
    }

    @Test
    void retriesAfterRetryAfterOn429() {
        server.enqueue(tooManyRequests("7"));
        server.enqueue(json(200, "{\"ok\":true}"));

        assertThat(client(Fixtures.fastRetry(3)).get("/api/v2/users").path("ok").asBoolean()).isTrue();

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(7));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retryAfterAsHttpDateIsMeasuredAgainstTheInjectedClock() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(12).atOffset(ZoneOffset.UTC));
        server.enqueue(tooManyRequests(date));
        server.enqueue(json(200, "{}"));

        client(Fixtures.fastRetry(3)).get("/api/v2/users");

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void retriesPostOn429BecauseNothingWasProcessed() {
        server.enqueue(tooManyRequests("1"));
        server.enqueue(json(201, "{\"id\":1}"));

        assertThat(client(Fixtures.fastRetry(3)).post("/api/v2/users", Map.of("user", Map.of())).path("id").asInt())
                .isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void failsFastWhenRetryAfterExceedsTheWaitBudget() {
        server.enqueue(tooManyRequests("600"));
        server.enqueue(json(200, "{}"));
        RetryPolicy policy = Fixtures.fastRetry(5).withMaxTotalWait(Duration.ofSeconds(60));

        assertThatThrownBy(() -> client(policy).get("/api/v2/users"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(600)));
        assertThat(sleeper.waits).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesGetOn503WithExponentialBackoff() {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(502, "{}"));
        server.enqueue(json(200, "{\"ok\":1}"));

        client(Fixtures.fastRetry(4)).get("/api/v2/users");

        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void backoffHasJitterWithinTheConfiguredFactor() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(500, "{}"));
        }
        server.enqueue(json(200, "{}"));
        RetryPolicy jittery = new RetryPolicy(4, Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(1), Duration.ofMinutes(1));

        client(jittery).get("/x");

        assertThat(sleeper.waits).hasSize(3);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(sleeper.waits.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
    }

    @Test
    void doesNotRetryPostOn503() {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(201, "{}"));

        assertThatThrownBy(() -> client(Fixtures.fastRetry(4)).post("/api/v2/users", Map.of()))
                .isInstanceOf(TransientException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void doesNotRetryPatchOn503() {
        server.enqueue(json(503, "{}"));

        assertThatThrownBy(() -> client(Fixtures.fastRetry(4)).patch("/x", Map.of()))
                .isInstanceOf(TransientException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesPostMarkedIdempotentOn503() {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(200, "{\"job_status\":{}}"));

        client(Fixtures.fastRetry(4)).send(
                JsonRequest.post("/api/v2/users/create_or_update_many", Map.of("users", new Object[0])).idempotent().build());

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retriesPutAndDeleteOn5xx() {
        server.enqueue(json(500, "{}"));
        server.enqueue(json(200, "{}"));
        server.enqueue(json(500, "{}"));
        server.enqueue(new MockResponse.Builder().code(204).build());
        JsonHttpClient client = client(Fixtures.fastRetry(3));

        client.put("/api/v2/users/1", Map.of());
        client.delete("/api/v2/users/1");

        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void retriesGetAfterConnectionDroppedMidResponse() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"users\":[1,2,3]}")
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(json(200, "{\"users\":[]}"));

        assertThat(client(Fixtures.fastRetry(3)).get("/api/v2/users").path("users").isArray()).isTrue();
        assertThat(sleeper.waits).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void doesNotRetryPostAfterConnectionDroppedMidResponse() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"id\":1}")
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(json(200, "{}"));

        assertThatThrownBy(() -> client(Fixtures.fastRetry(3)).post("/x", Map.of()))
                .isInstanceOf(TransientException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesGetAfterTimeout() {
        server.enqueue(Fixtures.jsonBuilder(200, "{}").headersDelay(2, TimeUnit.SECONDS).build());
        server.enqueue(json(200, "{\"ok\":1}"));

        assertThat(client(Fixtures.fastRetry(3)).get("/x").path("ok").asInt()).isEqualTo(1);
    }

    @Test
    void doesNotRetryPostAfterTimeout() {
        server.enqueue(Fixtures.jsonBuilder(200, "{}").headersDelay(2, TimeUnit.SECONDS).build());
        server.enqueue(json(200, "{}"));

        assertThatThrownBy(() -> client(Fixtures.fastRetry(3)).post("/x", Map.of()))
                .isInstanceOf(TransientException.class);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttempts() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(json(503, "{}"));
        }

        assertThatThrownBy(() -> client(Fixtures.fastRetry(3)).get("/x"))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.httpStatus()).hasValue(503));
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void totalWaitBudgetCapsBackoffRetries() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(json(503, "{}"));
        }
        RetryPolicy policy = Fixtures.fastRetry(10).withMaxTotalWait(Duration.ofMillis(35));

        assertThatThrownBy(() -> client(policy).get("/x")).isInstanceOf(TransientException.class);
        // 10 + 20 fit in 35 ms; the next 40 ms would not.
        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void neverRetriesClientErrors() {
        server.enqueue(json(404, "{}"));
        server.enqueue(json(422, "{}"));
        JsonHttpClient client = client(Fixtures.fastRetry(4));

        assertThatThrownBy(() -> client.get("/x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.put("/x", Map.of())).isInstanceOf(ValidationException.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retryAfterOn503IsHonoured() {
        server.enqueue(Fixtures.jsonBuilder(503, "{}").setHeader("Retry-After", "3").build());
        server.enqueue(json(200, "{}"));

        client(Fixtures.fastRetry(3)).get("/x");

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
    }
}
