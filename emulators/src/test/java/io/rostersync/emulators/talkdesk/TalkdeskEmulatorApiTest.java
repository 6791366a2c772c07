package io.rostersync.emulators.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Talkdesk emulator on the shared API: lifecycle, directory, its fault shapes, recorded requests. */
@Timeout(30)
class TalkdeskEmulatorApiTest {

    @RegisterExtension
    final EmulatorExtension<TalkdeskEmulator> extension = EmulatorExtension.of(() -> TalkdeskEmulator.builder()
            .scimRequestsPerSecond(200).start());

    private final HttpClient http = HttpClient.newHttpClient();

    private static UserProfile agent(String email) {
        return UserProfile.builder().email(email).firstName("Ann").lastName("Lee").role("Agent").build();
    }

    private static List<UserRecord> readAll(TalkdeskUserDirectory directory) {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(extension.emulator().apiBaseUri().resolve(path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void itsDirectoryReadsTheAccountAsIs() {
        TalkdeskEmulator talkdesk = extension.emulator();
        talkdesk.add(agent("ann@example.com"));

        assertThat(readAll(talkdesk.directory().build())).extracting(UserRecord::firstName).containsExactly("Ann");
        assertThat(talkdesk.baseUri()).isEqualTo(talkdesk.apiBaseUri());
        assertThat(talkdesk.requests()).extracting(r -> r.method() + " " + r.path()).startsWith("POST /oauth/token");
    }

    @Test
    void anExpiredTokenIsRevokedSoTheClientFetchesANewOne() {
        TalkdeskEmulator talkdesk = extension.emulator();
        talkdesk.add(agent("ann@example.com"));
        TalkdeskUserDirectory directory = talkdesk.directory().build();
        readAll(directory);
        talkdesk.faults().next(Route.any(), Fault.tokenExpired());

        assertThat(readAll(directory)).hasSize(1);

        assertThat(talkdesk.tokensIssued()).isEqualTo(2);
        List<RecordedRequest> after = talkdesk.requests().subList(talkdesk.requests().size() - 1, talkdesk.requests().size());
        assertThat(after).allSatisfy(r -> assertThat(r.header("Authorization")).contains(RecordedRequest.MASK));
    }

    @Test
    void tokenExpiredCannotBePlannedOnTheTokenEndpoint() {
        assertThatThrownBy(() -> extension.emulator().faults().next(TalkdeskEmulator.TOKEN, Fault.tokenExpired()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST /oauth/token");
    }

    @Test
    void tokenExpiredOnEveryRouteWaitsForACallWithAToken() {
        TalkdeskEmulator talkdesk = extension.emulator();
        talkdesk.add(agent("ann@example.com"));
        talkdesk.faults().next(Route.any(), Fault.tokenExpired());

        assertThat(readAll(talkdesk.directory().build())).hasSize(1);

        assertThat(talkdesk.faults().pending()).isZero();
        assertThat(talkdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .containsSubsequence("POST /oauth/token", "GET /users", "POST /oauth/token", "GET /users");
    }

    @Test
    void statusFaultsAreShapedByTheApiTheyHit() throws Exception {
        TalkdeskEmulator talkdesk = extension.emulator();
        talkdesk.faults().next(TalkdeskEmulator.LIST_USERS, Fault.status(502)).next(TalkdeskEmulator.SCIM_API, Fault.status(503));

        HttpResponse<String> rest = get("users", "any");
        HttpResponse<String> scim = get("scim/v2/Users", "any");

        assertThat(rest.statusCode()).isEqualTo(502);
        assertThat(rest.body()).contains("\"code\"").contains("\"message\"");
        assertThat(scim.statusCode()).isEqualTo(503);
        assertThat(scim.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void anEmptyRestPageHasNoUsersAndNoNextLinkWhileTheTotalSaysMore() {
        TalkdeskEmulator talkdesk = extension.emulator();
        for (int i = 0; i < 5; i++) {
            talkdesk.add(agent("a" + i + "@example.com"));
        }
        talkdesk.faults().next(TalkdeskEmulator.LIST_USERS, Fault.emptyList());

        assertThatThrownBy(() -> readAll(talkdesk.directory().restPageSize(2).build()))
                .hasMessageContaining("truncated");
    }

    @Test
    void partialBatchFailureIsRefusedForTalkdeskHasNoBatchApi() {
        assertThatThrownBy(() -> extension.emulator().faults().next(Route.any(), Fault.partialBatchFailure(Set.of("a@example.com"), "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch route");
    }

    @Test
    void theEmbeddedScimEmulatorSharesThePlanAndTheRecordedRequestsAndHasNoDirectoryOfItsOwn() {
        TalkdeskEmulator talkdesk = extension.emulator();

        assertThat(talkdesk.scim().faults()).isSameAs(talkdesk.faults());
        assertThat(talkdesk.scim().baseUri()).isEqualTo(talkdesk.scimBaseUri());
        assertThatThrownBy(() -> talkdesk.scim().directory()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TalkdeskEmulator.directory()");
        talkdesk.scim().close();
        assertThat(readAll(talkdesk.directory().build())).as("closing the embedded one leaves the server up").isEmpty();
    }
}
