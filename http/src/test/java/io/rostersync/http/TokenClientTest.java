package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.Fixtures.MutableClock;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.TransientException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(15)
class TokenClientTest {

    private static final String CLIENT_SECRET = "cl1ent-S3CRET-xyz";
    // Shapes of ../shared/vendor-samples: zendesk/oauth-token-grant-response.json and
    // salesforce/oauth-token-response.restforce.json
    private static final String ZENDESK_TOKEN = "{\"access_token\":\"gErypPlm4dOVgGRvA1ZzMH5MQ3nLo8bo\","
            + "\"scope\":\"organizations:write read\",\"token_type\":\"bearer\"}";
    private static final String SALESFORCE_TOKEN = "{\"id\":\"https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P\","
            + "\"issued_at\":\"1278448832702\",\"instance_url\":\"https://na1.salesforce.com\","
            + "\"signature\":\"0CmxinZir53Yex7nE0TD+zMpvIWYGb/bdJh6XfOH6EQ=\","
            + "\"access_token\":\"00Dx0000000BV7z!AR8AQAxo9UfVkh8AlV0Gomt9Czx9LjHnSSpwBMmbRcgKFmxOtvxjTrKW19ye6PE3Ds1eQz3z8jr3W7_VbWmEu4Q8TVGSTHxs\"}";

    private MockWebServer server;
    private MutableClock clock;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuth2TokenEndpoint.Builder endpoint() {
        return OAuth2TokenEndpoint.builder(URI.create(baseUri(server) + "/oauth/tokens")).vendor("zendesk")
                .settings(HttpSettings.builder().clock(clock).allowInsecureLoopback().build());
    }

    private TokenClient.Builder oauth() {
        return oauth(endpoint());
    }

    private TokenClient.Builder oauth(OAuth2TokenEndpoint.Builder endpoint) {
        return TokenClient.clientCredentials(endpoint.build(), "rostersync", Secret.of(CLIENT_SECRET));
    }

    private JsonHttpClient client(HttpAuth auth) {
        return JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback().clock(clock)
                .retryPolicy(RetryPolicy.none()).auth(auth).build();
    }

    private static String tokenJson(String token, long expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
    }

    @Test
    void requestsTokenWithBasicClientAuthAndFormBody() throws Exception {
        server.enqueue(json(200, tokenJson("tok-1", 3600)));

        AccessToken token = oauth().scope("users:read users:write").build().token();

        assertThat(token.value().reveal()).isEqualTo("tok-1");
        assertThat(token.expiresAt()).contains(Instant.parse("2026-03-01T11:00:00Z"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/oauth/tokens");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("rostersync:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getBody().utf8()).isEqualTo("grant_type=client_credentials&scope=users%3Aread+users%3Awrite");
    }

    @Test
    void requestsTokenWithJsonBodyAndClientCredentialsInBodyForZendesk() throws Exception {
        server.enqueue(json(200, ZENDESK_TOKEN));

        AccessToken token = oauth(endpoint().requestFormat(OAuth2TokenEndpoint.RequestFormat.JSON))
                .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY)
                .scope("read").build().token();

        assertThat(token.value().reveal()).isEqualTo("gErypPlm4dOVgGRvA1ZzMH5MQ3nLo8bo");
        assertThat(token.scope()).contains("organizations:write read");
        assertThat(token.expiresAt()).isEmpty();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isNull();
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(request.getBody().utf8()).isEqualTo("{\"grant_type\":\"client_credentials\",\"scope\":\"read\","
                + "\"client_id\":\"rostersync\",\"client_secret\":\"" + CLIENT_SECRET + "\"}");
    }

    @Test
    void formBodyClientAuthentication() throws Exception {
        server.enqueue(json(200, SALESFORCE_TOKEN));

        oauth().clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY).build().token();

