package io.rostersync.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ValidationException;
import java.net.InetAddress;
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
 * Talkdesk's REST error body ({@code code}, {@code message}) reaches a failed read; its SCIM endpoints are
 * read in the SCIM error shape; anything else leaves the status alone.
 */
@Timeout(30)
class TalkdeskErrorBodyTest {

    private final AtomicReference<MockResponse> answer = new AtomicReference<>();
    private MockWebServer server;
    private TalkdeskUserDirectory directory;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/oauth/token")) {
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                            .body("{\"access_token\":\"td-access\",\"token_type\":\"Bearer\",\"expires_in\":600}").build();
                }
                return answer.get();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        directory = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials("client-1", Secret.of("td-client-secret-0123"))
                .endpoints(server.url("/").uri(), server.url("/oauth/token").uri())
                .http(TalkdeskFixtures.http().build())
                .scimRequestsPerSecond(TalkdeskFixtures.FAST_RPS)
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(int status, byte[] body) {
        answer.set(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body(new Buffer().write(body)).build());
    }

    private RosterSyncException restReadFails(int status, byte[] body) {
        answer(status, body);
        return catchThrowableOfType(RosterSyncException.class, () -> directory.readAll().next());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRestFailureCarriesTheCodeAndMessage() {
        RosterSyncException e = restReadFails(400, utf8("{\"code\":\"1001001\",\"message\":\"Invalid page size\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).contains("1001001");
        assertThat(e.vendorMessage()).contains("Invalid page size");
    }

    @Test
    void aScimFailureIsReadInTheScimShape() {
        answer(409, utf8("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"409\",\"scimType\":\"mutability\",\"detail\":\"locked\"}"));

        RosterSyncException e = catchThrowableOfType(RosterSyncException.class, () -> directory.get(NativeId.of("u-1")));

        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.vendorCode()).contains("mutability");
        assertThat(e.vendorMessage()).contains("locked");
    }

    @Test
    void anotherVendorsShapeIsNotReadAsTalkdesks() {
        RosterSyncException e = restReadFails(400, utf8("{\"error\":\"RecordInvalid\",\"description\":\"bad\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).isEmpty();
        assertThat(e.vendorMessage()).isEmpty();
    }

    @Test
    void garbageOrHostileErrorBodiesStillMapByStatus() {
        byte[] noise = new byte[300];
        new java.util.Random(42).nextBytes(noise);
        List<byte[]> bodies = List.of(noise, utf8("{\"code\":{\"a\":1},\"message\":[]}"), utf8("{\"code\":\"  \"}"),
                utf8("[".repeat(5000) + "]".repeat(5000)), utf8("{\"code\":\"10010"), utf8("[{\"code\":\"1\"}]"));
        for (byte[] body : bodies) {
            assertThat(restReadFails(400, body)).isInstanceOf(ValidationException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.vendorCode()).isEmpty())
                    .satisfies(e -> assertThat(e.vendorMessage()).isEmpty());
            assertThat(restReadFails(409, body)).isInstanceOf(ConflictException.class).hasNoCause();
            assertThat(restReadFails(503, body)).isInstanceOf(TransientException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }
    }
}
