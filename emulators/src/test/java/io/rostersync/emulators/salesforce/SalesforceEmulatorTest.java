package io.rostersync.emulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.UserPage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** The emulator's own contract, spoken to with the plain JDK client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceEmulatorTest {

    @RegisterExtension
    final EmulatorExtension<SalesforceEmulator> emulator = SalesforceEmulator.extension();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SalesforceEmulator org;

    @BeforeEach
    void org() {
        org = emulator.emulator();
    }

    private String token() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(org.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + org.clientId()
                        + "&client_secret=" + org.clientSecret())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"instance_url\"");
        String body = r.body();
        int start = body.indexOf("\"access_token\":\"") + 16;
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpResponse<String> get(String token, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(org.baseUri() + pathAndQuery))
                .header("Sforce-Query-Options", "batchSize=200")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void wrongClientSecretGetsAnOAuthError() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(org.tokenUri())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=x&client_secret=y")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_client");
    }

    @Test
    void queriesPageWithNextRecordsUrlAndCountTowardsTheDailyLimit() throws Exception {
        for (int i = 0; i < 250; i++) {
            org.addUser(UserProfile.builder().email("u" + i + "@acme.example").lastName("U" + i).build());
        }
        String token = token();
        HttpResponse<String> first = get(token, "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User");

        assertThat(first.body()).contains("\"done\":false").contains("\"nextRecordsUrl\":\"/services/data/v62.0/query/");
        assertThat(first.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=1/100000");
        assertThat(org.requests(SalesforceEmulator.QUERY)).singleElement()
                .satisfies(q -> assertThat(q.queryParameter("q")).contains("SELECT Id FROM User"));
    }

    @Test
    void addUsersAddsEveryoneInOrderAndCountsTheirUserLicenses() throws Exception {
        java.util.List<UserProfile> people = java.util.List.of(
                UserProfile.builder().email("a@acme.example").lastName("A").build(),
                UserProfile.builder().email("b@acme.example").lastName("B").build(),
                UserProfile.builder().email("c@acme.example").lastName("C").build());

        java.util.List<String> ids = org.addUsers(people);

        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(org.userIds()).containsExactlyElementsOf(ids);
        assertThat(org.userIdByEmail("b@acme.example")).contains(ids.get(1));
        HttpResponse<String> licenses = get(token(), "/services/data/v62.0/query?q=SELECT%20UsedLicenses%20FROM%20UserLicense");
        assertThat(licenses.body()).contains("\"UsedLicenses\":3");
    }

    @Test
    void parentFieldsAreNestedUnderTheRelationshipAndAnswersCarryTheOrgsDate() throws Exception {
        org.setClock(java.time.Clock.fixed(java.time.Instant.parse("2025-04-01T09:30:15.600Z"), java.time.ZoneOffset.UTC));
        String user = org.addUser(UserProfile.builder().email("a@acme.example").lastName("A").build());
        String set = org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");
        org.assignPermissionSet(user, set);
        String token = token();

        HttpResponse<String> r = get(token, "/services/data/v62.0/query?q=" + java.net.URLEncoder.encode(
                "SELECT AssigneeId, PermissionSet.Name, PermissionSet.Label FROM PermissionSetAssignment", StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.JsonNode row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())
                .path("records").path(0);

        assertThat(row.path("AssigneeId").asText()).isEqualTo(user);
        assertThat(row.path("PermissionSet").path("attributes").path("type").asText()).isEqualTo("PermissionSet");
        assertThat(row.path("PermissionSet").path("attributes").path("url").asText()).endsWith("/sobjects/PermissionSet/" + set);
        assertThat(row.path("PermissionSet").path("Name").asText()).isEqualTo("Talkdesk_Agent");
        assertThat(row.path("PermissionSet").path("Label").asText()).isEqualTo("Talkdesk Agent");
        assertThat(row.has("PermissionSetId")).isFalse();
        assertThat(r.headers().firstValue("Date")).contains("Tue, 1 Apr 2025 09:30:15 GMT");
        assertThat(get(token, "/services/data/v62.0/query?q=SELECT%20Profile.Nope%20FROM%20User").body())
                .contains("\"errorCode\":\"INVALID_FIELD\"");
    }

    @Test
    void subqueryRowsAreNestedUnderTheParentAndCountTowardTheBatchSize() throws Exception {
        String set = org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");
        String other = org.addPermissionSet("Talkdesk_Admin", "Talkdesk Admin");
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = org.addUser(UserProfile.builder().email("u" + i + "@acme.example").lastName("U" + i).build());
            org.assignPermissionSet(id, set);
            ids.add(id);
        }
        org.assignPermissionSet(ids.get(0), other);
        String token = token();

        HttpResponse<String> r = get(token, "/services/data/v62.0/query?q=" + java.net.URLEncoder.encode(
                "SELECT Id, (SELECT PermissionSet.Label FROM PermissionSetAssignments WHERE PermissionSet.Name = 'Talkdesk_Agent')"
                        + " FROM User", StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());

        // 100 users and their 100 matching assignments fill a batch of 200.
        assertThat(body.path("records")).hasSize(100);
        assertThat(body.path("done").asBoolean()).isFalse();
        com.fasterxml.jackson.databind.JsonNode nested = body.path("records").path(0).path("PermissionSetAssignments");
        assertThat(nested.path("totalSize").asInt()).isEqualTo(1);
        assertThat(nested.path("done").asBoolean()).isTrue();
        assertThat(nested.path("records").path(0).path("PermissionSet").path("Label").asText()).isEqualTo("Talkdesk Agent");
        assertThat(get(token, "/services/data/v62.0/query?q=" + java.net.URLEncoder.encode(
                "SELECT Id, (SELECT Id FROM Nope) FROM User", StandardCharsets.UTF_8)).body()).contains("INVALID_TYPE");
    }

    @Test
    void unknownFieldsAndUnknownTokensUseSalesforceErrorShapes() throws Exception {
        String token = token();
        assertThat(get(token, "/services/data/v62.0/query?q=SELECT%20Foo%20FROM%20User").body())
                .contains("\"errorCode\":\"INVALID_FIELD\"");
        HttpResponse<String> expired = get("00D5g000004EmUL!forged", "/services/data/v62.0/limits");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("INVALID_SESSION_ID");
    }

    @Test
    void dailyLimitAnswersRequestLimitExceeded() throws Exception {
        String token = token();
        org.setDailyApiLimit(1);
        assertThat(get(token, "/services/data/v62.0/limits").statusCode()).isEqualTo(200);
        HttpResponse<String> over = get(token, "/services/data/v62.0/limits");
        assertThat(over.statusCode()).isEqualTo(403);
        assertThat(over.body()).contains("REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void aRecordReadsBackAsAnUnmodifiableMapWithoutItsNullFields() {
        String id = org.addUser(UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Lee").build());
        org.update(id, "Alias", "annl");

        java.util.Map<String, Object> user = org.record(id).orElseThrow();
        assertThat(user).containsEntry("Id", id).containsEntry("Username", "ann@example.com")
                .containsEntry("FirstName", "Ann").containsEntry("Alias", "annl").containsEntry("IsActive", true)
                .doesNotContainKey("CallCenterId").doesNotContainValue(null);
        org.update(id, "Alias", "other");
        assertThat(user).as("a copy").containsEntry("Alias", "annl");
        assertThat(org.record(id).orElseThrow()).containsEntry("Alias", "other");
        assertThatThrownBy(() -> user.put("Alias", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(org.record("005000000000000AAA")).isEmpty();
        assertThat(org.anyUser(u -> "Lee".equals(u.get("LastName")))).isTrue();
        assertThat(org.anyUser(u -> u.containsKey("CallCenterId"))).isFalse();
    }

    // ---- the shared emulator API: faults in Salesforce's shapes, recorded requests, directory --------

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> collections(String token, String method, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(org.baseUri() + "/services/data/v62.0/composite/sobjects"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String newUser(String email) {
        return "{\"attributes\":{\"type\":\"User\"},\"Username\":\"" + email + "\",\"Email\":\"" + email
                + "\",\"LastName\":\"L\",\"Alias\":\"al\",\"TimeZoneSidKey\":\"Europe/London\",\"LocaleSidKey\":\"en_GB\","
                + "\"EmailEncodingKey\":\"UTF-8\",\"LanguageLocaleKey\":\"en_US\",\"ProfileId\":\"%s\"}";
    }

    private String createBody(boolean allOrNone, String... emails) {
        List<String> records = new ArrayList<>();
        for (String e : emails) {
            records.add(newUser(e).formatted(org.defaultProfileId()));
        }
        return "{\"allOrNone\":" + allOrNone + ",\"records\":[" + String.join(",", records) + "]}";
    }

    @Test
    void aStatusFaultAnswersSalesforcesErrorBodyWithRetryAfterInEitherForm() throws Exception {
        String token = token();
        Instant at = Instant.parse("2030-01-02T03:04:05Z");
        org.faults().next(SalesforceEmulator.QUERY, Fault.rateLimited(Duration.ofSeconds(7)))
                .next(SalesforceEmulator.QUERY, Fault.rateLimitedUntil(at))
                .next(SalesforceEmulator.QUERY, Fault.status(503))
                .next(SalesforceEmulator.QUERY, Fault.status(403));
        String q = "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User";

        HttpResponse<String> seconds = get(token, q);
        HttpResponse<String> date = get(token, q);
        HttpResponse<String> unavailable = get(token, q);
        HttpResponse<String> limit = get(token, q);

        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).contains("7");
        assertThat(json.readTree(seconds.body()).path(0).path("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(date.headers().firstValue("Retry-After")).contains("Wed, 02 Jan 2030 03:04:05 GMT");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(json.readTree(unavailable.body()).path(0).path("errorCode").asText()).isEqualTo("UNKNOWN_EXCEPTION");
        assertThat(limit.statusCode()).isEqualTo(403);
        assertThat(limit.body()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(limit.headers().firstValue("Sforce-Limit-Info")).isPresent();
        assertThat(get(token, q).statusCode()).as("the plan is used up").isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsInvalidSessionIdAndStaysExpiredUntilANewOneIsIssued() throws Exception {
        String token = token();
        org.faults().next(SalesforceEmulator.REST, Fault.tokenExpired());

        HttpResponse<String> expired = get(token, "/services/data/v62.0/limits");
        HttpResponse<String> again = get(token, "/services/data/v62.0/limits");

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json.readTree(expired.body()).path(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(again.statusCode()).as("the token the request carried is revoked").isEqualTo(401);
        assertThat(get(token(), "/services/data/v62.0/limits").statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyQueryPageSaysMoreFollowWithoutRecordsOrNextRecordsUrl() throws Exception {
        for (int i = 0; i < 250; i++) {
            org.addUser(UserProfile.builder().email("u" + i + "@acme.example").lastName("U" + i).build());
        }
        String token = token();
        org.faults().next(SalesforceEmulator.QUERY, Fault.emptyList());

        JsonNode page = json.readTree(get(token, "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User").body());

        assertThat(page.path("totalSize").asInt()).isEqualTo(250);
        assertThat(page.path("done").asBoolean()).isFalse();
        assertThat(page.path("records")).isEmpty();
        assertThat(page.has("nextRecordsUrl")).isFalse();

        JsonNode first = json.readTree(get(token, "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User").body());
        org.faults().next(SalesforceEmulator.QUERY_MORE, Fault.emptyList());
        JsonNode last = json.readTree(get(token, first.path("nextRecordsUrl").asText()).body());

        assertThat(last.path("done").asBoolean()).as("even the last page says more follow").isFalse();
        assertThat(last.path("records")).isEmpty();
        org.faults().next(SalesforceEmulator.QUERY, Fault.emptyList());
        JsonNode none = json.readTree(get(token, "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User%20WHERE%20Email%20=%20'x@y.z'").body());
        assertThat(none.path("done").asBoolean()).as("nothing matched").isTrue();
        assertThat(none.path("totalSize").asInt()).isZero();
    }

    @Test
    void aListChangeRunsAfterThePageIsServed() throws Exception {
        for (int i = 0; i < 250; i++) {
            org.addUser(UserProfile.builder().email("u" + i + "@acme.example").lastName("U" + i).build());
        }
        String token = token();
        org.faults().next(SalesforceEmulator.QUERY, Fault.listChangedBetweenPages(
                () -> org.addUser(UserProfile.builder().email("late@acme.example").lastName("Late").build())));

        JsonNode first = json.readTree(get(token, "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User").body());

        assertThat(first.path("totalSize").asInt()).isEqualTo(250);
        assertThat(org.userIds()).hasSize(251);
    }

    @Test
    void aPartialBatchFailureFailsTheNamedRecordsAsAValidationRuleAndCreatesTheOthers() throws Exception {
        String token = token();
        org.faults().always(SalesforceEmulator.COLLECTIONS, Fault.partialBatchFailure(Set.of("BAD@acme.example"), "Region is required"));

        JsonNode results = json.readTree(collections(token, "POST", createBody(false, "good@acme.example", "bad@acme.example")).body());

        assertThat(results.path(0).path("success").asBoolean()).isTrue();
        assertThat(results.path(1).path("success").asBoolean()).isFalse();
        assertThat(results.path(1).path("errors").path(0).path("statusCode").asText()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(results.path(1).path("errors").path(0).path("message").asText()).isEqualTo("Region is required");
        assertThat(org.userIdByEmail("good@acme.example")).isPresent();
        assertThat(org.userIdByEmail("bad@acme.example")).isEmpty();

        JsonNode rolledBack = json.readTree(collections(token, "POST", createBody(true, "other@acme.example", "bad@acme.example")).body());
        assertThat(rolledBack.path(0).path("errors").path(0).path("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(org.userIdByEmail("other@acme.example")).as("allOrNone rolls the batch back").isEmpty();
    }

    @Test
    void aPartialBatchFailureNamesAStoredUserOnUpdateByItsEmail() throws Exception {
        String id = org.addUser(UserProfile.builder().email("kept@acme.example").lastName("Kept").build());
        String token = token();
        org.faults().next(SalesforceEmulator.COLLECTIONS_UPDATE, Fault.partialBatchFailure(Set.of("kept@acme.example"), "Locked"));

        JsonNode results = json.readTree(collections(token, "PATCH",
                "{\"records\":[{\"attributes\":{\"type\":\"User\"},\"id\":\"" + id + "\",\"LastName\":\"Changed\"}]}").body());

        assertThat(results.path(0).path("id").asText()).isEqualTo(id);
        assertThat(results.path(0).path("errors").path(0).path("message").asText()).isEqualTo("Locked");
        assertThat(org.record(id).orElseThrow()).containsEntry("LastName", "Kept");
    }

    @Test
    void faultsThatCannotApplyToARouteAreRefusedWhenPlanned() {
        assertThatThrownBy(() -> org.faults().next(SalesforceEmulator.QUERY, Fault.partialBatchFailure(Set.of("a"), "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch route");
        assertThatThrownBy(() -> org.faults().next(SalesforceEmulator.COLLECTIONS_CREATE, Fault.emptyList()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no list route");
    }

    @Test
    void recordedRequestsMaskTheBearerTokenAndTheTokenEndpointsSecrets() throws Exception {
        String token = token();
        get(token, "/services/data/v62.0/limits");
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        org.registerJwtClient("jwt-client", keys.getPublic(), "admin@acme.example");
        String assertion = jwt(keys, "jwt-client", "admin@acme.example");
        HttpResponse<String> jwtToken = send(HttpRequest.newBuilder(org.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="
                        + assertion)));
        assertThat(jwtToken.statusCode()).as(jwtToken.body()).isEqualTo(200);

        List<RecordedRequest> requests = org.requests();
        RecordedRequest clientCredentials = org.takeRequest();
        RecordedRequest limits = org.takeRequest();
        RecordedRequest jwtBearer = org.takeRequest();

        assertThat(requests).hasSize(3);
        assertThat(clientCredentials.body()).contains("client_id=" + org.clientId()).contains("client_secret=***")
                .doesNotContain(org.clientSecret());
        assertThat(limits.header("Authorization")).contains("***");
        assertThat(limits.path()).isEqualTo("/services/data/v62.0/limits");
        assertThat(jwtBearer.body()).contains("assertion=***").doesNotContain(assertion.substring(0, 20));
        assertThat(requests.toString()).doesNotContain(token).doesNotContain(org.clientSecret());
    }

    private static String jwt(KeyPair keys, String issuer, String subject) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject
                + "\",\"aud\":\"https://login.salesforce.com\",\"exp\":" + (Instant.now().getEpochSecond() + 120) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signer.sign());
    }

    @Test
    void theDirectoryItHandsOutReadsTheOrgWithWorkingCredentials() {
        org.addUser(UserProfile.builder().email("ann@acme.example").lastName("Lee").build());

        SalesforceUserDirectory directory = org.directory().build();
        Optional<UserPage> page = directory.readAll().next();

        assertThat(page).hasValueSatisfying(p -> assertThat(p.users()).hasSize(1));
        assertThat(org.requests(SalesforceEmulator.TOKEN)).hasSize(1);
        assertThat(org.requests(SalesforceEmulator.QUERY)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Authorization")).contains("***"));
    }

    @Test
    void theBuilderStartsAnOrgOnItsClockAndCloseIsIdempotent() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2025-04-01T09:30:15Z"), ZoneOffset.UTC);
        SalesforceEmulator other = SalesforceEmulator.builder().clock(fixed).start();
        String id = other.addUser(UserProfile.builder().email("a@acme.example").lastName("A").build());

        assertThat(other.record(id).orElseThrow()).containsEntry("SystemModstamp", "2025-04-01T09:30:15.000+0000");
        other.close();
        other.close();
        assertThat(other.record(id)).as("records stay readable").isPresent();
        assertThatThrownBy(() -> SalesforceEmulator.builder().latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
