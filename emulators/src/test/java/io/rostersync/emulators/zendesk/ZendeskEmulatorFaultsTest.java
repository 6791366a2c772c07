package io.rostersync.emulators.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared fault vocabulary as the Zendesk emulator answers it on the wire, and its recorded requests. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZendeskEmulatorFaultsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (ZendeskEmulator.DEFAULT_EMAIL + "/token:" + ZendeskEmulator.DEFAULT_API_TOKEN).getBytes(StandardCharsets.UTF_8));

    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = ZendeskEmulator.extension();

    private HttpResponse<String> send(ZendeskEmulator emulator, String method, String path, String body, String auth)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(emulator.baseUri().resolve(path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (!auth.isEmpty()) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(zendesk.emulator(), "GET", path, "", BASIC);
    }

    @Test
    void statusFaultsCarryZendesksErrorBodyAndRetryAfterInBothForms() throws Exception {
        zendesk.emulator().faults()
                .next(ZendeskEmulator.LIST_USERS, Fault.status(503, new Fault.RetryAfter.Seconds(7)))
                .next(ZendeskEmulator.LIST_USERS, Fault.rateLimitedUntil(Instant.parse("2026-12-03T14:00:00Z")))
                .next(ZendeskEmulator.SHOW_USER, Fault.status(404));

        HttpResponse<String> unavailable = get("/api/v2/users");
        HttpResponse<String> limited = get("/api/v2/users");
        HttpResponse<String> missing = get("/api/v2/users/1000001");

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).contains("7");
        assertThat(unavailable.body()).contains("\"error\":\"ServiceUnavailable\"");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("Thu, 03 Dec 2026 14:00:00 GMT");
        assertThat(limited.body()).contains("\"error\":\"APIRateLimitExceeded\"");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\":\"RecordNotFound\"");
        assertThat(get("/api/v2/users").statusCode()).as("the plan is used up").isEqualTo(200);
    }

    @Test
    void tokenExpiredRevokesTheIssuedBearerTokenAsZendeskOAuthAnswers() throws Exception {
        try (ZendeskEmulator emulator = ZendeskEmulator.builder().oauthClient("sync", "client-secret-value").start()) {
            String bearer = "Bearer " + token(emulator);
            assertThat(send(emulator, "GET", "/api/v2/users", "", bearer).statusCode()).isEqualTo(200);
            emulator.faults().next(ZendeskEmulator.LIST_USERS, Fault.tokenExpired());

            HttpResponse<String> expired = send(emulator, "GET", "/api/v2/users", "", bearer);
            HttpResponse<String> after = send(emulator, "GET", "/api/v2/custom_roles", "", bearer);

            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.body()).contains("\"error\":\"invalid_token\"");
            assertThat(after.statusCode()).as("the token stays revoked").isEqualTo(401);
            assertThat(send(emulator, "GET", "/api/v2/users", "", "Bearer " + token(emulator)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokenExpiredForAnApiTokenIsZendesksPlain401AndTheTokenKeepsWorking() throws Exception {
        zendesk.emulator().faults().next(Route.any(), Fault.tokenExpired());

        HttpResponse<String> refused = get("/api/v2/users");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Couldn't authenticate you");
        assertThat(get("/api/v2/users").statusCode()).isEqualTo(200);
    }

    @Test
    void partialBatchFailureReportsTheNamedItemsFailedInTheJobResultsAndRunsTheOthers() throws Exception {
        ZendeskEmulator emulator = zendesk.emulator();
        long kept = emulator.addUser("Kay Kept", "kay@acme.test", "agent");
        long failing = emulator.addUser("Fay Failing", "fay@acme.test", "agent");
        emulator.faults().next(ZendeskEmulator.CREATE_OR_UPDATE_MANY, Fault.partialBatchFailure(Set.of("Bo@acme.test"), "EmailInvalid"))
                .next(ZendeskEmulator.UPDATE_MANY, Fault.partialBatchFailure(Set.of(Long.toString(failing)), "PermissionDenied"));

        String created = send(emulator, "POST", "/api/v2/users/create_or_update_many", "{\"users\":["
                + "{\"name\":\"Al\",\"email\":\"al@acme.test\"},{\"name\":\"Bo\",\"email\":\"bo@acme.test\"}]}", BASIC).body();
        String updated = send(emulator, "PUT", "/api/v2/users/update_many", "{\"users\":["
                + "{\"id\":" + kept + ",\"name\":\"Kay Renamed\"},{\"id\":" + failing + ",\"name\":\"Fay Renamed\"}]}", BASIC).body();

        String createResults = completed(jobId(created));
        assertThat(createResults).contains("\"status\":\"completed\"")
                .contains("\"success\":false,\"error\":\"EmailInvalid\"")
                .contains("\"status\":\"Created\",\"email\":\"al@acme.test\"");
        assertThat(emulator.userIds()).hasSize(3);
        String updateResults = completed(jobId(updated));
        assertThat(updateResults).contains("\"id\":" + failing + ",\"action\":\"update\",\"success\":false,\"error\":\"PermissionDenied\"")
                .contains("\"id\":" + kept + ",\"action\":\"update\",\"success\":true");
        assertThat(emulator.user(kept).orElseThrow()).containsEntry("name", "Kay Renamed");
        assertThat(emulator.user(failing).orElseThrow()).containsEntry("name", "Fay Failing");
    }

    @Test
    void faultsThatCannotApplyToARouteAreRefusedWhenPlanned() {
        ZendeskEmulator emulator = zendesk.emulator();

        assertThatThrownBy(() -> emulator.faults().next(ZendeskEmulator.CREATE_USER, Fault.emptyList()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST /api/v2/users");
        assertThatThrownBy(() -> emulator.faults().next(ZendeskEmulator.LIST_USERS, Fault.partialBatchFailure(Set.of("a@acme.test"), "X")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch route");
        assertThat(emulator.faults().pending()).isZero();
    }

    @Test
    void emptyListIsAnEmptyLastPageOnTheUsersListAndTheExport() throws Exception {
        ZendeskEmulator emulator = zendesk.emulator();
        emulator.addUser("Ann Agent", "ann@acme.test", "agent");
        emulator.faults().next(ZendeskEmulator.LIST_USERS, Fault.emptyList())
                .next(ZendeskEmulator.INCREMENTAL_USERS, Fault.emptyList());

        String list = get("/api/v2/users").body();
        String export = get("/api/v2/incremental/users/cursor?cursor=c2VxOjQy").body();

        assertThat(list).contains("\"users\":[]").contains("\"has_more\":false").contains("\"next\":null");
        assertThat(export).contains("\"users\":[]").contains("\"end_of_stream\":true").contains("\"after_cursor\":\"c2VxOjQy\"");
        assertThat(get("/api/v2/users").body()).contains("ann@acme.test");
    }

    @Test
    void recordedRequestsMaskTheApiTokenAndTheClientSecret() throws Exception {
        try (ZendeskEmulator emulator = ZendeskEmulator.builder().oauthClient("sync", "client-secret-value")
                .apiToken("admin@acme.test", "api-token-value").start()) {
            token(emulator);
            send(emulator, "GET", "/api/v2/users", "", "Basic " + Base64.getEncoder().encodeToString(
                    "admin@acme.test/token:api-token-value".getBytes(StandardCharsets.UTF_8)));

            RecordedRequest tokenRequest = emulator.takeRequest();
            RecordedRequest list = emulator.takeRequest();

            assertThat(tokenRequest.requestLine()).isEqualTo("POST /oauth/tokens");
            assertThat(tokenRequest.body()).contains("\"client_id\":\"sync\"").doesNotContain("client-secret-value");
            assertThat(list.header("Authorization")).contains(RecordedRequest.MASK);
            assertThat(emulator.requests().toString()).doesNotContain("client-secret-value")
                    .doesNotContain(Base64.getEncoder().encodeToString("admin@acme.test/token:api-token-value".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void directoryIsPointedAtTheEmulatorWithItsCredentials() {
        ZendeskEmulator apiToken = zendesk.emulator();
        apiToken.seed(new RosterGenerator(5), 120);
        List<UserRecord> read = read(apiToken.directory().build());

        try (ZendeskEmulator oauth = ZendeskEmulator.builder().oauthClient("sync", "client-secret-value").start()) {
            oauth.addUser("Ann Agent", "ann@acme.test", "agent");
            assertThat(read(oauth.directory().build())).extracting(UserRecord::label).containsExactly("ann@acme.test");
            assertThat(oauth.requests()).extracting(RecordedRequest::requestLine).contains("POST /oauth/tokens");
        }
        assertThat(read).hasSize(120);
        assertThat(apiToken.requests()).filteredOn(r -> ZendeskEmulator.LIST_USERS.matches(r.method(), r.path())).hasSize(2);
    }

    @Test
    void closeIsIdempotentAndTheDataStaysReadable() {
        ZendeskEmulator emulator = ZendeskEmulator.start();
        long id = emulator.addUser("Ann Agent", "ann@acme.test", "agent");

        emulator.close();
        emulator.close();

        assertThat(emulator.user(id)).isPresent();
        assertThatThrownBy(emulator::baseUri).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ZendeskEmulator.builder().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential");
    }

    private static List<UserRecord> read(ZendeskDirectory directory) {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    private String token(ZendeskEmulator emulator) throws Exception {
        String body = send(emulator, "POST", "/oauth/tokens",
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"sync\",\"client_secret\":\"client-secret-value\",\"scope\":\"read\"}",
                "").body();
        return match(body, "\"access_token\":\"([^\"]+)\"");
    }

    /** The job's status once completed (a new emulator's jobs are queued for one poll). */
    private String completed(String jobId) throws Exception {
        get("/api/v2/job_statuses/" + jobId);
        return get("/api/v2/job_statuses/" + jobId).body();
    }

    private static String jobId(String body) {
        return match(body, "\"id\":\"([^\"]+)\"");
    }

    private static String match(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("%s in %s", regex, body).isTrue();
        return m.group(1);
    }
}
