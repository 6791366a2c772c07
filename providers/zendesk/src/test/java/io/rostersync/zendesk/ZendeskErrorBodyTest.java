package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ValidationException;
import io.rostersync.spi.WriteResult;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

/** Zendesk's own error-body shapes reach the failure; anything else leaves the status alone to decide. */
@Timeout(30)
class ZendeskErrorBodyTest {

    private final AtomicReference<MockResponse> answer = new AtomicReference<>();
    private MockWebServer server;
    private ZendeskDirectory directory;

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
        directory = ZendeskDirectory.builder()
                .subdomain("abc-energy")
                .apiToken("admin@abc-energy.example", Secret.of("zd-token-0123456789"))
                .baseUriForTesting(server.url("/").uri())
                .withoutClientRateLimits()
                .http(HttpSettings.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RosterSyncException failureOf(int status, byte[] body) {
        answer.set(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body(new Buffer().write(body)).build());
        return catchThrowableOfType(RosterSyncException.class, () -> directory.get(NativeId.of("12345")));
    }

    private RosterSyncException failureOf(int status, String body) {
        return failureOf(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Zendesk's own published error bodies, from ../shared/vendor-samples (required under CI=true). */
    private static String zendeskSample(String name) throws Exception {
        Optional<Path> dir = Optional.empty();
        for (Path d = Path.of("").toAbsolutePath(); d != null && dir.isEmpty(); d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("vendor-samples").resolve("zendesk");
            dir = Files.isDirectory(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(dir).as("vendor samples must be present in CI").isPresent();
        }
        assumeTrue(dir.isPresent(), "vendor samples not found next to the checkout");
        return Files.readString(dir.get().resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void zendesksPublishedNotFoundBodiesNameTheirCodeOnTheFailedWrite() throws Exception {
        for (String sample : List.of("error-record-not-found.json", "error-entitlements-404.json")) {
            answer.set(new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                    .body(zendeskSample(sample)).build());
            WriteResult result = directory.deactivate(NativeId.of("12345"));

            assertThat(result).as(sample).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
                assertThat(f.failure().vendorCode()).contains("RecordNotFound");
            });
        }
    }

    @Test
    void readsTheFlatErrorShape() {
        RosterSyncException e = failureOf(422, "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\"}");

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).contains("RecordInvalid");
        assertThat(e.vendorMessage()).contains("Record validation errors");
        assertThat(e.getMessage()).contains("HTTP 422 RecordInvalid \"Record validation errors\"");
    }

    @Test
    void readsTheNestedErrorShape() {
        RosterSyncException e = failureOf(400, "{\"error\":{\"title\":\"InvalidValue\",\"message\":\"Email is invalid\"}}");

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.vendorCode()).contains("InvalidValue");
        assertThat(e.vendorMessage()).contains("Email is invalid");
    }

    /** The {@code Errors} schema of Zendesk's OpenAPI document, as its 429 examples show it. */
    @Test
    void readsTheErrorsArrayShapeOfTheOpenApiDocument() {
        RosterSyncException e = failureOf(429,
                "{\"errors\":[{\"code\":\"TooManyRequests\",\"title\":\"Too many requests to update\"},"
                        + "{\"code\":\"Other\",\"title\":\"second\"}]}");

        assertThat(e.vendorCode()).contains("TooManyRequests");
        assertThat(e.vendorMessage()).contains("Too many requests to update");
    }

    @Test
    void anErrorsEntryDetailThatMayQuoteSubmittedValuesIsNotRead() {
        RosterSyncException e = failureOf(422,
                "{\"errors\":[{\"code\":\"InvalidValue\",\"title\":\"Invalid\",\"detail\":\"s3cr3t-value\"}]}");

        assertThat(e.vendorCode()).contains("InvalidValue");
        assertThat(e.getMessage()).doesNotContain("s3cr3t-value");
        assertThat(e.vendorMessage()).contains("Invalid");
    }

    @Test
    void anotherVendorsShapeIsNotReadAsZendesks() {
        RosterSyncException e = failureOf(409, "[{\"errorCode\":\"DUPLICATE_VALUE\",\"message\":\"duplicate\"}]");

        assertThat(e).isInstanceOf(ConflictException.class);
        assertThat(e.vendorCode()).isEmpty();
        assertThat(e.vendorMessage()).isEmpty();
    }

    @Test
    void garbageOrHostileErrorBodiesStillMapByStatus() {
        byte[] noise = new byte[300];
        new java.util.Random(14).nextBytes(noise);
        List<byte[]> bodies = List.of(noise, "{\"error\":[1,2]}".getBytes(StandardCharsets.UTF_8),
                "{\"error\":{\"title\":{\"a\":1},\"message\":[]}}".getBytes(StandardCharsets.UTF_8),
                "{\"error\":\"   \"}".getBytes(StandardCharsets.UTF_8),
                ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8),
                "{\"error\":\"RecordNot".getBytes(StandardCharsets.UTF_8), "null".getBytes(StandardCharsets.UTF_8),
                "{\"errors\":[[1],{\"code\":2}]}".getBytes(StandardCharsets.UTF_8),
                "{\"errors\":{\"code\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        for (byte[] body : bodies) {
            assertThat(failureOf(422, body)).isInstanceOf(ValidationException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.vendorMessage()).isEmpty());
            assertThat(failureOf(409, body)).isInstanceOf(ConflictException.class).hasNoCause();
            assertThat(failureOf(503, body)).isInstanceOf(TransientException.class).hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }
    }

    @Test
    void anOverlongDescriptionIsCut() {
        RosterSyncException e = failureOf(422, "{\"error\":\"RecordInvalid\",\"description\":\"" + "x".repeat(5000) + "\"}");

        assertThat(e.vendorMessage().orElseThrow()).hasSizeLessThanOrEqualTo(201);
    }
}
