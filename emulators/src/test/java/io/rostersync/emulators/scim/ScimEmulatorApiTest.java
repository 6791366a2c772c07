package io.rostersync.emulators.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.WriteResult;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SCIM emulator on the shared API: lifecycle, directory, its fault shapes, recorded requests. */
@Timeout(30)
class ScimEmulatorApiTest {

    @RegisterExtension
    final EmulatorExtension<ScimEmulator> extension = ScimEmulator.extension();

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String relative, String token) throws Exception {
        ScimEmulator scim = extension.emulator();
        return http.send(HttpRequest.newBuilder(scim.baseUri().resolve(relative)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static UserProfile ann() {
        return UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Lee").build();
    }

    @Test
    void startReturnsARunningEmulatorAndItsDirectoryWorksAsIs() {
        ScimEmulator scim = extension.emulator();
        scim.add(ann());

        ScimUserDirectory directory = scim.directory().build();

        assertThat(scim.baseUri().toString()).startsWith("http://127.0.0.1:").endsWith("/scim/v2/");
        try (var pages = directory.readAll()) {
            assertThat(pages.next().orElseThrow().users()).extracting(UserRecord::firstName).containsExactly("Ann");
        }
        assertThat(scim.requests()).extracting(RecordedRequest::method).containsOnly("GET");
        assertThat(scim.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).contains(RecordedRequest.MASK));
    }

    @Test
    void closingStopsTheServerAndIsIdempotent() {
        ScimEmulator scim = ScimEmulator.builder().bearerToken("other-token").start();
        URI base = scim.baseUri();
        scim.close();
        scim.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(base.resolve("Users")).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aDirectoryFromACustomBearerTokenUsesThatToken() {
        try (ScimEmulator scim = ScimEmulator.builder().bearerToken("t0ken-42").start()) {
            WriteResult r = scim.directory().build().create(ann(), CreateOptions.silent());

            assertThat(r).isInstanceOf(WriteResult.Stored.class);
            assertThat(scim.size()).isEqualTo(1);
        }
    }

    @Test
    void statusFaultsAnswerAScimErrorBody() throws Exception {
        extension.emulator().faults().next(ScimEmulator.LIST_USERS, Fault.status(503));

        HttpResponse<String> r = get("Users", "scim-token");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/scim+json");
        assertThat(r.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error").contains("\"status\":\"503\"");
    }

    @Test
    void emptyListIsAPageWithoutResourcesWhoseTotalStillCountsEveryone() throws Exception {
        ScimEmulator scim = extension.emulator();
        scim.add(ann());
        scim.faults().next(ScimEmulator.LIST_USERS, Fault.emptyList());

        String body = get("Users?startIndex=1&count=10", "scim-token").body();

        assertThat(body).contains("\"totalResults\":1").contains("\"Resources\":[]").contains("\"itemsPerPage\":0");
        assertThat(get("Users", "scim-token").body()).contains("ann@example.com");
    }

    @Test
    void tokenExpiredIsA401WithTheBearerChallenge() throws Exception {
        extension.emulator().faults().next(ScimEmulator.USERS, Fault.tokenExpired());

        HttpResponse<String> r = get("Users", "scim-token");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void faultsThatCannotApplyAreRefusedNamingTheRoute() {
        ScimEmulator scim = extension.emulator();

        assertThatThrownBy(() -> scim.faults().next(ScimEmulator.CREATE_USER, Fault.emptyList()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST /scim/v2/Users");
        assertThatThrownBy(() -> scim.faults().next(Route.any(), Fault.partialBatchFailure(Set.of("ann@example.com"), "uniqueness")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch route");
    }

    @Test
    void listChangedBetweenPagesChangesTheStoreAfterThePageIsServed() throws Exception {
        ScimEmulator scim = extension.emulator();
        String first = scim.add(ann());
        scim.add(UserProfile.builder().email("bo@example.com").firstName("Bo").build());
        scim.faults().next(ScimEmulator.LIST_USERS, Fault.listChangedBetweenPages(() -> scim.moveToEnd(first)));

        assertThat(get("Users?startIndex=1&count=1", "scim-token").body()).contains("ann@example.com");
        assertThat(get("Users?startIndex=1&count=1", "scim-token").body()).contains("bo@example.com");
    }

    @Test
    void requestCountsAreCountedFromTheRecordedRequests() throws Exception {
        ScimEmulator scim = extension.emulator();
        String id = scim.add(ann());

        get("Users/" + id, "scim-token");
        get("Users", "wrong-token");

        assertThat(scim.requestCounts()).containsEntry("GET /scim/v2/Users/{id}", 1).containsEntry("GET /scim/v2/Users", 1);
        assertThat(scim.requestCount()).isEqualTo(2);
        assertThat(scim.takeRequest().path()).isEqualTo("/scim/v2/Users/" + id);
        Optional<RecordedRequest> second = scim.takeRequest(java.time.Duration.ofSeconds(5));
        assertThat(second).hasValueSatisfying(r -> assertThat(r.toString()).doesNotContain("wrong-token"));
        assertThat(List.copyOf(scim.requests())).hasSize(2);
    }
}
