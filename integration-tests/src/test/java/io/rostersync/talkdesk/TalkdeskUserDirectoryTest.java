package io.rostersync.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TalkdeskUserDirectoryTest {

    private TalkdeskEmulator emulator;

    private void start(TalkdeskEmulator.Builder config) {
        emulator = config.build();
        emulator.start();
        TalkdeskFixtures.WAITS.clear();
    }

    @BeforeEach
    void startDefault() {
        start(TalkdeskFixtures.fastEmulator());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static UserProfile agent(String email) {
        return UserProfile.builder().email(email).firstName("Mary Ann").lastName("Evans").role("Agent").group("Support").build();
    }

    private static UserRecord stored(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    private static List<UserPage> pages(TalkdeskUserDirectory dir) {
        List<UserPage> out = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.add(p.get());
            }
        }
        return out;
    }

    private static List<UserRecord> users(List<UserPage> pages) {
        List<UserRecord> out = new ArrayList<>();
        pages.forEach(p -> out.addAll(p.users()));
        return out;
    }

    @Test
    void fullReadFollowsHalNextLinksAndCarriesRolesTeamsAndNamePartsFromScim() {
        new RosterGenerator(11).profiles(45).forEach(emulator::add);
        String id = emulator.add(agent("mary.ann@example.com").toBuilder().role("Supervisor").build());
        List<UserPage> pages = pages(TalkdeskFixtures.directory(emulator).restPageSize(20).build());
        List<UserRecord> all = users(pages);
        assertThat(all).hasSize(46).extracting(UserRecord::id).doesNotHaveDuplicates();
        assertThat(pages).hasSize(3);
        // Three pages, and the second pass over them that shows the list held still.
        assertThat(emulator.requestCount("GET /users")).isEqualTo(6);
        assertThat(emulator.requestCount("GET /scim/v2/Users")).isEqualTo(1);
        UserRecord mary = all.stream().filter(u -> u.id().value().equals(id)).findFirst().orElseThrow();
        assertThat(mary.roles()).containsExactly("Agent", "Supervisor");
        assertThat(mary.groups()).containsExactly("Support");
        assertThat(mary.firstName()).isEqualTo("Mary Ann");
        assertThat(mary.lastName()).isEqualTo("Evans");
    }

    @Test
    void readWithoutScimSplitsTheRestFullNameAndSendsNoScimRequest() {
        emulator.add(agent("mary.ann@example.com"));
        List<UserRecord> all = users(pages(TalkdeskFixtures.directory(emulator).rolesFromScim(false).build()));
        assertThat(all).singleElement().satisfies(u -> {
            assertThat(u.firstName()).isEqualTo("Mary");
            assertThat(u.lastName()).isEqualTo("Ann Evans");
            assertThat(u.roles()).isEmpty();
        });
        assertThat(emulator.scimRequests()).isZero();
    }

    @Test
    void restUserWithAnInvalidEmailIsAReadProblemNotAFailedRead() {
        emulator.add(agent("fine@example.com"));
        String badId = emulator.scim().addResource(Map.of("userName", "not-an-email", "active", true));
        List<UserPage> pages = pages(TalkdeskFixtures.directory(emulator).build());
        assertThat(users(pages)).hasSize(1);
        assertThat(pages.get(0).problems()).singleElement().satisfies(p -> assertThat(p.location()).contains(badId));
    }

    @Test
    void truncatedRestPageFailsTheWholeRead() {
        new RosterGenerator(12).profiles(5).forEach(emulator::add);
        emulator.truncateNextUsersPage();
        assertThatThrownBy(() -> pages(TalkdeskFixtures.directory(emulator).restPageSize(2).build()))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("truncated");
    }

    @Test
    void clearingTheEmulatorsFaultsDropsAPendingUsersPageTruncation() {
        new RosterGenerator(12).profiles(5).forEach(emulator::add);
        emulator.truncateNextUsersPage();
        emulator.faults().clear();
        assertThat(users(pages(TalkdeskFixtures.directory(emulator).restPageSize(2).build()))).hasSize(5);
    }

    @Test
    void truncatedScimListFailsTheWholeReadThoughTheRestPagesAreComplete() {
        new RosterGenerator(15).profiles(130).forEach(emulator::add);
        emulator.scim().truncateNextList();
        assertThatThrownBy(() -> pages(TalkdeskFixtures.directory(emulator).restPageSize(10).build()))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("truncated");
    }

    @Test
    void scimListRefusedFailsTheReadWithTheTypedErrorOfTheScimCall() {
        new RosterGenerator(16).profiles(30).forEach(emulator::add);
        emulator.faults().failNext("/scim/v2/Users", 1, 403);
        assertThatThrownBy(() -> pages(TalkdeskFixtures.directory(emulator).restPageSize(10).build()))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void readWithRolesCostsOneTokenTheRestPagesAndTheScimPagesAndKeepsRestOrder() {
        List<String> ids = new ArrayList<>();
        new RosterGenerator(17).profiles(250).forEach(p -> ids.add(emulator.add(p)));
        List<UserPage> pages = pages(TalkdeskFixtures.directory(emulator).restPageSize(100).build());
        assertThat(users(pages)).extracting(u -> u.id().value()).containsExactlyElementsOf(ids);
        assertThat(users(pages)).allSatisfy(u -> assertThat(u.roles()).isNotEmpty());
        assertThat(pages).extracting(p -> p.users().size()).containsExactly(100, 100, 50);
        assertThat(emulator.requestCounts()).containsEntry("POST /oauth/token", 1).containsEntry("GET /users", 6)
                .containsEntry("GET /scim/v2/Users", 3);
    }

    @Test
    void writesGoThroughScimWithTheTalkdeskExtensionAndPutBecauseThereIsNoPatch() {
        TalkdeskUserDirectory dir = TalkdeskFixtures.directory(emulator).build();
        UserRecord made = stored(dir.create(agent("new.agent@example.com").toBuilder().role("Admin").build(), CreateOptions.silent()));
        Map<String, Object> raw = emulator.scim().user(made.id().value()).orElseThrow();
        assertThat(raw.get("userName")).isEqualTo("new.agent@example.com");
        assertThat(raw.containsKey("emails")).isFalse();
        assertThat(emulator.scim().attribute(made.id().value(), TalkdeskEmulator.EXTENSION + ":rolesString")).contains("Admin;Agent");
        assertThat(emulator.scim().attribute(made.id().value(), TalkdeskEmulator.EXTENSION + ":teamsString")).contains("Support");

        stored(dir.update(made.id(), UserPatch.builder().removeRole("Admin").addGroup("Sales").build()));
        assertThat(emulator.requestCount("PUT /scim/v2/Users/{id}")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}")).isZero();
        assertThat(dir.get(made.id()).orElseThrow().groups()).containsExactly("Sales", "Support");
    }

    @Test
    void secondCreateOfTheSameEmailIsAlreadyExistsAndReturnsNoAccount() {
        // Issue 12: adoption is the engine's decision (findExisting + the policy's matcher), never the directory's.
        emulator.add(agent("dup@example.com"));
        WriteResult r = TalkdeskFixtures.directory(emulator).build().create(agent("DUP@example.com"), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(emulator.scim().size()).isEqualTo(1);
    }

    @Test
    void createThatTalkdeskStoresDeactivatedForLackOfSeatsIsALicenseShortfall() {
        emulator.seats(OptionalInt.of(1));
        emulator.add(agent("holder@example.com"));
        WriteResult r = TalkdeskFixtures.directory(emulator).build().create(agent("late@example.com"), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL);
            assertThat(f.failure().message()).contains("no free license seat");
        });
        assertThat(emulator.activeCount()).isEqualTo(1);
    }

    @Test
    void reactivationWithoutAFreeSeatIsALicenseShortfall() {
        emulator.seats(OptionalInt.of(1));
        emulator.add(agent("holder@example.com"));
        String off = emulator.add(agent("off@example.com").toBuilder().status(UserStatus.INACTIVE).build());
        WriteResult r = TalkdeskFixtures.directory(emulator).build().reactivate(NativeId.of(off));
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL));
    }

    @Test
    void oneTokenForBothScopesServesRestReadsScimReadsAndWritesAndIsCached() {
        new RosterGenerator(13).profiles(3).forEach(emulator::add);
        TalkdeskUserDirectory dir = TalkdeskFixtures.directory(emulator).build();
        pages(dir);
        pages(dir);
        stored(dir.create(agent("x@example.com"), CreateOptions.silent()));
        assertThat(emulator.tokensIssued()).isEqualTo(1);
        assertThat(emulator.requestCount("POST /oauth/token")).isEqualTo(1);
    }

    @Test
    void restOnlyReadsAskForUsersReadAloneSoAClientWithoutScimCanRunThem() {
        emulator.close();
        start(TalkdeskFixtures.fastEmulator().clientScopes(TalkdeskEmulator.USERS_READ));
        emulator.add(agent("mary.ann@example.com"));
        TalkdeskUserDirectory restOnly = TalkdeskFixtures.directory(emulator).rolesFromScim(false).build();
        assertThat(users(pages(restOnly))).hasSize(1);
        assertThat(restOnly.create(agent("w@example.com"), CreateOptions.silent())).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.AUTH_FAILED));
        assertThatThrownBy(() -> pages(TalkdeskFixtures.directory(emulator).build())).isInstanceOf(AuthFailedException.class);
    }

    @Test
    void emulatorGrantsTheScopesAskedForAndEachApiRefusesATokenWithoutItsScope() throws Exception {
        emulator.add(agent("v@example.com"));
        String restToken = token(TalkdeskEmulator.USERS_READ);
        String scimToken = token(TalkdeskEmulator.SCIM);
        String both = token(TalkdeskEmulator.USERS_READ + " " + TalkdeskEmulator.SCIM);
        assertThat(status("users", restToken)).isEqualTo(200);
        assertThat(status("scim/v2/Users", restToken)).isEqualTo(403);
        assertThat(status("users", scimToken)).isEqualTo(403);
        assertThat(status("scim/v2/Users", scimToken)).isEqualTo(200);
        assertThat(status("users", both)).isEqualTo(200);
        assertThat(status("scim/v2/Users", both)).isEqualTo(200);
    }

    private String token(String scope) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(
                (emulator.clientId() + ":" + emulator.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(emulator.tokenUri())
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + java.net.URLEncoder.encode(scope, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(body.path("scope").asText()).isEqualTo(scope);
        return body.path("access_token").asText();
    }

    private int status(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(emulator.apiBaseUri().resolve(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void expiredTokenIsReplacedOnceAndTheCallSucceeds() {
        emulator.add(agent("y@example.com"));
        TalkdeskUserDirectory dir = TalkdeskFixtures.directory(emulator).build();
        pages(dir);
        emulator.expireTokens();
        assertThat(users(pages(dir))).hasSize(1);
        assertThat(emulator.tokensIssued()).isEqualTo(2);
    }

    @Test
    void throttledScimCallWaitsTheRetryAfterTalkdeskSends() {
        emulator.add(agent("z@example.com"));
        emulator.faults().rateLimitNext(1, 1);
        assertThat(users(pages(TalkdeskFixtures.directory(emulator).build()))).hasSize(1);
        assertThat(TalkdeskFixtures.WAITS).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void transientFailuresAndADroppedConnectionOnRestPagesAreRetried() {
        new RosterGenerator(14).profiles(4).forEach(emulator::add);
        emulator.faults().failNext("/users", 1, 502).dropConnectionNext("/users", 1);
        assertThat(users(pages(TalkdeskFixtures.directory(emulator).build()))).hasSize(4);
        assertThat(TalkdeskFixtures.WAITS).hasSize(2);
    }

    @Test
    void theDefaultFourRequestsPerSecondNeverTripsTalkdesksLimit() {
        emulator.close();
        start(TalkdeskEmulator.builder()); // Talkdesk's own 4 rps
        TalkdeskUserDirectory dir = TalkdeskFixtures.directory(emulator).scimRequestsPerSecond(4).build();
        for (int i = 0; i < 8; i++) {
            stored(dir.create(agent("burst" + i + "@example.com"), CreateOptions.silent()));
        }
        assertThat(emulator.rateLimitedCount()).isZero();
        assertThat(emulator.requestCount("POST /scim/v2/Users")).isEqualTo(8);
    }

    @Test
    void regionsHaveTheirOwnApiAndIdentityHosts() {
        assertThat(TalkdeskRegion.US.apiBaseUri()).isEqualTo(URI.create("https://api.talkdeskapp.com/"));
        assertThat(TalkdeskRegion.US.tokenUri("acme")).isEqualTo(URI.create("https://acme.talkdeskid.com/oauth/token"));
        assertThat(TalkdeskRegion.EU.apiBaseUri()).isEqualTo(URI.create("https://api.talkdeskapp.eu/"));
        assertThat(TalkdeskRegion.EU.tokenUri("acme")).isEqualTo(URI.create("https://acme.talkdeskid.eu/oauth/token"));
        assertThat(TalkdeskRegion.CA.apiBaseUri()).isEqualTo(URI.create("https://api.talkdeskappca.com/"));
        assertThat(TalkdeskRegion.CA.tokenUri("acme")).isEqualTo(URI.create("https://acme.talkdeskidca.com/oauth/token"));
        TalkdeskUserDirectory eu = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.EU)
                .clientCredentials("id", Secret.of("s3cret-value")).build();
        assertThat(eu.toString()).contains("api.talkdeskapp.eu").doesNotContain("s3cret-value");
    }

    @Test
    void accountNameIsTakenWithoutSurroundingWhitespace() {
        TalkdeskUserDirectory dir = TalkdeskUserDirectory.builder("  Acme\n", TalkdeskRegion.US)
                .clientCredentials("id", Secret.of("x")).build();
        assertThat(dir.account()).isEqualTo("acme");
        assertThat(dir.name()).isEqualTo("talkdesk:acme");
    }

    @Test
    void accountThatIsNotABareNameIsAConfigurationError() {
        assertThatThrownBy(() -> TalkdeskUserDirectory.builder("acme.evil.example/x", TalkdeskRegion.US))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials("id", Secret.of("x")).endpoints(URI.create("http://api.example.com/"), URI.create("https://t.example.com/t"))
                .build()).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void secretsAndTokensNeverReachMessagesToStringOrLogs() {
        emulator.add(agent("s@example.com"));
        String secret = "wrong-secret-" + "7c1e9b2d4f";
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TalkdeskUserDirectory bad = TalkdeskFixtures.directory(emulator)
                    .clientCredentials(emulator.clientId(), Secret.of(secret)).build();
            WriteResult r = bad.create(agent("t@example.com"), CreateOptions.silent());
            assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(FailureKind.AUTH_FAILED);
                assertThat(f.failure().message()).doesNotContain(secret);
            });
            assertThatThrownBy(() -> pages(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
            assertThat(bad.toString()).doesNotContain(secret);
            TalkdeskUserDirectory good = TalkdeskFixtures.directory(emulator).build();
            pages(good);
            stored(good.create(agent("u@example.com"), CreateOptions.silent()));
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("debug logs were captured").contains("access token");
        assertThat(logs).doesNotContain(secret).doesNotContain(emulator.clientSecret()).doesNotContain("td-access-");
    }
}