        assertThat(server.takeRequest().getBody().utf8())
                .isEqualTo("grant_type=client_credentials&client_id=rostersync&client_secret=" + CLIENT_SECRET);
    }

    @Test
    void exposesRawTokenResponseFieldsLikeSalesforceInstanceUrl() {
        server.enqueue(json(200, SALESFORCE_TOKEN));

        AccessToken token = oauth().build().token();

        assertThat(token.field("instance_url")).contains("https://na1.salesforce.com");
        assertThat(token.field("issued_at")).contains("1278448832702");
        assertThat(token.field("access_token")).isEmpty();
        assertThat(token.tokenType()).isEqualTo("bearer");
        assertThat(token.toString()).doesNotContain("00Dx0000000BV7z!AR8").doesNotContain("0CmxinZir53");
    }

    @Test
    void cachesTheTokenAcrossRequests() throws Exception {
        server.enqueue(json(200, tokenJson("tok-1", 3600)));
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, "{}"));
        }
        JsonHttpClient client = client(oauth().build());

        client.get("/a");
        client.get("/b");
        client.get("/c");

        assertThat(server.takeRequest().getTarget()).isEqualTo("/oauth/tokens");
        for (int i = 0; i < 3; i++) {
            assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void refreshesBeforeExpiryByTheConfiguredSkew() {
        server.enqueue(json(200, tokenJson("tok-1", 3600)));
        server.enqueue(json(200, tokenJson("tok-2", 3600)));
        TokenClient auth = oauth().refreshSkew(Duration.ofSeconds(120)).build();

        assertThat(auth.token().value().reveal()).isEqualTo("tok-1");
        clock.advance(Duration.ofSeconds(3600 - 121));
        assertThat(auth.token().value().reveal()).isEqualTo("tok-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(auth.token().value().reveal()).isEqualTo("tok-2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void assumedLifetimeAppliesWhenTheResponseHasNoExpiry() {
        server.enqueue(json(200, ZENDESK_TOKEN));

        AccessToken token = oauth(endpoint().assumedLifetime(Duration.ofHours(2))).build().token();

        assertThat(token.expiresAt()).contains(Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void refreshesOnceOn401AndRetriesTheRequest() throws Exception {
        server.enqueue(json(200, tokenJson("stale", 3600)));
        server.enqueue(json(401, "{\"error\":\"invalid_token\"}"));
        server.enqueue(json(200, tokenJson("fresh", 3600)));
        server.enqueue(json(200, "{\"user\":{}}"));

        JsonNodeAssert.hasField(client(oauth().build()).get("/api/v2/users/me"), "user");

        server.takeRequest();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer stale");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/oauth/tokens");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer fresh");
    }

    @Test
    void secondRejectionAfterRefreshIsAuthFailed() {
        server.enqueue(json(200, tokenJson("a", 3600)));
        server.enqueue(json(401, "{}"));
        server.enqueue(json(200, tokenJson("b", 3600)));
        server.enqueue(json(401, "{}"));

        assertThatThrownBy(() -> client(oauth().build()).get("/x")).isInstanceOf(AuthFailedException.class);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void concurrentCallersShareOneTokenRefresh() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        AtomicInteger apiRequests = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().equals("/oauth/tokens")) {
                    int n = tokenRequests.incrementAndGet();
                    return Fixtures.jsonBuilder(200, tokenJson("tok-" + n, 3600)).headersDelay(300, TimeUnit.MILLISECONDS).build();
                }
                apiRequests.incrementAndGet();
                return json(200, "{\"auth\":\"" + request.getHeaders().get("Authorization") + "\"}");
            }
        });
        JsonHttpClient client = client(oauth().build());
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return client.get("/api/v2/users/me").path("auth").asText();
                }));
            }
            go.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("Bearer tok-1");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tokenRequests).hasValue(1);
        assertThat(apiRequests).hasValue(callers);
    }

    @Test
    void concurrentRejectionsOfTheSameTokenCauseOneRefresh() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().equals("/oauth/tokens")) {
                    int n = tokenRequests.incrementAndGet();
                    return Fixtures.jsonBuilder(200, tokenJson("tok-" + n, 3600)).headersDelay(100, TimeUnit.MILLISECONDS).build();
                }
                // Only the first token is revoked.
                return "Bearer tok-1".equals(request.getHeaders().get("Authorization")) ? json(401, "{}") : json(200, "{}");
            }
        });
        TokenClient auth = oauth().build();
        auth.token();
        JsonHttpClient client = client(auth);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return client.get("/x");
                }));
            }
            go.countDown();
            for (Future<?> f : results) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tokenRequests).hasValue(2);
    }

    @Test
    void refusedClientIsAuthFailedWithTheOAuthErrorCodeAndNoSecret() {
        server.enqueue(json(400, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret "
                + CLIENT_SECRET + "\"}"));

        assertThatThrownBy(() -> oauth().build().token())
                .isInstanceOfSatisfying(AuthFailedException.class, e -> {
                    assertThat(e.vendorCode()).contains("invalid_client");
                    assertThat(e.vendorMessage()).isEmpty();
                    assertThat(e.httpStatus()).hasValue(400);
                })
                .hasMessageNotContaining(CLIENT_SECRET)
                .hasMessageContaining("token request refused");
    }

    @Test
    void tokenEndpointOutageIsTransient() {
        server.enqueue(json(503, "{}"));

        assertThatThrownBy(() -> oauth().build().token()).isInstanceOf(TransientException.class);
    }

    @Test
    void tokenResponseWithoutAccessTokenIsInvalidResponse() {
        server.enqueue(json(200, "{\"token_type\":\"bearer\"}"));
        server.enqueue(new MockResponse.Builder().code(200).body("<html>login</html>").build());
        TokenClient auth = oauth().build();

        assertThatThrownBy(auth::token).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("no access_token");
        assertThatThrownBy(auth::token).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void tokenEndpointMustBeHttps() {
        assertThatThrownBy(() -> OAuth2TokenEndpoint.builder(URI.create("http://login.example.com/token")).build())
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> OAuth2TokenEndpoint.builder(URI.create("http://login.example.com/token"))
                .settings(HttpSettings.builder().allowInsecureLoopback().build()).build())
                .as("the loopback allowance is for loopback hosts only").isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void aJwtBearerGrantSignsAFreshAssertionForEachExchangeAndCachesTheToken() throws Exception {
        server.enqueue(json(200, tokenJson("jwt-tok-1", 3600)));
        server.enqueue(json(401, "{}"));
        server.enqueue(json(200, tokenJson("jwt-tok-2", 3600)));
        server.enqueue(json(200, "{\"user\":{}}"));
        AtomicInteger signed = new AtomicInteger();
        TokenClient jwt = TokenClient.jwtBearer(endpoint().build(), "app as svc@acme.test",
                () -> Secret.of("assertion-" + signed.incrementAndGet() + "-signature-part")).build();

        JsonNodeAssert.hasField(client(jwt).get("/api/v2/users/me"), "user");

        String first = server.takeRequest().getBody().utf8();
        server.takeRequest();
        String second = server.takeRequest().getBody().utf8();
        assertThat(first).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
                .contains("assertion=assertion-1-signature-part");
        assertThat(second).contains("assertion=assertion-2-signature-part");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer jwt-tok-2");
        assertThat(signed).hasValue(2);
        assertThat(jwt.toString()).contains("jwtBearer(app as svc@acme.test)").doesNotContain("assertion-");
    }

    @Test
    void staticCredentialsAreTokensThatAreNeverRefreshed() {
        TokenClient bearer = (TokenClient) HttpAuth.bearer(Secret.of(CLIENT_SECRET));

        assertThat(bearer.token().tokenType()).isEqualTo("Bearer");
        assertThat(bearer.header().orElseThrow().value().reveal()).isEqualTo("Bearer " + CLIENT_SECRET);
        assertThat(bearer.refreshAfterRejection(bearer.header())).as("a 401 is final").isFalse();
        assertThat(bearer.token()).isSameAs(bearer.token());
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void grantOptionsThatDoNotApplyAreRefused() {
        TokenClient.Builder jwt = TokenClient.jwtBearer(endpoint().build(), "app", () -> Secret.of("a"));
        assertThatThrownBy(() -> jwt.scope("read")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client-credentials");
        assertThatThrownBy(() -> oauth().refreshSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenClient.clientCredentials(endpoint().build(), " ", Secret.of("s")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Tiny helper to keep the assertion readable. */
    private static final class JsonNodeAssert {
        static void hasField(com.fasterxml.jackson.databind.JsonNode node, String field) {
            assertThat(node.has(field)).as("body has %s", field).isTrue();
        }
    }
}
