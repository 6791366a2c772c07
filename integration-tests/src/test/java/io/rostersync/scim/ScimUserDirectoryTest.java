package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.spi.InvalidResponseException;
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
import io.rostersync.emulators.scim.ScimEmulator;
import java.net.URI;
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
class ScimUserDirectoryTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private ScimEmulator emulator;
    private URI base;

    private void start(ScimEmulator.Builder config) {
        emulator = config.bearerToken(ScimFixtures.TOKEN).build();
        base = emulator.start();
        ScimFixtures.WAITS.clear();
    }

    @BeforeEach
    void startDefault() {
        start(ScimEmulator.builder());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ScimUserDirectory.Builder directory() {
        return ScimFixtures.directory("scim-test", base, ScimFixtures.TOKEN);
    }

    private static UserProfile person(String email) {
        return UserProfile.builder().email(email).firstName("Ada").lastName("Lovelace").build();
    }

    private static UserRecord stored(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    private static List<UserRecord> readAll(ScimUserDirectory dir, List<UserPage> pagesOut) {
        List<UserRecord> all = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                pagesOut.add(p.get());
                all.addAll(p.get().users());
            }
        }
        return all;
    }

    @Test
    void createOfATakenUserNameIsAlreadyExistsAndNeitherReturnsNorTouchesTheHolder() {
        // Another person's account holds the userName "jsmith", with an Admin role.
        String holder = emulator.add(UserProfile.builder().username("jsmith").email("john.smith@example.com")
                .firstName("John").lastName("Smith").role("Admin").build());
        Map<String, Object> before = emulator.user(holder).orElseThrow();
        WriteResult r = directory().build().create(UserProfile.builder().username("jsmith").email("jane.smith@example.com")
                .firstName("Jane").lastName("Smith").build(), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
            assertThat(f.failure().vendorCode()).contains("uniqueness");
        });
        assertThat(emulator.size()).isEqualTo(1);
        assertThat(emulator.user(holder).orElseThrow()).isEqualTo(before);
        assertThat(emulator.requestCount("POST /scim/v2/Users")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}") + emulator.requestCount("PUT /scim/v2/Users/{id}")).isZero();
    }

    @Test
    void secondCreateOfTheSameProfileIsAlreadyExistsNotASecondAccountNorAnAdoption() {
        ScimUserDirectory dir = directory().build();
        stored(dir.create(person("ada@example.com"), CreateOptions.silent()));
        assertThat(dir.create(person("ada@example.com"), CreateOptions.silent())).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(emulator.size()).isEqualTo(1);
    }

    @Test
    void conflictThatNoUserExplainsIsStillAlreadyExistsForTheEngineToLookUp() {
        emulator.faults().failNext("/scim/v2/Users", 1, 409);
        WriteResult r = directory().build().create(person("bo@example.com"), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(emulator.size()).isZero();
        assertThat(directory().build().findExisting(person("bo@example.com"))).isEmpty();
    }

    @Test
    void findExistingReturnsTheUserNameHolderAndTheEmailHolderAndNoOneElse() {
        String byUserName = emulator.add(UserProfile.builder().username("jsmith").email("john@example.com").firstName("John").build());
        String byEmail = emulator.add(UserProfile.builder().username("jane.s").email("jane@example.com").firstName("Jane").build());
        emulator.add(UserProfile.builder().username("someone").email("someone@example.com").firstName("Some").build());
        UserProfile jane = UserProfile.builder().username("jsmith").email("jane@example.com").firstName("Jane").build();
        assertThat(directory().build().findExisting(jane)).extracting(u -> u.id().value()).containsExactly(byUserName, byEmail);
        // Lookups by filter (userName twice, email once), not a full read.
        assertThat(emulator.requestCount("GET /scim/v2/Users")).isEqualTo(3);
    }

    @Test
    void findExistingFindsTheHolderByEmailOnAServerThatComparesUserNamesCaseSensitively() {
        emulator.close();
        start(ScimEmulator.builder().caseExactUserNameFilter(true));
        String id = emulator.addResource(Map.of("userName", "Kate.Jones@Example.com", "active", true,
                "emails", List.of(Map.of("value", "Kate.Jones@Example.com", "primary", true))));
        ScimUserDirectory dir = directory().build();
        assertThat(dir.findByUserName("kate.jones@example.com")).isEmpty();
        assertThat(dir.findExisting(person("kate.jones@example.com"))).extracting(u -> u.id().value()).containsExactly(id);
    }

    @Test
    void createSendsCoreSchemaUserNameNameEmailsAndActive() {
        UserRecord made = stored(directory().build().create(person("cy@example.com"), CreateOptions.silent()));
        String sent = made.id().value();
        assertThat(emulator.attribute(sent, "userName")).contains("cy@example.com");
        assertThat(emulator.attribute(sent, "name.givenName")).contains("Ada");
        assertThat(((Map<?, ?>) ((List<?>) emulator.attribute(sent, "emails").orElseThrow()).get(0)).get("value")).isEqualTo("cy@example.com");
        assertThat(emulator.attribute(sent, "active")).contains(true);
    }

    @Test
    void updateSendsOnlyChangedAttributesWithPatchWhenTheServerSupportsIt() {
        ScimUserDirectory dir = directory().build();
        UserRecord made = stored(dir.create(person("di@example.com"), CreateOptions.silent()));
        stored(dir.update(made.id(), UserPatch.builder().lastName("Byron").build()));
        assertThat(emulator.requestCount("GET /scim/v2/ServiceProviderConfig")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}")).isEqualTo(1);
        assertThat(emulator.requestCount("PUT /scim/v2/Users/{id}")).isZero();
        assertThat(dir.get(made.id()).orElseThrow().lastName()).isEqualTo("Byron");
    }

    @Test
    void updateUsesPutWhenServiceProviderConfigSaysThereIsNoPatch() {
        emulator.close();
        start(ScimEmulator.builder().patchSupported(false));
        ScimUserDirectory dir = directory().build();
        UserRecord made = stored(dir.create(person("ed@example.com"), CreateOptions.silent()));
        stored(dir.update(made.id(), UserPatch.builder().firstName("Edith").build()));
        stored(dir.deactivate(made.id()));
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}")).isZero();
        assertThat(emulator.requestCount("PUT /scim/v2/Users/{id}")).isEqualTo(2);
        assertThat(emulator.attribute(made.id().value(), "active")).contains(false);
    }

    @Test
    void patchAnswered501SwitchesToPutForGood() {
        emulator.close();
        start(ScimEmulator.builder().patchSupported(false));
        ScimUserDirectory dir = directory().patchSupport(PatchSupport.PATCH).build();
        UserRecord made = stored(dir.create(person("fi@example.com"), CreateOptions.silent()));
        stored(dir.update(made.id(), UserPatch.builder().lastName("One").build()));
        stored(dir.update(made.id(), UserPatch.builder().lastName("Two").build()));
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}")).isEqualTo(1);
        assertThat(emulator.requestCount("PUT /scim/v2/Users/{id}")).isEqualTo(2);
        assertThat(dir.get(made.id()).orElseThrow().lastName()).isEqualTo("Two");
    }

    @Test
    void putKeepsAttributesTheMappingDoesNotKnow() {
        String id = emulator.addResource(Map.of("userName", "gu@example.com", "nickName", "Gus", "active", true,
                "name", Map.of("givenName", "Gus", "familyName", "Old"), ENTERPRISE, Map.of("employeeNumber", "E-7")));
        ScimUserDirectory dir = directory().patchSupport(PatchSupport.PUT_ONLY).build();
        stored(dir.update(NativeId.of(id), UserPatch.builder().lastName("New").build()));
        assertThat(emulator.attribute(id, "nickName")).contains("Gus");
        assertThat(emulator.attribute(id, ENTERPRISE + ":employeeNumber")).contains("E-7");
        assertThat(emulator.attribute(id, "name.familyName")).contains("New");
    }

    @Test
    void extensionRolesGroupsAndAttributesRoundTrip() {
        ScimSchemaExtension ext = ScimSchemaExtension.builder(ENTERPRISE)
                .rolesAsDelimitedString("rolesString", ";")
                .groupsAsArray("teams")
                .attribute("employeeNumber", "employee_number")
                .build();
        ScimUserDirectory dir = directory().extension(ext).build();
        UserProfile p = person("hu@example.com").toBuilder().role("Agent").role("Supervisor").group("Night Shift")
                .attribute("employee_number", "E-9").build();
        UserRecord made = stored(dir.create(p, CreateOptions.silent()));
        String raw = made.id().value();
        assertThat(emulator.attribute(raw, ENTERPRISE + ":rolesString")).contains("Agent;Supervisor");
        assertThat(((List<?>) emulator.attribute(raw, ENTERPRISE + ":teams").orElseThrow()).get(0)).isEqualTo("Night Shift");
        UserRecord back = dir.get(made.id()).orElseThrow();
        assertThat(back.roles()).containsExactly("Agent", "Supervisor");
        assertThat(back.groups()).containsExactly("Night Shift");
        assertThat(back.attribute("employee_number")).contains("E-9");

        stored(dir.update(made.id(), UserPatch.builder().removeRole("Supervisor").addRole("Admin").build()));
        assertThat(dir.get(made.id()).orElseThrow().roles()).containsExactly("Admin", "Agent");
    }

    @Test
    void fullReadPagesWithStartIndexAndCountAndListsEachUserOnce() {
        new RosterGenerator(7).profiles(25).forEach(emulator::add);
        List<UserPage> pages = new ArrayList<>();
        List<UserRecord> all = readAll(directory().pageSize(10).build(), pages);
        assertThat(all).hasSize(25);
        assertThat(all).extracting(UserRecord::id).doesNotHaveDuplicates();
        assertThat(pages).hasSize(3);
        assertThat(emulator.requestCount("GET /scim/v2/Users")).isEqualTo(3);
    }

    @Test
    void userWithAnInvalidEmailBecomesAReadProblemAndTheOthersAreRead() {
        emulator.add(person("ok@example.com"));
        String badId = emulator.addResource(Map.of("userName", "broken", "emails", List.of(Map.of("value", "not-an-email"))));
        List<UserPage> pages = new ArrayList<>();
        List<UserRecord> all = readAll(directory().build(), pages);
        assertThat(all).extracting(r -> r.email().orElseThrow().value()).containsExactly("ok@example.com");
        assertThat(pages.get(0).problems()).singleElement().satisfies(p -> assertThat(p.location()).contains(badId));
    }

    @Test
    void emptyPageWhileMoreAreClaimedFailsTheRead() {
        new RosterGenerator(8).profiles(5).forEach(emulator::add);
        ScimUserDirectory dir = directory().pageSize(2).build();
        try (UserPages pages = dir.readAll()) {
            pages.next();
            emulator.truncateNextList();
            assertThatThrownBy(pages::next).isInstanceOf(InvalidResponseException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void clearingTheEmulatorsFaultsDropsAPendingListTruncation() {
        new RosterGenerator(8).profiles(5).forEach(emulator::add);
        emulator.truncateNextList();
        emulator.faults().clear();
        assertThat(readAll(directory().pageSize(2).build(), new ArrayList<>())).hasSize(5);
    }

    @Test
    void transientFailuresAndDroppedConnectionsDuringReadsAreRetried() {
        emulator.add(person("jo@example.com"));
        emulator.faults().failNext("/scim/v2/Users", 1, 503).dropConnectionNext("/scim/v2/Users", 1);
        List<UserRecord> all = readAll(directory().build(), new ArrayList<>());
        assertThat(all).hasSize(1);
        assertThat(ScimFixtures.WAITS).hasSize(2);
    }

    @Test
    void rateLimitWaitsWhatRetryAfterSays() {
        emulator.add(person("ka@example.com"));
        emulator.faults().rateLimitNext(1, 3);
        assertThat(readAll(directory().build(), new ArrayList<>())).hasSize(1);
        assertThat(ScimFixtures.WAITS).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void malformedBodyOnGetIsAnInvalidResponseNotAParserCrash() {
        String id = emulator.add(person("li@example.com"));
        emulator.faults().malformedNext("/scim/v2/Users/", 1);
        assertThatThrownBy(() -> directory().build().get(NativeId.of(id))).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void createThatTheServerKeepsInactiveIsReportedAsTheConfiguredFailure() {
        emulator.seats(OptionalInt.of(0));
        WriteResult r = directory().activationRefusedAs(FailureKind.LICENSE_SHORTFALL).build()
                .create(person("mo@example.com"), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL);
            assertThat(f.failure().message()).contains("inactive");
        });
    }

    @Test
    void idsThatAreNotPathSegmentsAreSimplyNotFound() {
        ScimUserDirectory dir = directory().build();
        assertThat(dir.get(NativeId.of(".."))).isEmpty();
        assertThat(dir.get(NativeId.of("a/b?c=d"))).isEmpty();
        assertThat(dir.update(NativeId.of(".."), UserPatch.builder().lastName("X").build()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.NOT_FOUND));
    }

    @Test
    void userNamesWithQuotesAreEscapedInTheFilter() {
        String id = emulator.add(UserProfile.builder().username("o\"neil").firstName("O").build());
        assertThat(directory().build().findByUserName("o\"neil")).extracting(r -> r.id().value()).containsExactly(id);
    }

    @Test
    void rejectedTokenIsAnAuthFailureThatNeverShowsTheToken() {
        ScimUserDirectory dir = ScimFixtures.directory("scim-test", base, "wrong-token-0123456789").build();
        WriteResult r = dir.create(person("no@example.com"), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.AUTH_FAILED);
            assertThat(f.failure().message()).doesNotContain("wrong-token-0123456789");
        });
        assertThat(dir.toString()).doesNotContain("wrong-token");
    }

    @Test
    void deactivateAndReactivateFlipActive() {
        ScimUserDirectory dir = directory().build();
        UserRecord made = stored(dir.create(person("pa@example.com"), CreateOptions.silent()));
        assertThat(stored(dir.deactivate(made.id())).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(stored(dir.reactivate(made.id())).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(stored(dir.delete(made.id())).id()).isEqualTo(made.id());
        assertThat(dir.delete(made.id())).isInstanceOf(WriteResult.Failed.class);
    }

    /** A list response with the given users, whatever was asked. */
    private static mockwebserver3.MockResponse list(String... users) {
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":" + users.length
                + ",\"startIndex\":1,\"itemsPerPage\":" + users.length + ",\"Resources\":[" + String.join(",", users) + "]}";
        return new mockwebserver3.MockResponse.Builder().code(200).setHeader("Content-Type", "application/scim+json").body(body).build();
    }

    private static String user(String id, String userName, String email) {
        return "{\"id\":\"" + id + "\",\"userName\":\"" + userName + "\",\"emails\":[{\"value\":\"" + email
                + "\",\"primary\":true}],\"active\":true}";
    }

    @Test
    void findExistingNeverTakesAServerThatIgnoresTheFilterAtItsWord() throws Exception {
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    return list(user("1", "jsmith", "john@example.com"), user("2", "other", "other@example.com"),
                            user("3", "third", "third@example.com"));
                }
            });
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            ScimUserDirectory dir = ScimFixtures.directory("scim-ignores-filters", server.url("/scim/v2/").uri(), ScimFixtures.TOKEN).build();
            assertThat(dir.findExisting(UserProfile.builder().username("jsmith").email("jane@example.com").build()))
                    .extracting(u -> u.id().value()).containsExactly("1");
        }
    }

    @Test
    void findExistingOnAServerWithoutEmailFiltersReadsEveryoneRatherThanGuess() throws Exception {
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    String filter = request.getUrl().queryParameter("filter");
                    if (filter == null) {
                        return list(user("7", "Kate.Jones", "Kate.Jones@Example.com"), user("8", "x", "x@example.com"));
                    }
                    if (filter.startsWith("emails")) {
                        return new mockwebserver3.MockResponse.Builder().code(400).setHeader("Content-Type", "application/scim+json")
                                .body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"400\","
                                        + "\"scimType\":\"invalidFilter\",\"detail\":\"only userName\"}").build();
                    }
                    return list(); // userName compared case-sensitively: nothing
                }
            });
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            ScimUserDirectory dir = ScimFixtures.directory("scim-no-email-filter", server.url("/scim/v2/").uri(), ScimFixtures.TOKEN).build();
            assertThat(dir.findExisting(UserProfile.builder().email("kate.jones@example.com").build()))
                    .extracting(u -> u.id().value()).containsExactly("7");
        }
    }
}
