package io.rostersync.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.http.Sleeper;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.testkit.ManualClock;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An independent check of the shared quota against what Zendesk itself publishes, read at run time from the
 * project's shared vendor material ({@code ../shared/vendor-specs/zendesk/oas.yaml}, Zendesk's OpenAPI document,
 * and {@code ../shared/vendor-samples/zendesk/}); nothing of it is copied into the project. Skipped when that
 * folder is absent, except under {@code CI=true}, where its absence fails the test.
 *
 * <p>What Zendesk publishes there about rate limits: the 429 response body ({@code errors[].code
 * TooManyRequests}), the advice to obey {@code Retry-After}, and per-endpoint limits in requests per minute (the
 * incremental exports: 10 a minute). It publishes no sample of the rate-limit headers themselves (no
 * {@code X-Rate-Limit}, {@code ratelimit-*} or {@code Retry-After} value), so the {@code Retry-After} values here
 * are the test's own, in the delta-seconds form Zendesk's documentation describes.
 */
@Timeout(60)
class ZendeskPublishedLimitsTest {

    private static String oas;
    private static Path samples;

    private HttpServer server;
    private final List<Instant> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void readWhatZendeskPublishes() throws IOException {
        Optional<Path> shared = sharedFolder();
        if (shared.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but no ../shared/vendor-specs/zendesk/oas.yaml was found above "
                        + Path.of("").toAbsolutePath() + "; the vendor's published limits must be checked in CI");
            }
            Assumptions.abort("../shared (Zendesk's OpenAPI document and samples) is not here; skipped outside CI");
        }
        oas = Files.readString(shared.get().resolve("vendor-specs/zendesk/oas.yaml"), StandardCharsets.UTF_8);
        samples = shared.get().resolve("vendor-samples/zendesk");
    }

    /** The {@code shared} folder next to the repository (or next to any folder above it, e.g. for a worktree). */
    private static Optional<Path> sharedFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (dir.getParent() != null && Files.isRegularFile(candidate.resolve("vendor-specs/zendesk/oas.yaml"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    // ---- what the document says, read from it ------------------------------------------------------------------

    /** The 429 example body of the OpenAPI document, as JSON: {@code {"errors":[{"code":..., "title":...}]}}. */
    private static String published429Body() {
        Matcher m = Pattern.compile("\"429\":\\s*\\n\\s*description: Too Many Requests[\\s\\S]*?- code: (\\S+)\\s*\\n\\s*title: ([^\\n]+)")
                .matcher(oas);
        assertThat(m.find()).as("the OpenAPI document has a 429 example").isTrue();
        return "{\"errors\":[{\"code\":\"" + m.group(1) + "\",\"title\":\"" + m.group(2).strip() + "\"}]}";
    }

    /** The incremental exports' published limit, in requests per minute ("... instead of N requests per minute"). */
    private static int publishedIncrementalExportsPerMinute() {
        Matcher m = Pattern.compile("instead of (\\d+) requests per minute").matcher(oas);
        assertThat(m.find()).as("the OpenAPI document states the incremental exports' limit").isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theDocumentPublishesA429BodyRetryAfterAdviceAndPerMinuteLimits() {
        assertThat(published429Body()).contains("\"code\":\"TooManyRequests\"");
        assertThat(oas).contains("obey the Retry-After header values");
        assertThat(publishedIncrementalExportsPerMinute()).isPositive();
    }

    // ---- our HTTP layer against it ----------------------------------------------------------------------------

    /** Serves the published user sample at /api/v2/users/35436, after {@code refusals} published 429s. */
    private URI zendesk(ManualClock clock, int refusals, long retryAfterSeconds) throws IOException {
        byte[] tooMany = published429Body().getBytes(StandardCharsets.UTF_8);
        byte[] user = Files.readAllBytes(samples.resolve("user-show.json"));
        AtomicInteger served = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/users/35436", exchange -> {
            requests.add(clock.instant());
            boolean refuse = served.getAndIncrement() < refusals;
            byte[] body = refuse ? tooMany : user;
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            if (refuse) {
                exchange.getResponseHeaders().add("Retry-After", Long.toString(retryAfterSeconds));
            }
            exchange.sendResponseHeaders(refuse ? 429 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static ZendeskDirectory directory(URI base, ManualClock clock, RequestBudget budget, RetryPolicy retry) {
        return directory(base, clock, clock::sleep, budget, retry);
    }

    private static ZendeskDirectory directory(URI base, ManualClock clock, Sleeper sleeper, RequestBudget budget,
                                              RetryPolicy retry) {
        HttpSettings http = HttpSettings.builder().clock(clock).sleeper(sleeper).retryPolicy(retry)
                .requestBudget(budget).build();
        return ZendeskDirectory.builder().subdomain("acme").baseUriForTesting(base)
                .apiToken("admin@acme.example", Secret.of("zd-token")).withoutClientRateLimits().http(http).build();
    }

    /** A Zendesk account's shared budget (400 a minute) in a fresh database, waiting on {@code clock}. */
    private static RequestBudget accountBudget(ManualClock clock) {
        DataSource ds = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("published"));
        PostgresRequestBudgets.createTable(ds);
        return PostgresRequestBudgets.builder(ds).clock(clock).sleeper(clock::sleep).build()
                .budget("zendesk:acme", RateLimit.of("zendesk:acme", 400, Duration.ofMinutes(1)));
    }

    @Test
    void aPublished429WithRetryAfterIsWaitedOutExactlyThenTheCallSucceeds() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:10Z"));
        ZendeskDirectory zendesk = directory(zendesk(clock, 1, 7), clock, accountBudget(clock), RetryPolicy.defaults());

        Optional<UserRecord> user = zendesk.get(NativeId.of("35436"));

        assertThat(user).hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(NativeId.of("35436")));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(requests).hasSize(2);
        assertThat(Duration.between(requests.get(0), requests.get(1))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void whenTheRetriesRunOutThePublished429FailsTypedAsRateLimitedWithItsRetryAfter() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:10Z"));
        ZendeskDirectory zendesk = directory(zendesk(clock, 5, 7), clock, accountBudget(clock), RetryPolicy.none());

        assertThatThrownBy(() -> zendesk.get(NativeId.of("35436")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(429);
                    // Not asserted: the vendor code. The published 429 body is the OpenAPI "Errors" shape,
                    // {"errors":[{"code":"TooManyRequests",...}]}, which ZendeskErrorParser does not read yet (it
                    // reads {"error": ...} only), so vendorCode() is empty; reported for the Zendesk provider.
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
                });
    }

    @Test
    void aPublished429WhoseRetryAfterCrossesTheMinuteHoldsTheOtherNodesOfTheAccountBackUntilThen() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:50Z"));
        String url = PostgresTestServer.newDatabase("published");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        RateLimit perMinute = new RateLimit("zendesk:acme", 400, Duration.ofMinutes(1), Duration.ofMinutes(2));
        RequestBudget nodeA = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).clock(clock)
                .sleeper(clock::sleep).build().budget("zendesk:acme", perMinute);
        List<Duration> nodeBWaits = new CopyOnWriteArrayList<>();
        RequestBudget nodeB = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).clock(clock)
                .sleeper(d -> {
                    nodeBWaits.add(d);
                    clock.advance(d);
                }).build().budget("zendesk:acme", perMinute);
        // While node A waits out the vendor's Retry-After, node B asks the shared budget for a permit.
        List<Duration> nodeAWaits = new CopyOnWriteArrayList<>();
        Sleeper nodeASleeps = d -> {
            nodeAWaits.add(d);
            Instant end = clock.instant().plus(d);
            nodeB.acquire("zendesk");
            clock.advance(Duration.between(clock.instant(), end).isNegative() ? Duration.ZERO : Duration.between(clock.instant(), end));
        };
        ZendeskDirectory zendesk = directory(zendesk(clock, 1, 15), clock, nodeASleeps, nodeA, RetryPolicy.defaults());

        assertThat(zendesk.get(NativeId.of("35436"))).isPresent(); // 429 at 09:00:50 with Retry-After 15 s: past 09:01

        assertThat(nodeAWaits).containsExactly(Duration.ofSeconds(15));
        assertThat(nodeBWaits).as("node B got no permit of the minute the vendor closed; it waited for the next")
                .containsExactly(Duration.ofSeconds(10));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-05T09:01:05Z"));
    }

    // ---- the shared budget against the published per-minute limit -------------------------------------------

    @Test
    void aBudgetOfThePublishedPerMinuteLimitGrantsExactlyThatManyAMinuteAcrossNodes() throws Exception {
        int perMinute = publishedIncrementalExportsPerMinute();
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:00Z"));
        String url = PostgresTestServer.newDatabase("published");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        RateLimit limit = new RateLimit("zendesk:acme-incremental", perMinute, Duration.ofMinutes(1), Duration.ofMinutes(2));
        RequestBudget nodeA = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).clock(clock)
                .sleeper(clock::sleep).build().budget("zendesk:acme-incremental", limit);
        RequestBudget nodeB = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).clock(clock)
                .sleeper(clock::sleep).build().budget("zendesk:acme-incremental", limit);

        for (int i = 0; i < perMinute; i++) {
            (i % 2 == 0 ? nodeA : nodeB).acquire("zendesk");
        }
        assertThat(clock.sleeps()).as("the published limit's permits in the first minute").isEmpty();

        nodeB.acquire("zendesk");
        assertThat(clock.sleeps()).as("one more waits for the next minute").containsExactly(Duration.ofMinutes(1));
        for (int i = 1; i < perMinute; i++) {
            nodeA.acquire("zendesk");
        }
        assertThat(clock.sleeps()).hasSize(1);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-05T09:01:00Z"));
    }
}
