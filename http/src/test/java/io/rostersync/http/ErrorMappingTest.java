package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ErrorMappingTest {

    private MockWebServer server;
    private JsonHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        client = JsonHttpClient.builder("zendesk", baseUri(server))
                .allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none())
                .requestIdHeaders(List.of("X-Zendesk-Request-Id", "X-Request-Id"))
                .errorParser(Fixtures.COMMON_SHAPES)
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "400, ValidationException, VALIDATION",
        "422, ValidationException, VALIDATION",
        "401, AuthFailedException, AUTH_FAILED",
        "403, PermissionDeniedException, PERMISSION_DENIED",
        "404, NotFoundException, NOT_FOUND",
        "410, NotFoundException, NOT_FOUND",
        "409, ConflictException, CONFLICT",
        "412, ConflictException, CONFLICT",
        "429, RateLimitedException, RATE_LIMITED",
        "408, TransientException, TRANSIENT",
        "500, TransientException, TRANSIENT",
        "503, TransientException, TRANSIENT",
        "501, UnsupportedCapabilityException, UNSUPPORTED",
        "505, UnsupportedCapabilityException, UNSUPPORTED",
        "405, UnknownFailureException, UNKNOWN",
        "413, UnknownFailureException, UNKNOWN",
        "302, UnknownFailureException, UNKNOWN",
    })
    void mapsStatusToOneTypeAndKind(int status, String type, FailureKind kind) {
        server.enqueue(json(status, "{}"));

        RosterSyncException e = catchThrowableOfType(RosterSyncException.class, () -> client.get("/api/v2/users/1"));

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e).isInstanceOf(RosterSyncException.class);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.vendor()).contains("zendesk");
        // The status mapping and the kind mapping agree: one type per kind, whoever throws it.
        assertThat(e.getClass()).isEqualTo(RosterSyncException.of(kind, "same kind").getClass());
    }

    /** Bodies a broken proxy, a truncated write or a hostile server may send with an error status. */
    static Stream<Arguments> garbageErrorBodies() {
        byte[] binary = new byte[512];
        new Random(14).nextBytes(binary);
        return Stream.of(
                Arguments.of("binary noise", binary),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                Arguments.of("a JSON string", "\"RecordNotFound\"".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a JSON number", "404".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("null", "null".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an array of strings", "[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an empty array", "[]".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("error as an array", "{\"error\":[1,2]}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("errors with no objects", "{\"errors\":[\"x\",null]}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("code as an object", "{\"code\":{\"a\":1},\"message\":[]}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("blank code", "{\"error\":\"   \"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("deep nesting", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8)),
                Arguments.of("truncated", "{\"errorCode\":\"NOT_FO".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("BOM and whitespace", "\uFEFF  \n\t".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageErrorBodies")
    void garbageErrorBodyStillMapsByStatusAlone(String label, byte[] body) {
        for (int status : new int[] {400, 404, 409, 429, 503}) {
            server.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                    .body(new Buffer().write(body)).build());
            RosterSyncException e = catchThrowableOfType(RosterSyncException.class, () -> client.get("/api/v2/users/1"));

            assertThat(e).as("%s with %s", status, label).isNotNull().hasNoCause();
            assertThat(e.getClass()).as("%s with %s", status, label)
                    .isEqualTo(RosterSyncException.of(kindOf(status), "x").getClass());
            assertThat(e.httpStatus()).hasValue(status);
            assertThat(e.vendorMessage()).as(label).isEmpty();
            assertThat(e.getMessage()).as(label).startsWith("zendesk GET /api/v2/users/1: HTTP " + status)
                    .doesNotContain("\uFFFD").hasSizeLessThan(300);
        }
    }

    private static FailureKind kindOf(int status) {
        return switch (status) {
            case 400 -> FailureKind.VALIDATION;
            case 404 -> FailureKind.NOT_FOUND;
            case 409 -> FailureKind.CONFLICT;
            case 429 -> FailureKind.RATE_LIMITED;
            default -> FailureKind.TRANSIENT;
        };
    }

    @Test
    void carriesZendeskErrorCodeDescriptionAndRequestId() {
        server.enqueue(Fixtures.jsonBuilder(404, "{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}")
                .setHeader("X-Zendesk-Request-Id", "req-42").build());

        assertThatThrownBy(() -> client.get("/api/v2/users/123?include=roles"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.vendorCode()).contains("RecordNotFound");
                    assertThat(e.vendorMessage()).contains("Not found");
                    assertThat(e.requestId()).contains("req-42");
                    assertThat(e.getMessage()).isEqualTo(
                            "zendesk GET /api/v2/users/123: HTTP 404 RecordNotFound \"Not found\" (request id req-42)");
                });
    }

    @Test
    void aClientWithoutAVendorParserKeepsTheStatusAndReadsNoBody() {
        JsonHttpClient plain = JsonHttpClient.builder("acme", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).build();
        server.enqueue(json(404, "{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}"));

        assertThatThrownBy(() -> plain.get("/api/users/1"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.vendorCode()).isEmpty();
                    assertThat(e.vendorMessage()).isEmpty();
                })
                .hasMessage("acme GET /api/users/1: HTTP 404");
    }

    @Test
    void aParserThatFailsOrAnswersNullCountsAsFindingNothing() {
        VendorErrorParser throwing = (body, json) -> {
            throw new IllegalStateException("parser bug " + new String(body, StandardCharsets.UTF_8));
        };
        VendorErrorParser overflowing = (body, json) -> {
            throw new StackOverflowError();
        };
        VendorErrorParser answeringNull = (body, json) -> nullError();
        for (VendorErrorParser parser : List.of(throwing, overflowing, answeringNull)) {
            JsonHttpClient c = JsonHttpClient.builder("acme", baseUri(server)).allowInsecureLoopback()
                    .retryPolicy(RetryPolicy.none()).errorParser(parser).build();
            server.enqueue(json(409, "{\"error\":\"Taken\"}"));

            RosterSyncException e = catchThrowableOfType(RosterSyncException.class, () -> c.post("/api/users", "{}"));

            assertThat(e).isInstanceOf(ConflictException.class).hasNoCause()
                    .hasMessage("acme POST /api/users: HTTP 409");
            assertThat(e.vendorCode()).isEmpty();
        }
    }

    @SuppressWarnings("NullAway")
    private static VendorError nullError() {
        return null;
    }

    @Test
    void whatAParserFindsIsCutCleanedAndJudgedHere() {
        VendorErrorParser careless = (body, json) -> new VendorError(Optional.of("Bad\u0000Code" + "C".repeat(5000)),
                Optional.of("line one\nline two\u001b[31m " + "m".repeat(5000)));
        JsonHttpClient c = JsonHttpClient.builder("acme", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).errorParser(careless).build();
        server.enqueue(json(422, "{}"));
        server.enqueue(json(401, "{}"));

        assertThatThrownBy(() -> c.put("/api/users/1", "{}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.vendorCode().orElseThrow()).hasSizeLessThanOrEqualTo(201).doesNotContain("\u0000");
                    assertThat(e.vendorMessage().orElseThrow()).hasSizeLessThanOrEqualTo(201)
                            .startsWith("line one line two").doesNotContain("\n", "\u001b");
                    assertThat(e.getMessage()).hasSizeLessThan(500);
                });
        // Where a body may echo credentials, only a code that looks like one is kept, and no message.
        assertThatThrownBy(() -> c.get("/api/users/1"))
                .isInstanceOfSatisfying(AuthFailedException.class, e -> {
                    assertThat(e.vendorCode()).isEmpty();
                    assertThat(e.vendorMessage()).isEmpty();
                });
    }

    @Test
    void nonJsonErrorBodyBecomesStatusBasedError() {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html><body>Bad Gateway from nginx</body></html>").build());

        assertThatThrownBy(() -> client.get("/api/v2/users"))
                .isInstanceOfSatisfying(TransientException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(502);
                    assertThat(e.vendorCode()).isEmpty();
                    assertThat(e.vendorMessage()).isEmpty();
                    assertThat(e.getMessage()).isEqualTo("zendesk GET /api/v2/users: HTTP 502");
                });
    }

    @Test
    void malformedJsonErrorBodyBecomesStatusBasedError() {
        server.enqueue(json(404, "{\"error\": \"RecordNot"));

        assertThatThrownBy(() -> client.get("/api/v2/users/1"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("zendesk GET /api/v2/users/1: HTTP 404")
                .hasNoCause();
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        server.enqueue(Fixtures.jsonBuilder(429, "{}").setHeader("Retry-After", "93").build());

        assertThatThrownBy(() -> client.get("/api/v2/users"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(93)))
                .hasMessageContaining("retry after 93 s");
    }

    @Test
    void overlongVendorMessageIsCut() {
        server.enqueue(json(422, "{\"error\":\"RecordInvalid\",\"description\":\"" + "x".repeat(5000) + "\"}"));

        assertThatThrownBy(() -> client.post("/u", "{}"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.vendorMessage().orElseThrow()).hasSizeLessThanOrEqualTo(201));
    }
}
