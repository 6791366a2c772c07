package io.rostersync.emulators.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw users seeded as plain maps are served as given, and read back as an unmodifiable map. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZendeskEmulatorRawUserTest {

    @Test
    void aRawUserIsServedAsGivenAndReadBackWithoutItsNulls() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("employee_no", "E7");
        fields.put("empty", null);
        fields.put("level", 3);
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@acme.test", "t0ken").start()) {
            Map<String, Object> raw = new LinkedHashMap<>(Map.of("name", "Bad Mail", "email", "not-an-address",
                    "role", "agent", "tags", List.of("vip", "night_shift"), "user_fields", fields));
            raw.put("notes", null);
            long id = zendesk.addRawUser(raw);

            Map<String, Object> user = zendesk.user(id).orElseThrow();
            assertThat(user).containsEntry("id", id).containsEntry("email", "not-an-address").containsEntry("role", "agent")
                    .containsEntry("active", true).containsEntry("tags", List.of("vip", "night_shift"))
                    .containsEntry("user_fields", Map.of("employee_no", "E7", "level", 3L))
                    .doesNotContainKey("external_id").doesNotContainKey("notes");
            assertThatThrownBy(() -> user.put("role", "admin")).isInstanceOf(UnsupportedOperationException.class);

            String token = Base64.getEncoder().encodeToString("admin@acme.test/token:t0ken".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    zendesk.baseUri().resolve("/api/v2/users/" + id)).header("Authorization", "Basic " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"email\":\"not-an-address\"").contains("\"notes\":null")
                    .contains("\"external_id\":null").as("a null user field removes it, as in Zendesk").doesNotContain("\"empty\"");
        }
    }

    @Test
    void anUnknownUserIsEmptyAndAValueWithoutAJsonFormIsRefused() {
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            assertThat(zendesk.user(42)).isEqualTo(Optional.empty());
            assertThatThrownBy(() -> zendesk.addRawUser(Map.of("name", "Odd", "photo", new byte[] {1})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("photo");
            assertThat(zendesk.userIds()).isEmpty();
        }
    }
}
