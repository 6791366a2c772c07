package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an emulator records of each request, and that no secret survives the recording. */
@Timeout(30)
class RecordedRequestsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ItemsEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ItemsEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private void send(HttpRequest.Builder request) throws Exception {
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void recordsMethodPathQueryHeadersAndBodyInArrivalOrder() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/items?page=1&tag=a%20b&tag=c")).header("X-Trace", "t-1"));
        send(HttpRequest.newBuilder(emulator.uri("/items/batch")).POST(HttpRequest.BodyPublishers.ofString("ada\nbob")));

        RecordedRequest first = emulator.takeRequest();
        assertThat(first.sequence()).isZero();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/items");
        assertThat(first.query()).containsExactly(Map.entry("page", List.of("1")), Map.entry("tag", List.of("a b", "c")));
        assertThat(first.queryParameter("tag")).contains("a b");
        assertThat(first.queryParameter("absent")).isEmpty();
        assertThat(first.header("x-trace")).as("case-insensitive").contains("t-1");
        assertThat(first.body()).isEmpty();
        RecordedRequest second = emulator.takeRequest();
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(second.requestLine()).isEqualTo("POST /items/batch");
        assertThat(second.body()).isEqualTo("ada\nbob");
        assertThat(emulator.takeRequest(Duration.ZERO)).as("both taken").isEmpty();
        assertThat(emulator.requests()).as("requests() does not consume").containsExactly(first, second);
        assertThat(emulator.requestCount()).isEqualTo(2);
    }

    @Test
    void takeRequestWaitsForTheNextRequest() throws Exception {
        Thread client = new Thread(() -> {
            try {
                send(HttpRequest.newBuilder(emulator.uri("/items")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        client.start();

        assertThat(emulator.takeRequest().path()).isEqualTo("/items");
        client.join();
        assertThatThrownBy(() -> emulator.takeRequest(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authorizationAndApiKeyHeadersAreMasked() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/items"))
                .header("Authorization", "Bearer sekrit-token-123")
                .header("X-Api-Key", "sekrit-key-456")
                .header("Cookie", "session=sekrit-cookie-789"));

        RecordedRequest r = emulator.takeRequest();

        assertThat(r.header("Authorization")).contains(RecordedRequest.MASK);
        assertThat(r.header("X-Api-Key")).contains(RecordedRequest.MASK);
        assertThat(r.header("Cookie")).contains(RecordedRequest.MASK);
        assertThat(r.toString()).doesNotContain("sekrit");
        assertThat(emulator.requests().toString()).doesNotContain("sekrit");
    }

    @Test
    void tokenFormSecretsAreMaskedAndOtherFieldsKept() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=app-1"
                        + "&client_secret=sekrit%2Fsecret&assertion=sekrit.jwt.sig&refresh_token=sekrit-rt&code=sekrit-code")));

        RecordedRequest r = emulator.takeRequest();

        assertThat(r.body()).isEqualTo("grant_type=client_credentials&client_id=app-1"
                + "&client_secret=***&assertion=***&refresh_token=***&code=***");
        assertThat(r.toString()).doesNotContain("sekrit");
    }

    @Test
    void aFormBodyWithoutItsContentTypeIsMaskedToo() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/token"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=ada&password=sekrit-pw")));

        assertThat(emulator.takeRequest().body()).isEqualTo("grant_type=password&username=ada&password=***");
    }

    @Test
    void secretsInTheQueryStringAreMasked() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/token?client_id=app-1&client_secret=sekrit-qs")));

        RecordedRequest r = emulator.takeRequest();

        assertThat(r.queryParameter("client_secret")).as("present, so a test can see it was sent there").contains("***");
        assertThat(r.queryParameter("client_id")).contains("app-1");
        assertThat(r.requestLine()).isEqualTo("GET /token?client_id=app-1&client_secret=***");
        assertThat(r.toString()).doesNotContain("sekrit");
    }

    @Test
    void jsonPasswordValuesAreMasked() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/items/batch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userName\":\"ada\",\"password\" : \"sekrit \\\"quoted\\\" pw\",\"nested\":{\"Password\":\"sekrit2\"}}")));

        RecordedRequest r = emulator.takeRequest();

        assertThat(r.body()).isEqualTo("{\"userName\":\"ada\",\"password\" : \"***\",\"nested\":{\"Password\":\"***\"}}");
        assertThat(r.toString()).doesNotContain("sekrit");
    }

    @Test
    void aJsonSecretWhoseNameIsSpelledWithEscapesIsMaskedAsAJsonParserReadsIt() throws Exception {
        // "pass\u0077ord" is "password" to any JSON parser, so a server would take it as the password.
        send(HttpRequest.newBuilder(emulator.uri("/items/batch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userName\":\"ada\",\"pass\\u0077ord\":\"sekrit-escaped\",\"list\":[{\"client_secret\":\"sekrit-2\"}]}")));

        RecordedRequest r = emulator.takeRequest();

        assertThat(r.body()).doesNotContain("sekrit").contains("\"userName\":\"ada\"");
        assertThat(new ObjectMapper().readTree(r.body()).get("password").asText()).isEqualTo(RecordedRequest.MASK);
        assertThat(r.toString()).doesNotContain("sekrit");
    }

    @Test
    void recordedRequestsAreImmutable() throws Exception {
        send(HttpRequest.newBuilder(emulator.uri("/items?page=1")).header("X-Trace", "t-1"));

        RecordedRequest r = emulator.takeRequest();

        assertThatThrownBy(() -> r.query().put("page", List.of("2"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.headers().get("X-Trace").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> emulator.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
