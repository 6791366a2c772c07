package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.RateLimitedException;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RateLimitTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        for (int i = 0; i < 10; i++) {
            server.enqueue(json(200, "{}"));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonHttpClient.Builder builder() {
        return JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback().retryPolicy(RetryPolicy.none());
    }

    @Test
    void clientSideLimitSpacesRequestsIntoPeriods() {
        JsonHttpClient client = builder().rateLimit(RateLimit.of("zendesk-account", 2, Duration.ofMillis(400))).build();

        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            client.get("/x");
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        // The third request had to wait for the next period.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(150);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void noPermitInTimeIsRateLimitedWithoutStatus() {
        JsonHttpClient client = builder()
                .rateLimit(new RateLimit("zendesk-account", 1, Duration.ofSeconds(30), Duration.ZERO)).build();
        client.get("/x");

        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.httpStatus()).isEmpty())
                .hasMessageContaining("client-side rate limit zendesk-account");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void extraLimitStacksOnTheAccountLimit() {
        JsonHttpClient account = builder()
                .rateLimit(new RateLimit("zendesk-account", 3, Duration.ofSeconds(30), Duration.ZERO)).build();
        JsonHttpClient incremental = account.withExtraRateLimit(
                new RateLimit("zendesk-incremental", 1, Duration.ofSeconds(30), Duration.ZERO));

        incremental.get("/api/v2/incremental/users/cursor");
        assertThatThrownBy(() -> incremental.get("/api/v2/incremental/users/cursor"))
                .hasMessageContaining("zendesk-incremental");
        account.get("/api/v2/users");
        // The account limit of 3 counted both incremental calls' permits it granted (the second took one
        // from the account before the incremental limiter refused) plus this one.
        assertThatThrownBy(() -> account.get("/api/v2/users")).hasMessageContaining("zendesk-account");
    }

    @Test
    void rateLimitIsOptional() {
        JsonHttpClient client = builder().build();

        for (int i = 0; i < 10; i++) {
            client.get("/x");
        }

        assertThat(server.getRequestCount()).isEqualTo(10);
    }
}
