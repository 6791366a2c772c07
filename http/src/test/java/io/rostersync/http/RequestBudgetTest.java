package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.Fixtures.MutableClock;
import io.rostersync.http.Fixtures.RecordingSleeper;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A host's {@link RequestBudget} in the settings: every attempt draws from it, and it hears the vendor's Retry-After. */
@Timeout(15)
class RequestBudgetTest {

    private MockWebServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Grants {@code grants} permits, then refuses with a known next-permit time; records what it was told. */
    static final class ScriptedBudget implements RequestBudget {
        final AtomicInteger taken = new AtomicInteger();
        final List<Duration> toldToWait = new CopyOnWriteArrayList<>();
        private final int grants;

        ScriptedBudget(int grants) {
            this.grants = grants;
        }

        @Override
        public String name() {
            return "zendesk:acme";
        }

        @Override
        public void acquire(String vendor) {
            if (taken.incrementAndGet() > grants) {
                throw RequestBudget.exhausted(vendor, name(), Optional.of(Duration.ofSeconds(5)));
            }
        }

        @Override
        public void vendorAskedToWait(Duration wait) {
            toldToWait.add(wait);
        }
    }

    private JsonHttpClient client(RequestBudget budget, RetryPolicy policy) {
        HttpSettings settings = HttpSettings.builder().requestBudget(budget).clock(clock).sleeper(sleeper)
                .retryPolicy(policy).allowInsecureLoopback().build();
        return JsonHttpClient.builder("zendesk", baseUri(server)).settings(settings).build();
    }

    @Test
    void everyAttemptIncludingRetriesTakesAPermitFromTheSettingsBudget() {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(200, "{\"ok\":true}"));
        ScriptedBudget budget = new ScriptedBudget(10);

        assertThat(client(budget, Fixtures.fastRetry(3)).get("/api/v2/users").path("ok").asBoolean()).isTrue();

        assertThat(budget.taken).hasValue(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aBudgetWithNoPermitInTimeFailsTheCallTypedWithTheExpectedWaitAndSendsNothing() {
        ScriptedBudget budget = new ScriptedBudget(0);

        assertThatThrownBy(() -> client(budget, RetryPolicy.none()).get("/api/v2/users"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(5));
                    assertThat(e.details().vendor()).hasValue("zendesk");
                })
                .hasMessageContaining("client-side rate limit zendesk:acme gave no permit in time");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aRefusedPermitIsRetriedAfterTheBudgetsExpectedWait() {
        server.enqueue(json(200, "{\"ok\":true}"));
        RequestBudget refusesOnce = new RequestBudget() {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public String name() {
                return "zendesk:acme";
            }

            @Override
            public void acquire(String vendor) {
                if (calls.incrementAndGet() == 1) {
                    throw RequestBudget.exhausted(vendor, name(), Optional.of(Duration.ofMillis(750)));
                }
            }
        };

        assertThat(client(refusesOnce, Fixtures.fastRetry(3)).get("/api/v2/users").path("ok").asBoolean()).isTrue();

        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAsBeforeAndEveryBudgetHearsIt() {
        server.enqueue(Fixtures.jsonBuilder(429, "{}").setHeader("Retry-After", "7").build());
        server.enqueue(json(200, "{\"ok\":true}"));
        ScriptedBudget shared = new ScriptedBudget(10);
        ScriptedBudget other = new ScriptedBudget(10);
        HttpSettings settings = HttpSettings.builder().requestBudget(shared).requestBudget(other).clock(clock)
                .sleeper(sleeper).retryPolicy(Fixtures.fastRetry(3)).allowInsecureLoopback().build();

        JsonHttpClient client = JsonHttpClient.builder("zendesk", baseUri(server)).settings(settings).build();
        assertThat(client.get("/api/v2/users").path("ok").asBoolean()).isTrue();

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(shared.toldToWait).containsExactly(Duration.ofSeconds(7));
        assertThat(other.toldToWait).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void neitherTheBudgetsOwnRefusalNorA429WithoutRetryAfterIsPassedOnAsAVendorWait() {
        server.enqueue(json(429, "{}"));
        server.enqueue(json(200, "{}"));
        ScriptedBudget budget = new ScriptedBudget(2);
        JsonHttpClient client = client(budget, Fixtures.fastRetry(2));

        assertThat(client.get("/api/v2/users").isMissingNode()).isFalse();
        assertThatThrownBy(() -> client.get("/api/v2/users")).isInstanceOf(RateLimitedException.class);
        assertThat(budget.taken).hasValue(4);
        assertThat(budget.toldToWait).isEmpty();
    }

    @Test
    void aBudgetThatCannotBeToldDoesNotFailTheCall() {
        server.enqueue(Fixtures.jsonBuilder(429, "{}").setHeader("Retry-After", "2").build());
        server.enqueue(json(200, "{\"ok\":true}"));
        RequestBudget deaf = new RequestBudget() {
            @Override
            public String name() {
                return "deaf";
            }

            @Override
            public void acquire(String vendor) {
            }

            @Override
            public void vendorAskedToWait(Duration wait) {
                throw new IllegalStateException("database down");
            }
        };

        assertThat(client(deaf, Fixtures.fastRetry(3)).get("/api/v2/users").path("ok").asBoolean()).isTrue();
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void budgetsFollowEveryVariantAndAreNamedInTheSettings() {
        ScriptedBudget budget = new ScriptedBudget(10);
        HttpSettings settings = HttpSettings.builder().requestBudget(budget).build();
        HttpSettings variant = settings.toBuilder().requestTimeout(Duration.ofSeconds(5)).build();

        assertThat(variant.requestBudgets()).containsExactly(budget);
        assertThat(HttpSettings.defaults().requestBudgets()).isEmpty();
        assertThat(settings.toString()).contains("requestBudgets=[zendesk:acme]");
        assertThatThrownBy(() -> HttpSettings.builder().requestBudget(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theInJvmBudgetGivesItsPermitsThenRefusesBeyondItsLongestWait() throws Exception {
        RequestBudget budget = RequestBudget.inJvm(new RateLimit("zendesk-account", 2, Duration.ofSeconds(30), Duration.ZERO));

        budget.acquire("zendesk");
        budget.acquire("zendesk");

        assertThatThrownBy(() -> budget.acquire("zendesk"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isEmpty())
                .hasMessageContaining("zendesk-account");
        assertThat(budget.name()).isEqualTo("zendesk-account");
    }
}
