package io.rostersync.emulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.UserProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The emulator's own contract, spoken to with the plain JDK client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceEmulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceEmulator org;

    @BeforeEach
    void start() {
        org = SalesforceEmulator.start();
    }

    @AfterEach
    void stop() {
        org.close();
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
        return http.send(HttpRequest.newBuilder(URI.create(org.myDomainUrl() + pathAndQuery))
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
        assertThat(org.requestCount("query:User")).isEqualTo(1);
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
    void unknownFieldsAndExpiredTokensUseSalesforceErrorShapes() throws Exception {
        String token = token();
        assertThat(get(token, "/services/data/v62.0/query?q=SELECT%20Foo%20FROM%20User").body())
                .contains("\"errorCode\":\"INVALID_FIELD\"");
        org.expireTokens();
        HttpResponse<String> expired = get(token, "/services/data/v62.0/limits");
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
}
