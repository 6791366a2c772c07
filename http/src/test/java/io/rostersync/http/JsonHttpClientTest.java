package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.http.internal.JsonResponse;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JsonHttpClientTest {

    record User(long id, String name, String email) {
    }

    private MockWebServer server;
    private JsonHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        client = JsonHttpClient.builder("zendesk", baseUri(server))
                .allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none())
                .requestIdHeaders(List.of("X-Zendesk-Request-Id", "X-Request-Id"))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getReturnsParsedBodyAndRequestId() throws Exception {
        server.enqueue(Fixtures.jsonBuilder(200, "{\"user\":{\"id\":7,\"name\":\"Ann\"}}")
                .setHeader("X-Zendesk-Request-Id", "zd-123").build());

        JsonResponse response = client.send(JsonRequest.get("/api/v2/users/7").build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("user").path("name").asText()).isEqualTo("Ann");
        assertThat(response.requestId()).contains("zd-123");
        assertThat(response.header("x-zendesk-request-id")).contains("zd-123");
        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("GET");
        assertThat(recorded.getTarget()).isEqualTo("/api/v2/users/7");
        assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void postSendsJsonAndBindsTypedResult() throws Exception {
        server.enqueue(json(201, "{\"id\":9,\"name\":\"Bo\",\"email\":\"bo@example.com\",\"extra\":true}"));

        User created = client.post("/api/v2/users", Map.of("user", Map.of("name", "Bo")), User.class);

        assertThat(created).isEqualTo(new User(9, "Bo", "bo@example.com"));
        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(recorded.getBody().utf8()).isEqualTo("{\"user\":{\"name\":\"Bo\"}}");
    }

    @Test
    void putPatchAndDeleteUseTheirMethods() throws Exception {
        server.enqueue(json(200, "{\"ok\":1}"));
        server.enqueue(json(200, "{\"ok\":2}"));
        server.enqueue(new MockResponse.Builder().code(204).build());

        assertThat(client.put("/a", Map.of("x", 1)).path("ok").asInt()).isEqualTo(1);
        assertThat(client.patch("/b", Map.of("x", 2)).path("ok").asInt()).isEqualTo(2);
        assertThat(client.delete("/c").isMissingNode()).isTrue();

        assertThat(server.takeRequest().getMethod()).isEqualTo("PUT");
        assertThat(server.takeRequest().getMethod()).isEqualTo("PATCH");
        assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");
    }

    @Test
    void bindsGenericTypes() {
        server.enqueue(json(200, "[{\"id\":1,\"name\":\"A\",\"email\":\"a@x.test\"}]"));

        List<User> users = client.send(JsonRequest.get("/users").build()).as(new TypeReference<List<User>>() { });

        assertThat(users).extracting(User::id).containsExactly(1L);
    }

    @Test
    void queryParametersAreEncoded() throws Exception {
        server.enqueue(json(200, "{}"));

        client.send(JsonRequest.get("/api/v2/users").query("page[size]", "100").query("role[]", "agent admin").build());

        assertThat(server.takeRequest().getTarget())
                .isEqualTo("/api/v2/users?page%5Bsize%5D=100&role%5B%5D=agent%20admin");
    }

    @Test
    void relativeTargetsResolveBelowTheBasePath() throws Exception {
        JsonHttpClient salesforce = JsonHttpClient.builder("salesforce",
                        URI.create("http://127.0.0.1:" + server.getPort() + "/services/data/v60.0"))
                .allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build();
        server.enqueue(json(200, "{}"));
        server.enqueue(json(200, "{}"));

        salesforce.get("sobjects/User/005");
        salesforce.get("/services/data/v60.0/query/01gNEXT");

        assertThat(server.takeRequest().getTarget()).isEqualTo("/services/data/v60.0/sobjects/User/005");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/services/data/v60.0/query/01gNEXT");
    }

    @Test
    void refusesTargetsOnAnotherOrigin() {
        assertThatThrownBy(() -> client.get("https://evil.example.com/api/v2/users"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.get("//evil.example.com/x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void absoluteTargetOnTheSameOriginIsFollowed() throws Exception {
        server.enqueue(json(200, "{}"));

        client.get("http://127.0.0.1:" + server.getPort() + "/api/v2/users.json?page%5Bafter%5D=abc");

        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/users.json?page%5Bafter%5D=abc");
    }

    @Test
    void emptySuccessBodyIsMissingNodeAndCannotBeBound() {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(204).build());

        assertThat(client.get("/x").isMissingNode()).isTrue();
        assertThatThrownBy(() -> client.get("/x", User.class)).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void nonJsonSuccessBodyIsInvalidResponseWithoutParserText() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html>Maintenance SECRETISH</html>").build());

        assertThatThrownBy(() -> client.get("/api/v2/users"))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("body is not valid JSON (Content-Type text/html)")
                .hasMessageNotContaining("SECRETISH")
                .hasMessageNotContaining("Unexpected character")
                .hasNoCause();
    }

    @Test
    void bodyThatDoesNotFitTheTypeIsInvalidResponseNamingThePath() {
        server.enqueue(json(200, "{\"id\":\"not-a-number\",\"name\":\"A\"}"));

        assertThatThrownBy(() -> client.get("/x", User.class))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("does not fit User at $.id")
                .hasMessageNotContaining("not-a-number");
    }

    @Test
    void requestTimeoutAppliesToEveryCall() {
        JsonHttpClient impatient = JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofMillis(200)).build();
        server.enqueue(Fixtures.jsonBuilder(200, "{}").headersDelay(3, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> impatient.get("/slow"))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("no response within 200 ms")
                .satisfies(e -> assertThat(((RosterSyncException) e).httpStatus()).isEmpty());
    }

    @Test
    void requestTimeoutCoversASlowBodyNotJustTheHeaders() {
        JsonHttpClient impatient = JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofMillis(300)).build();
        server.enqueue(Fixtures.jsonBuilder(200, "{\"users\":[]}").bodyDelay(3, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> impatient.get("/trickle"))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("300 ms");
    }

    @Test
    void perRequestTimeoutOverridesTheClientDefault() {
        server.enqueue(Fixtures.jsonBuilder(200, "{}").headersDelay(3, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> client.send(JsonRequest.get("/slow").timeout(Duration.ofMillis(150)).build()))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("150 ms");
    }

    @Test
    void connectionRefusedIsTransient() {
        int port = server.getPort();
        server.close();
        JsonHttpClient dead = JsonHttpClient.builder("zendesk", URI.create("http://127.0.0.1:" + port))
                .allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build();

        assertThatThrownBy(() -> dead.get("/x")).isInstanceOf(TransientException.class)
                .hasMessageContaining("connection failed");
    }

    @Test
    void callerMayNotSetAuthorizationThroughRequestHeaders() {
        assertThatThrownBy(() -> JsonRequest.get("/x").header("Authorization", "Bearer x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestToStringShowsNoQuery() {
        assertThat(JsonRequest.get("/api/v2/users/search").query("query", "email:ann@example.com").build())
                .hasToString("GET /api/v2/users/search");
    }

    @Test
    void sendsExtraHeaders() throws Exception {
        server.enqueue(json(200, "{}"));

        client.send(JsonRequest.put("/x", Map.of()).header("If-Match", "\"v1\"").build());

        assertThat(server.takeRequest().getHeaders().get("If-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void httpBaseUriIsRejectedUnlessLoopbackIsAllowed() {
        assertThatThrownBy(() -> JsonHttpClient.builder("zendesk", baseUri(server)).build())
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void defaultObjectMapperIgnoresUnknownProperties() {
        server.enqueue(json(200, "{\"id\":1,\"name\":\"A\",\"email\":\"a@x.test\",\"new_vendor_field\":{}}"));

        assertThat(client.get("/u", User.class).id()).isEqualTo(1);
    }

    @Test
    void jsonNodeBodyIsSentAsIs() throws Exception {
        server.enqueue(json(200, "{}"));
        JsonNode body = client.objectMapper().readTree("{\"users\":[{\"id\":1}]}");

        client.post("/bulk", body);

        assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"users\":[{\"id\":1}]}");
    }
}
