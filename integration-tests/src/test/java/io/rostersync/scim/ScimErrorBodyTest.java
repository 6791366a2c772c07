package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ValidationException;
import io.rostersync.spi.WriteResult;
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

/** The SCIM error response (RFC 7644 section 3.12) reaches the failure; anything else leaves the status alone. */
@Timeout(30)
class ScimErrorBodyTest {

    private final AtomicReference<MockResponse> answer = new AtomicReference<>();
    private MockWebServer server;
    private ScimUserDirectory directory;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.get();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        directory = ScimFixtures.directory("scim-errors", server.url("/scim/v2/").uri(), ScimFixtures.TOKEN).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(int status, byte[] body) {
        answer.set(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/scim+json")
                .body(new Buffer().write(body)).build());
    }

    private RosterSyncException getFails(int status, byte[] body) {
        answer(status, body);
        return catchThrowableOfType(RosterSyncException.class, () -> directory.get(NativeId.of("u-1")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedCreateCarriesScimTypeAndDetail() {
        answer(409, utf8("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"409\",\"scimType\":\"uniqueness\",\"detail\":\"userName taken\"}"));

        WriteResult r = directory.create(UserProfile.builder().username("jsmith").email("jane@example.com")
                .firstName("Jane").lastName("Smith").build(), CreateOptions.silent());

        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
            assertThat(f.failure().vendorCode()).contains("uniqueness");
            assertThat(f.failure().message()).contains("userName taken");
        });
    }

    @Test
    void aDetailWithoutScimTypeIsKept() {
        RosterSyncException e = getFails(400, utf8("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"400\",\"detail\":\"Request is unparsable\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).isEmpty();
        assertThat(e.vendorMessage()).contains("Request is unparsable");
    }

    @Test
    void anotherVendorsShapeIsNotReadAsScim() {
        RosterSyncException e = getFails(400, utf8("{\"error\":\"RecordInvalid\",\"description\":\"bad\"}"));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).isEmpty();
        assertThat(e.vendorMessage()).isEmpty();
    }

    @Test
    void garbageOrHostileErrorBodiesStillMapByStatus() {
        byte[] noise = new byte[300];
        new java.util.Random(7644).nextBytes(noise);
        List<byte[]> bodies = List.of(noise, utf8("{\"scimType\":{\"a\":1},\"detail\":[\"x\"]}"),
                utf8("{\"scimType\":\"   \",\"status\":{}}"), utf8("[".repeat(5000) + "]".repeat(5000)),
                utf8("{\"scimType\":\"uniq"), utf8("\"uniqueness\""));
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
