package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.EmailAddress;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12 section 6 on the SCIM emulator: the SCIM media type, email changes that keep the user's other
 * addresses, updates written from the change without reading the user again, {@code If-Match} where the
 * server advertises ETags, and creates answered without the resource.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimStrictWritesTest {

    private ScimEmulator emulator;

    private void start(ScimEmulator.Builder config) {
        emulator = config.bearerToken(ScimFixtures.TOKEN).build();
        emulator.start();
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private ScimUserDirectory.Builder directory() {
        return ScimFixtures.directory("scim-strict", emulator.baseUri(), ScimFixtures.TOKEN);
    }

    private static UserRecord stored(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    private static List<UserRecord> readAll(ScimUserDirectory dir) {
        List<UserRecord> all = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                all.addAll(p.get().users());
            }
        }
        return all;
    }

    /** A user with a primary work address and a second, home address. */
    private static Map<String, Object> twoAddresses(String work, String home) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("userName", work);
        u.put("active", true);
        u.put("name", Map.of("givenName", "Rae", "familyName", "Two"));
        u.put("emails", List.of(Map.of("value", work, "type", "work", "primary", true), Map.of("value", home, "type", "home")));
        return u;
    }

    private static List<String> emailValues(Map<String, Object> user) {
        List<String> out = new ArrayList<>();
        for (Object e : (List<?>) user.getOrDefault("emails", List.of())) {
            Map<?, ?> email = (Map<?, ?>) e;
            out.add(email.get("value") + (Boolean.TRUE.equals(email.get("primary")) ? " (primary)" : ""));
        }
        return out;
    }

    private static Object nested(Map<String, Object> user, String attribute, String subAttribute) {
        return ((Map<?, ?>) user.get(attribute)).get(subAttribute);
    }

    // ---- media type --------------------------------------------------------------------------

    @Test
    void everyWriteGoesOutAsScimJsonSoAStrictServerTakesIt() {
        start(ScimEmulator.builder().strictMediaType(true));
        ScimUserDirectory dir = directory().build();
        UserRecord made = stored(dir.create(UserProfile.builder().email("sam@example.com").firstName("Sam").build(), CreateOptions.silent()));
        stored(dir.update(made.id(), UserPatch.builder().lastName("Strict").build()));
        assertThat(stored(dir.deactivate(made.id())).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(stored(dir.reactivate(made.id())).status()).isEqualTo(UserStatus.ACTIVE);
        stored(directory().patchSupport(PatchSupport.PUT_ONLY).build().update(made.id(), UserPatch.builder().firstName("Samuel").build()));
        assertThat(nested(emulator.user(made.id().value()).orElseThrow(), "name", "givenName")).isEqualTo("Samuel");
    }

    @Test
    void theMediaTypeIsConfigurablePerDirectoryAndValidated() {
        start(ScimEmulator.builder().strictMediaType(true));
        WriteResult r = directory().mediaType("application/json").build()
                .create(UserProfile.builder().email("jo@example.com").build(), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
        assertThatThrownBy(() -> directory().mediaType("text/xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON media type");
    }

    // ---- emails ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(PatchSupport.class)
    void changingTheEmailKeepsTheUsersOtherAddresses(PatchSupport support) {
        start(ScimEmulator.builder().patchSupported(support != PatchSupport.PUT_ONLY));
        String id = emulator.addResource(twoAddresses("rae@work.example", "rae@home.example"));
        ScimUserDirectory dir = directory().patchSupport(support).build();
        UserRecord after = stored(dir.update(NativeId.of(id), UserPatch.builder().email(EmailAddress.parse("rae.two@work.example").orElseThrow()).build()));
        assertThat(after.email()).contains(EmailAddress.parse("rae.two@work.example").orElseThrow());
        Map<String, Object> raw = emulator.user(id).orElseThrow();
        assertThat(emailValues(raw)).containsExactly("rae.two@work.example (primary)", "rae@home.example");
        assertThat(((Map<?, ?>) ((List<?>) raw.get("emails")).get(0)).get("type")).isEqualTo("work");
    }

    @Test
    void aUserWhoseAddressesHaveNoPrimaryFlagGetsTheFirstReplacedAndKeepsTheRest() {
        start(ScimEmulator.builder());
        Map<String, Object> u = twoAddresses("lu@work.example", "lu@home.example");
        u.put("emails", List.of(Map.of("value", "lu@work.example", "type", "work"), Map.of("value", "lu@home.example", "type", "home")));
        String id = emulator.addResource(u);
        stored(directory().build().update(NativeId.of(id), UserPatch.builder().email(EmailAddress.parse("lu.new@work.example").orElseThrow()).build()));
        assertThat(emailValues(emulator.user(id).orElseThrow())).containsExactly("lu.new@work.example (primary)", "lu@home.example");
    }

    @Test
    void aUserWithoutAnyAddressGetsTheNewOneAsPrimary() {
        start(ScimEmulator.builder());
        String id = emulator.add(UserProfile.builder().username("noaddress").firstName("No").build());
        stored(directory().build().update(NativeId.of(id), UserPatch.builder().email(EmailAddress.parse("now@example.com").orElseThrow()).build()));
        assertThat(emailValues(emulator.user(id).orElseThrow())).containsExactly("now@example.com (primary)");
    }

    @Test
    void aServerWithoutValueFilterPathsStillKeepsTheOtherAddressesAndRoles() {
        start(ScimEmulator.builder().valueFilterPaths(false));
        Map<String, Object> u = twoAddresses("vi@work.example", "vi@home.example");
        u.put("roles", List.of(Map.of("value", "Admin"), Map.of("value", "Agent")));
        String id = emulator.addResource(u);
        UserRecord after = stored(directory().build().update(NativeId.of(id), UserPatch.builder()
                .email(EmailAddress.parse("vi.new@work.example").orElseThrow()).removeRole("Admin").build()));
        assertThat(after.roles()).containsExactly("Agent");
        assertThat(emailValues(emulator.user(id).orElseThrow())).containsExactly("vi.new@work.example (primary)", "vi@home.example");
    }

    // ---- no read before a write --------------------------------------------------------------

    @Test
    void updatesDeactivationsAndReactivationsOfUsersJustReadSendNoGet() {
        start(ScimEmulator.builder());
        new RosterGenerator(35).profiles(35).forEach(emulator::add);
        ScimUserDirectory dir = directory().pageSize(50).build();
        List<UserRecord> users = readAll(dir);
        for (UserRecord u : users) {
            stored(dir.update(u.id(), UserPatch.builder().lastName(u.lastName() + "-renamed").addRole("Reviewer").build()));
        }
        for (UserRecord u : users.subList(0, 10)) {
            stored(dir.deactivate(u.id()));
        }
        for (UserRecord u : users.subList(0, 5)) {
            stored(dir.reactivate(u.id()));
        }
        assertThat(emulator.requestCount("GET /scim/v2/Users/{id}")).isZero();
        assertThat(emulator.requestCount("PATCH /scim/v2/Users/{id}")).isEqualTo(50);
        assertThat(((List<?>) emulator.user(users.get(7).id().value()).orElseThrow().get("roles")).stream().map(r -> String.valueOf(((Map<?, ?>) r).get("value"))))
                .contains("Reviewer").contains(users.get(7).roles().first());
    }

    @Test
    void aRoleRemovedByValueLeavesTheOtherRoles() {
        start(ScimEmulator.builder());
        String id = emulator.add(UserProfile.builder().email("ro@example.com").role("Admin").role("Agent").role("Supervisor").build());
        UserRecord after = stored(directory().build().update(NativeId.of(id), UserPatch.builder().removeRole("Admin").addRole("Viewer").build()));
        assertThat(after.roles()).containsExactly("Agent", "Supervisor", "Viewer");
        assertThat(emulator.requestCount("GET /scim/v2/Users/{id}")).isZero();
    }

    // ---- ETags -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = PatchSupport.class, names = {"AUTO", "PUT_ONLY"})
    void aUserChangedOnTheServerSinceTheReadIsAConflictNotOverwritten(PatchSupport support) {
        start(ScimEmulator.builder().etags(true).patchSupported(support != PatchSupport.PUT_ONLY));
        String changed = emulator.add(UserProfile.builder().email("ch@example.com").firstName("Chi").lastName("Old").build());
        String quiet = emulator.add(UserProfile.builder().email("qu@example.com").firstName("Quinn").lastName("Old").build());
        ScimUserDirectory dir = directory().patchSupport(support).build();
        readAll(dir);
        emulator.edit(changed, "name.familyName", "Admin's edit");

        WriteResult r = dir.update(NativeId.of(changed), UserPatch.builder().lastName("Ours").build());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.CONFLICT);
            assertThat(f.failure().vendorCode()).contains("precondition_failed");
        });
        assertThat(nested(emulator.user(changed).orElseThrow(), "name", "familyName")).isEqualTo("Admin's edit");

        // The quiet user: written, and written again in the same run with the version the first write returned.
        stored(dir.update(NativeId.of(quiet), UserPatch.builder().lastName("New").build()));
        stored(dir.deactivate(NativeId.of(quiet)));
        assertThat(stored(dir.reactivate(NativeId.of(quiet))).lastName()).isEqualTo("New");
    }

    @Test
    void withoutAdvertisedEtagsNoIfMatchIsSent() {
        start(ScimEmulator.builder());
        String id = emulator.add(UserProfile.builder().email("ne@example.com").firstName("Ne").build());
        ScimUserDirectory dir = directory().build();
        readAll(dir);
        emulator.edit(id, "name.familyName", "Edited");
        stored(dir.update(NativeId.of(id), UserPatch.builder().firstName("Ned").build()));
    }

    // ---- creates answered without a resource -------------------------------------------------

    @Test
    void aCreateAnsweredWithoutTheUserIsReadBackFromItsLocation() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            String location = server.url("/scim/v2/Users/u-1").toString();
            server.enqueue(new MockResponse.Builder().code(201).setHeader("Location", location).build());
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/scim+json")
                    .body("{\"id\":\"u-1\",\"userName\":\"lo@example.com\",\"active\":true}").build());
            ScimUserDirectory dir = ScimFixtures.directory("scim-location", server.url("/scim/v2/").uri(), ScimFixtures.TOKEN).build();
            UserRecord made = stored(dir.create(UserProfile.builder().email("lo@example.com").build(), CreateOptions.silent()));
            assertThat(made.id().value()).isEqualTo("u-1");
            assertThat(server.takeRequest().getHeaders().get("Content-Type")).startsWith("application/scim+json");
            assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/scim/v2/Users/u-1");
        }
    }

    @Test
    void aCreateAnsweredWithoutTheUserOrItsLocationIsAlreadyExistsNeverALookupByUserName() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
            server.enqueue(new MockResponse.Builder().code(201).build());
            ScimUserDirectory dir = ScimFixtures.directory("scim-silent", server.url("/scim/v2/").uri(), ScimFixtures.TOKEN).build();
            WriteResult r = dir.create(UserProfile.builder().email("si@example.com").build(), CreateOptions.silent());
            assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }
}
