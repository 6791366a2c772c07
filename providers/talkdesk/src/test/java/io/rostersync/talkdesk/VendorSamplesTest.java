package io.rostersync.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.internal.Page;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.scim.internal.ScimUserMapper;
import io.rostersync.talkdesk.internal.RestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Our decoding and encoding against Talkdesk's own documented payloads, read at run time from the
 * shared vendor samples next to the repository (never copied into it). Skipped when they are absent,
 * except under {@code CI=true}.
 */
class VendorSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sample(String file) throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/vendor-samples/talkdesk").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return JSON.readTree(candidate.toFile());
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("vendor sample " + file + " not found above " + Path.of("").toAbsolutePath());
        }
        assumeTrue(false, "vendor samples not available");
        throw new IllegalStateException("unreachable");
    }

    @Test
    void documentedUsersPageDecodesWithItsNextLinkAndReportsTheObfuscatedEmailAsAProblem() throws IOException {
        JsonNode body = sample("users-list-paging-sample.json");
        Page<JsonNode> page = RestUsers.page(body);
        assertThat(page.items()).hasSize(1);
        assertThat(page.next()).contains("https://api.talkdeskapp.com/users?page=2");
        assertThat(page.continues()).isTrue();
        // The captured doc page obfuscated the address ("[email protected]"): a problem, not a crash.
        assertThat(RestUsers.user(page.items().get(0), 1)).isInstanceOf(RestUsers.Problem.class);

        ObjectNode fixed = page.items().get(0).deepCopy();
        fixed.put("email", "john.smith@example.com");
        assertThat(RestUsers.user(fixed, 1)).isInstanceOfSatisfying(RestUsers.Read.class, r -> {
            assertThat(r.record().id().value()).isEqualTo("c65186ee-3780-468e-968b-ca15b981c312");
            assertThat(r.record().firstName()).isEqualTo("John");
            assertThat(r.record().lastName()).isEqualTo("Smith");
            assertThat(r.record().status()).isEqualTo(UserStatus.ACTIVE);
        });
    }

    /**
     * The list-change check reads {@code total}, {@code page} and {@code per_page} from each page: Talkdesk's
     * documented page must carry them as numbers, or the check would silently see nothing. Then the
     * documented two-user list read as Talkdesk pages it, with the user on page 1 deleted before page 2 is
     * asked for: page 2 now holds nobody new (the second user moved to page 1), so one user is skipped.
     */
    @Test
    void theListChangeCheckReadsFieldsTalkdesksDocumentedPageCarriesAndSeesAShiftInIt() throws IOException {
        JsonNode body = sample("users-list-paging-sample.json");
        assertThat(body.path("total").isInt()).as("documented 'total'").isTrue();
        assertThat(body.path("page").isInt()).as("documented 'page'").isTrue();
        assertThat(body.path("per_page").isInt()).as("documented 'per_page'").isTrue();
        Page<JsonNode> first = RestUsers.page(body);

        // Unchanged: page 2 holds the other user, and the total still matches.
        ObjectNode second = body.deepCopy();
        second.put("page", 2);
        ((ObjectNode) second.path("_embedded").path("users").get(0)).put("id", "another-user-id");
        second.remove("_links");
        io.rostersync.talkdesk.internal.RestListCheck quiet = new io.rostersync.talkdesk.internal.RestListCheck();
        quiet.observe(body, first);
        quiet.observe(second, RestUsers.page(second));
        assertThat(quiet.change()).isEmpty();

        // The first user deleted between the two requests: page 2 is empty and the total dropped to 1.
        ObjectNode shifted = body.deepCopy();
        shifted.put("page", 2);
        shifted.put("total", 1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) shifted.path("_embedded").path("users")).removeAll();
        shifted.remove("_links");
        io.rostersync.talkdesk.internal.RestListCheck moved = new io.rostersync.talkdesk.internal.RestListCheck();
        moved.observe(body, first);
        moved.observe(shifted, RestUsers.page(shifted));
        assertThat(moved.change()).hasValueSatisfying(why -> assertThat(why).contains("total"));
    }

    @Test
    void ourScimBodyHasExactlyTheShapeOfTalkdesksDocumentedCreateRequest() throws IOException {
        JsonNode documented = sample("scim-user-create-or-replace-request.json");
        ScimUserMapper mapper = new ScimUserMapper(Optional.of(TalkdeskUserDirectory.EXTENSION), false, Optional.of("externalId"));
        ObjectNode ours = mapper.toResource(UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Lee")
                .role("Agent").group("Support").attribute("externalId", "005xx0000012345").build(), Optional.empty());
        assertThat(fields(ours)).containsExactlyInAnyOrderElementsOf(fields(documented));
        assertThat(fields(ours.get("name"))).containsExactlyInAnyOrderElementsOf(fields(documented.get("name")));
        String ext = TalkdeskUserDirectory.EXTENSION_URN;
        assertThat(fields(ours.get(ext))).containsExactlyInAnyOrderElementsOf(fields(documented.get(ext)));
        List<String> schemas = new ArrayList<>();
        ours.get("schemas").forEach(s -> schemas.add(s.asText()));
        List<String> documentedSchemas = new ArrayList<>();
        documented.get("schemas").forEach(s -> documentedSchemas.add(s.asText()));
        assertThat(schemas).containsExactlyInAnyOrderElementsOf(documentedSchemas);
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
