package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.model.Cursor;
import io.rostersync.http.Secret;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Found by the sandbox fuzzer: a User row whose Id holds a control character made the permission-set
 * query builder throw IllegalArgumentException out of an incremental read. The row must be a read problem instead.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedVendorIdTest {

    @Test
    void aUserRowWithAControlCharacterInItsIdIsAReadProblemInFullAndIncrementalReads() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String path = request.getUrl().encodedPath();
                    String q = request.getUrl().queryParameter("q");
                    if (path.endsWith("/services/oauth2/token")) {
                        return json("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"instance_url\":\"http://127.0.0.1:"
                                + server.getPort() + "\",\"issued_at\":\"1700000000000\"}");
                    }
                    if (q != null && q.contains("FROM User")) {
                        return json("{\"totalSize\":2,\"done\":true,\"records\":["
                                + "{\"Id\":\"005\\u0001000000000AAA\",\"Email\":\"bad@acme.example\",\"Username\":\"bad@acme.example\","
                                + "\"LastName\":\"Bad\",\"IsActive\":true},"
                                + "{\"Id\":\"005000000000001AAA\",\"Email\":\"good@acme.example\",\"Username\":\"good@acme.example\","
                                + "\"LastName\":\"Good\",\"IsActive\":true}]}");
                    }
                    return json("{\"totalSize\":0,\"done\":true,\"records\":[]}");
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            SalesforceConnection connection = SalesforceConnection.builder(URI.create("http://127.0.0.1:" + server.getPort()))
                    .clientCredentials("client", Secret.of("secret"))
                    .trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build())
                    .build();
            SalesforceUserDirectory directory = SalesforceUserDirectory.builder(connection).build();

            Read full = read(directory.readAll());
            Read changes = read(directory.readChanges(full.cursor().orElseThrow()));

            assertThat(full.ids()).containsExactly("005000000000001AAA");
            assertThat(full.problems()).hasSize(1);
            assertThat(changes.ids()).containsExactly("005000000000001AAA");
            assertThat(changes.problems()).hasSize(1);
        }
    }

    private record Read(List<String> ids, List<ReadProblem> problems, Optional<Cursor> cursor) {
    }

    private static Read read(UserPages pages) {
        List<String> ids = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        Optional<Cursor> cursor = Optional.empty();
        try (pages) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> ids.add(u.id().value()));
                problems.addAll(p.get().problems());
                if (p.get().cursorAfter().isPresent()) {
                    cursor = p.get().cursorAfter();
                }
            }
        }
        return new Read(ids, problems, cursor);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }
}
