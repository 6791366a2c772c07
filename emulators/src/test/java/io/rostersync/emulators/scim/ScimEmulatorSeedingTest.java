package io.rostersync.emulators.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.testkit.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.rostersync.emulators.EmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Seeding, reading and editing SCIM users through plain Java values, as a test author does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimEmulatorSeedingTest {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:00Z"));
    @RegisterExtension
    final EmulatorExtension<ScimEmulator> extension = EmulatorExtension.of(() -> ScimEmulator.builder().clock(clock).start());
    private ScimEmulator scim;

    @BeforeEach
    void emulator() {
        scim = extension.emulator();
    }

    private String ann() {
        return scim.addResource(Map.of("userName", "ann@example.com", "active", true, "loginCount", 3,
                "name", Map.of("givenName", "Ann", "familyName", "Lee"),
                "emails", List.of(Map.of("value", "ann@example.com", "primary", true)),
                ENTERPRISE, Map.of("employeeNumber", "E-1")));
    }

    @Test
    void aResourceSeededAsMapsReadsBackAsTheEmulatorServesIt() {
        String id = ann();

        Map<String, Object> user = scim.user(id).orElseThrow();
        assertThat(user).containsEntry("id", id).containsEntry("userName", "ann@example.com").containsEntry("active", true)
                .containsEntry("loginCount", 3L)
                .containsEntry("name", Map.of("givenName", "Ann", "familyName", "Lee"))
                .containsEntry("emails", List.of(Map.of("value", "ann@example.com", "primary", true)))
                .containsEntry("schemas", List.of(ScimEmulator.CORE_USER, ENTERPRISE))
                .containsKey("meta");
        assertThat(scim.users()).containsExactly(user);
        assertThat(scim.attribute(id, ENTERPRISE + ":employeeNumber")).contains("E-1");
        assertThat(scim.attribute(id, "meta.created")).contains("2026-01-05T09:00:00Z");
    }

    @Test
    void theViewIsACopyThatCannotBeChanged() {
        String id = ann();
        Map<String, Object> user = scim.user(id).orElseThrow();

        assertThatThrownBy(() -> user.put("userName", "eve@example.com")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) user.get("emails")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<?, ?>) user.get("name")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(scim.attribute(id, "userName")).contains("ann@example.com");
    }

    @Test
    void aJsonNullIsStoredButLeftOutOfTheView() throws Exception {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("userName", "nil@example.com");
        resource.put("nickName", null);
        String id = scim.addResource(resource);

        assertThat(scim.user(id).orElseThrow()).doesNotContainKey("nickName").doesNotContainValue(null);
        assertThat(scim.attribute(id, "nickName")).isEmpty();
        assertThat(get(scim.baseUri().resolve("Users/" + id))).contains("\"nickName\":null");
    }

    @Test
    void aValueWithoutAJsonFormIsRefusedNamingIt() {
        assertThatThrownBy(() -> scim.addResource(Map.of("userName", "t@example.com", "meta", Map.of("when", Instant.EPOCH))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("when").hasMessageContaining("no JSON form");
        assertThat(scim.size()).isZero();
    }

    @Test
    void anEditChangesOneAttributeMovesLastModifiedAndIsWhatClientsGet() throws Exception {
        String id = ann();
        clock.advance(Duration.ofMinutes(5));

        scim.edit(id, "name.familyName", "Edited");
        scim.edit(id, ENTERPRISE + ":costCenter", "CC-9");
        scim.edit(id, "title", "Admin's pick");

        assertThat(scim.attribute(id, "name")).contains(Map.of("givenName", "Ann", "familyName", "Edited"));
        assertThat(scim.attribute(id, ENTERPRISE)).contains(Map.of("employeeNumber", "E-1", "costCenter", "CC-9"));
        assertThat(scim.attribute(id, "title")).contains("Admin's pick");
        assertThat(scim.attribute(id, "meta.created")).contains("2026-01-05T09:00:00Z");
        assertThat(scim.attribute(id, "meta.lastModified")).contains("2026-01-05T09:05:00Z");
        assertThat(get(scim.baseUri().resolve("Users/" + id))).contains("\"familyName\":\"Edited\"").contains("\"costCenter\":\"CC-9\"");
    }

    @Test
    void anEditOfAMissingParentCreatesIt() {
        String id = scim.addResource(Map.of("userName", "bare@example.com"));

        scim.edit(id, "name.givenName", "Bea");

        assertThat(scim.attribute(id, "name")).contains(Map.of("givenName", "Bea"));
    }

    @Test
    void editsAndReadsOfUnknownUsersOrMalformedPathsAreRefused() {
        String id = ann();

        assertThatThrownBy(() -> scim.edit("nobody", "userName", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no user nobody");
        assertThatThrownBy(() -> scim.attribute("nobody", "userName")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no user nobody");
        for (String bad : List.of("", "name.", ".familyName", "name.familyName.extra", ENTERPRISE + ":")) {
            assertThatThrownBy(() -> scim.edit(id, bad, "x")).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an attribute path");
        }
        assertThatThrownBy(() -> scim.edit(id, "userName.first", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userName is not an object");
        assertThat(scim.attribute(id, "userName")).contains("ann@example.com");
        assertThat(scim.attribute(id, "nickName")).isEmpty();
        assertThat(scim.attribute(id, "name.middleName")).isEmpty();
    }

    @Test
    void insertFirstPutsTheUserAtTheFrontOfTheList() {
        String first = ann();
        String front = scim.insertFirst(Map.of("userName", "front@example.com"));

        assertThat(scim.users()).extracting(u -> u.get("id")).containsExactly(front, first);
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer scim-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
