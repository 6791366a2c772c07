package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The REST API's error array reaches the failure, token errors are read in the OAuth2 shape, and anything
 * else leaves the status alone.
 */
@Timeout(30)
class SalesforceErrorBodyTest {

    private final AtomicReference<MockResponse> answer = new AtomicReference<>();
    private final AtomicReference<MockResponse> tokenAnswer = new AtomicReference<>();
    private MockWebServer server;
    private SalesforceUserDirectory directory;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().endsWith("/services/oauth2/token")) {
                    return tokenAnswer.get();
                }
                return answer.get();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        tokenAnswer.set(json(200, utf8("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"instance_url\":\"http://127.0.0.1:"
                + server.getPort() + "\",\"issued_at\":\"1700000000000\"}")));
        SalesforceConnection connection = SalesforceConnection.builder(URI.create("http://127.0.0.1:" + server.getPort()))
                .clientCredentials("client", Secret.of("sf-client-secret-0123"))
                .trustHost("127.0.0.1")
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build())
                .build();
        directory = SalesforceUserDirectory.builder(connection).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(int status, byte[] body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body(new Buffer().write(body)).build();
    }

    private RosterSyncException getFails(int status, byte[] body) {
        answer.set(json(status, body));
        return catchThrowableOfType(RosterSyncException.class, () -> directory.get(NativeId.of("005000000000001AAA")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRestFailureCarriesTheFirstErrorsCodeAndMessage() {
        RosterSyncException e = getFails(400, utf8("[{\"message\":\"No such column 'foo' on sobject of type User\","
                + "\"errorCode\":\"INVALID_FIELD\"},{\"message\":\"second\",\"errorCode\":\"OTHER\"}]"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).contains("INVALID_FIELD");
        assertThat(e.vendorMessage()).contains("No such column 'foo' on sobject of type User");
    }

    @Test
    void aRefusedTokenRequestIsReadInTheOAuth2Shape() {
        tokenAnswer.set(json(400, utf8("{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}")));

        RosterSyncException e = getFails(200, utf8("{}"));

        assertThat(e).isInstanceOf(AuthFailedException.class);
        assertThat(e.vendorCode()).contains("invalid_client_id");
        assertThat(e.getMessage()).doesNotContain("sf-client-secret-0123");
    }

    @Test
    void anotherVendorsShapeIsNotReadAsSalesforces() {
        RosterSyncException e = getFails(400, utf8("{\"error\":\"RecordInvalid\",\"description\":\"bad\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).isEmpty();
        assertThat(e.vendorMessage()).isEmpty();
    }

    @Test
    void garbageOrHostileErrorBodiesStillMapByStatus() {
        byte[] noise = new byte[300];
        new java.util.Random(5).nextBytes(noise);
        List<byte[]> bodies = List.of(noise, utf8("[]"), utf8("[\"INVALID_FIELD\"]"), utf8("[null,{\"errorCode\":\"X\"}]"),
                utf8("[{\"errorCode\":{\"a\":1},\"message\":[]}]"), utf8("[".repeat(5000) + "]".repeat(5000)),
                utf8("[{\"errorCode\":\"INVAL"));
        for (byte[] body : bodies) {
            assertThat(getFails(400, body)).isInstanceOf(ValidationException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.vendorCode()).isEmpty())
                    .satisfies(e -> assertThat(e.vendorMessage()).isEmpty());
            assertThat(getFails(409, body)).isInstanceOf(ConflictException.class).hasNoCause();
            assertThat(getFails(503, body)).isInstanceOf(TransientException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }
    }
}
