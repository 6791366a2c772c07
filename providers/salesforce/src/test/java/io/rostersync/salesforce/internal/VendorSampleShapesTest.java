package io.rostersync.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.AccessToken;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.Page;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.salesforce.ApiUsageListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The provider's reading of Salesforce's own response shapes, served verbatim from the shared
 * vendor samples ({@code ../shared/vendor-samples/salesforce}, see SOURCES.md there) over loopback HTTP.
 * Skipped when the samples are not next to the checkout, except under {@code CI=true}, where their
 * absence fails the test.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VendorSampleShapesTest {

    private MockWebServer server;
    private SalesforceApi api;

    private static Optional<Path> samples() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("vendor-samples").resolve("salesforce");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String sample(String name) throws IOException {
        Optional<Path> dir = samples();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(dir).as("vendor samples must be present in CI").isPresent();
        }
        assumeTrue(dir.isPresent(), "vendor samples not found next to the checkout");
        return Files.readString(dir.get().resolve(name), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        URI base = URI.create("http://127.0.0.1:" + server.getPort());
        AccessToken token = new AccessToken(Secret.of("sample-token"), "bearer", Instant.EPOCH, Optional.empty(), Optional.empty(),
                Map.of("instance_url", base.toString()));
        api = new SalesforceApi(() -> token, URI::create,
                b -> JsonHttpClient.builder("salesforce", b).auth(HttpAuth.bearer(Secret.of("sample-token")))
                        .retryPolicy(RetryPolicy.none()).allowInsecureLoopback()
                        .errorParser(SalesforceErrorParser.INSTANCE).build(),
                "62.0", 2000, 0, ApiUsageListener.none());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void respond(int status, String body) {
        server.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build());
    }

    private static List<ObjectNode> records(int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.putObject("attributes").put("type", "User");
            r.put("id", "005xx00000000" + i + "AAA");
            out.add(r);
        }
        return out;
    }

    @Test
    void createPartialFailureGivesOneOutcomePerRecordWithStatusCode() throws IOException {
        respond(200, sample("sobject-collections-create-partial-failure.json"));

        List<RecordResult> results = api.create(records(2));

        assertThat(results.get(0).success()).isFalse();
        assertThat(results.get(0).code()).contains("DUPLICATES_DETECTED");
        assertThat(results.get(1).success()).isTrue();
        assertThat(results.get(1).id()).contains("003RM0000068xVCYAY");
    }

    @Test
    void updatePartialFailureNamesTheMalformedId() throws IOException {
        respond(200, sample("sobject-collections-update-partial-failure.json"));

        List<RecordResult> results = api.update(records(2));

        assertThat(results.get(0).success()).isTrue();
        assertThat(results.get(1).code()).contains("MALFORMED_ID");
        assertThat(ErrorCodes.kind(results.get(1).code().orElseThrow(), true)).isEqualTo(io.rostersync.spi.FailureKind.NOT_FOUND);
    }

    @Test
    void deletePartialFailureIsReadTheSameWay() throws IOException {
        respond(200, sample("sobject-collections-delete-partial-failure.json"));

        List<RecordResult> results = api.delete(List.of("001RM000003oLrfYAE", "001RM000003oLrB000"));

        assertThat(results).extracting(RecordResult::success).containsExactly(true, false);
    }

    @Test
    void topLevelErrorCodeFailsEveryRecordOfTheCall() throws IOException {
        respond(400, sample("error-malformed-id.json"));

        List<RecordResult> results = api.update(records(3));

        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.code()).contains("MALFORMED_ID"));
    }

    @Test
    void queryFollowsNextRecordsUrlUntilDone() throws IOException {
        respond(200, sample("query-page1-not-done.restforce.json"));
        respond(200, sample("query-page2-done.restforce.json"));

        List<JsonNode> all = new ArrayList<>();
        for (Iterator<Page<JsonNode>> it = api.query("SELECT Text_Label FROM Whizbang"); it.hasNext(); ) {
            all.addAll(it.next().items());
        }

        assertThat(all).extracting(r -> r.path("Text_Label").asText()).containsExactly("First Page", "Last Page");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
