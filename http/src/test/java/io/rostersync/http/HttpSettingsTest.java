package io.rostersync.http;

import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RateLimitedException;
import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.internal.JsonHttpClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One settings value configures every client built from it; its defaults live in one place. */
@Timeout(15)
class HttpSettingsTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonHttpClient client(HttpSettings settings) {
        return JsonHttpClient.builder("acme", baseUri(server)).settings(settings).build();
    }

    /** One request a minute, no waiting for a permit: the second request of a budget fails at once. */
    private static final RateLimit ONE_A_MINUTE = new RateLimit("acme-account", 1, Duration.ofMinutes(1), Duration.ZERO);

    @Test
    void defaultsAreTheOnesEveryProviderStartsFrom() {
        HttpSettings d = HttpSettings.defaults();

        assertThat(d.httpClient()).isEmpty();
        assertThat(d.clock().getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(d.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(d.rateLimits()).isEmpty();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.userAgent()).isEqualTo("rostersync");
        assertThat(d.allowInsecureLoopback()).isFalse();
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginalAsItWas() {
        HttpClient jdk = HttpClient.newHttpClient();
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        HttpSettings original = HttpSettings.builder().httpClient(jdk).clock(fixed).retryPolicy(RetryPolicy.none())
                .rateLimit(ONE_A_MINUTE).requestTimeout(Duration.ofSeconds(5)).userAgent("host/1.0").build();

        HttpSettings variant = original.toBuilder().requestTimeout(Duration.ofSeconds(9)).rateLimits(List.of()).build();

        assertThat(original.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(original.rateLimits()).containsExactly(ONE_A_MINUTE);
        assertThat(variant.requestTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(variant.rateLimits()).isEmpty();
        assertThat(variant.httpClient()).containsSame(jdk);
        assertThat(variant.clock()).isSameAs(fixed);
        assertThat(variant.retryPolicy()).isEqualTo(RetryPolicy.none());
        assertThat(variant.userAgent()).isEqualTo("host/1.0");
        assertThat(variant.executor()).isSameAs(original.executor());
    }

    @Test
    void badValuesAreRefusedWhenSetNamingTheSetting() {
        HttpSettings.Builder b = HttpSettings.builder();
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.userAgent("x\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.executor(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    }

    @Test
    void plainHttpNeedsTheLoopbackAllowanceOfTheSettings() {
        assertThatThrownBy(() -> client(HttpSettings.defaults())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("https");
        assertThat(client(HttpSettings.builder().allowInsecureLoopback().build()).baseUri().getScheme()).isEqualTo("http");
    }

    @Test
    void theSettingsRetryPolicyTimeoutAndUserAgentReachEveryRequest() throws Exception {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(200, "{}"));
        List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        JsonHttpClient client = client(HttpSettings.builder().allowInsecureLoopback().retryPolicy(Fixtures.fastRetry(2))
                .sleeper(waits::add).userAgent("acme-host/2.1").build());

        client.get("/x");

        assertThat(waits).containsExactly(Duration.ofMillis(10));
        assertThat(server.takeRequest().getHeaders().get("User-Agent")).isEqualTo("acme-host/2.1");
    }

    @Test
    void aRateLimitOfTheSettingsIsOneBudgetForEveryClientBuiltFromThemAndTheirVariants() {
        HttpSettings shared = HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none())
                .rateLimit(ONE_A_MINUTE).build();
        HttpSettings variant = shared.toBuilder().requestTimeout(Duration.ofSeconds(7)).build();
        server.enqueue(json(200, "{}"));

        client(shared).get("/first");

        assertThatThrownBy(() -> client(shared).get("/second")).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("acme-account");
        assertThatThrownBy(() -> client(variant).get("/third")).isInstanceOf(RateLimitedException.class);
        assertThat(server.getRequestCount()).as("requests that reached the server").isEqualTo(1);
    }

    @Test
    void settingsBuiltAfreshHaveBudgetsOfTheirOwn() {
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, "{}"));
        HttpSettings one = HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).rateLimit(ONE_A_MINUTE).build();
        HttpSettings other = HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).rateLimit(ONE_A_MINUTE).build();

        client(one).get("/a");
        client(other).get("/b");

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theDefaultExecutorRunsBackgroundWorkOnDaemonThreadsThatNeedNoClosing() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();

        HttpSettings.defaults().executor().execute(() -> ranOn.complete(Thread.currentThread()));

        Thread t = ranOn.get(5, TimeUnit.SECONDS);
        assertThat(t).isNotSameAs(Thread.currentThread());
        assertThat(t.isDaemon()).as("daemon").isTrue();
        assertThat(t.getName()).startsWith("rostersync-background-");
        assertThat(HttpSettings.builder().build().executor()).as("one pool for the JVM").isSameAs(HttpSettings.defaults().executor());
    }

    @Test
    void aHostExecutorIsUsedAsGiven() {
        java.util.concurrent.Executor mine = Runnable::run;
        assertThat(HttpSettings.builder().executor(mine).build().executor()).isSameAs(mine);
        assertThat(HttpSettings.builder().executor(mine).build().toBuilder().build().executor()).isSameAs(mine);
    }
}
