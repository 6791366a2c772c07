package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.NUMERIC;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.decodeCursor;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.duplicate;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.encodeCursor;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.error;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.intParam;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.notFound;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.recordInvalid;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.wrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * The users endpoints: the cursor-paginated list, show, show_many, me, search, create, update and
 * (soft) delete, and the custom roles list.
 */
final class UserRoutes {

    private static final Pattern EMAIL_TERM = Pattern.compile("email:(\"[^\"]*\"|\\S+)");

    private final ZendeskStore store;

    UserRoutes(ZendeskStore store) {
        this.store = store;
    }

    /**
     * {@code GET /api/v2/users}: {@code page[size]} up to 100, {@code page[after]}, the {@code role},
     * {@code role[]} and {@code permission_set} filters.
     */
    MockResponse list(HttpUrl url) {
        int size = intParam(url, "page[size]", 100, 1, 100);
        long after = 0;
        String afterParam = url.queryParameter("page[after]");
        if (afterParam != null) {
            after = decodeCursor(afterParam, "id");
        }
        Set<String> roles = new HashSet<>(url.queryParameterValues("role[]").stream().filter(Objects::nonNull).toList());
        String single = url.queryParameter("role");
        if (single != null) {
            roles.add(single);
        }
        String permissionSet = url.queryParameter("permission_set");
        ArrayNode page = JSON.createArrayNode();
        long last = after;
        boolean more = false;
        for (ObjectNode u : store.usersAfter(after).values()) {
            if (!ZendeskStore.live(u)) {
                continue;
            }
            if (!roles.isEmpty() && !roles.contains(u.path("role").asText())) {
                continue;
            }
            if (permissionSet != null && !u.path("custom_role_id").asText().equals(permissionSet)) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(u);
            last = u.path("id").asLong();
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("users", page);
        ObjectNode meta = body.putObject("meta");
        meta.put("has_more", more);
        String afterCursor = encodeCursor("id", last);
        meta.put("after_cursor", afterCursor);
        meta.put("before_cursor", page.isEmpty() ? null : encodeCursor("id", page.get(0).path("id").asLong()));
        ObjectNode links = body.putObject("links");
        links.putNull("prev");
        if (more) {
            HttpUrl.Builder next = url.newBuilder().removeAllQueryParameters("page[after]").addQueryParameter("page[after]", afterCursor);
            links.put("next", next.build().toString());
        } else {
            links.putNull("next");
        }
        return json(200, body);
    }

    /** A users page with nobody on it and nothing after it. */
    MockResponse emptyPage() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("users");
        ObjectNode meta = body.putObject("meta");
        meta.put("has_more", false);
        meta.putNull("after_cursor");
        meta.putNull("before_cursor");
        ObjectNode links = body.putObject("links");
        links.putNull("prev");
        links.putNull("next");
        return json(200, body);
    }

    /** {@code GET /api/v2/users/{id}}: soft-deleted users are not found. */
    MockResponse show(String idText) {
        return store.existing(idText).map(u -> json(200, wrap("user", u))).orElseGet(ZendeskJson::notFound);
    }

    /** {@code GET /api/v2/users/me}: the first user stands for the authenticated one. */
    MockResponse me() {
        return json(200, wrap("user", store.first().orElseGet(JSON::createObjectNode)));
    }

    /** {@code GET /api/v2/users/show_many?ids=}: up to 100 ids, deleted users included, unknown ones left out. */
    MockResponse showMany(HttpUrl url) {
        ArrayNode found = JSON.createArrayNode();
        String ids = url.queryParameter("ids");
        if (ids == null || ids.isBlank()) {
            return error(400, "InvalidValue", "ids is required");
        }
        String[] parts = ids.split(",");
        if (parts.length > 100) {
            return error(400, "InvalidValue", "at most 100 ids");
        }
        for (String part : parts) {
            if (NUMERIC.matcher(part.strip()).matches()) {
                store.any(Long.parseLong(part.strip())).ifPresent(found::add);
            }
        }
        return json(200, wrap("users", found));
    }

    /**
     * {@code GET /api/v2/users/search}: {@code external_id=} (exact, case-insensitive), or {@code query=}
     * with {@code email:} terms (exact, quoted or not; other terms match the name). One page, no offset
     * paging; soft-deleted users are not found.
     */
    MockResponse search(HttpUrl url) {
        String externalId = url.queryParameter("external_id");
        String query = url.queryParameter("query");
        ArrayNode found = JSON.createArrayNode();
        if (externalId != null) {
            store.byExternalId(externalId.strip()).ifPresent(found::add);
        } else if (query != null && !query.isBlank()) {
            Matcher m = EMAIL_TERM.matcher(query);
            if (m.find()) {
                store.byEmail(m.group(1).replace("\"", "")).ifPresent(found::add);
            } else {
                store.byNameContaining(query.strip().toLowerCase(Locale.ROOT)).forEach(found::add);
            }
        } else {
            return error(400, "InvalidValue", "query or external_id is required");
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("users", found.deepCopy());
        body.putNull("next_page");
        body.putNull("previous_page");
        body.put("count", found.size());
        return json(200, body);
    }

    /** {@code POST /api/v2/users}: 422 {@code DuplicateValue} when another user holds the email or external id. */
    MockResponse create(JsonNode body) {
        JsonNode user = body.path("user");
        if (!user.isObject()) {
            return error(400, "InvalidRequest", "user is required");
        }
        Optional<String> invalid = store.validate(user, true);
        if (invalid.isPresent()) {
            return recordInvalid(invalid.get());
        }
        String email = user.path("email").asText().toLowerCase(Locale.ROOT);
        if (store.byEmail(email).isPresent()) {
            return duplicate("email", "Email: " + email + " is already being used by another user");
        }
        String externalId = user.path("external_id").asText("");
        if (!externalId.isEmpty() && store.byExternalId(externalId).isPresent()) {
            return duplicate("external_id", "External ID: " + externalId + " has already been taken");
        }
        long id = store.insert(ZendeskStore.writable((ObjectNode) user));
        return json(201, wrap("user", store.held(id)));
    }

    /** {@code PUT /api/v2/users/{id}}: the writable fields given; 422 if the email is another user's. */
    MockResponse update(String idText, JsonNode body) {
        Optional<ObjectNode> existing = store.existing(idText);
        if (existing.isEmpty()) {
            return notFound();
        }
        JsonNode user = body.path("user");
        if (!user.isObject()) {
            return error(400, "InvalidRequest", "user is required");
        }
        Optional<String> invalid = store.validate(user, false);
        if (invalid.isPresent()) {
            return recordInvalid(invalid.get());
        }
        long id = existing.get().path("id").asLong();
        if (user.has("email")) {
            Optional<ObjectNode> other = store.byEmail(user.path("email").asText().toLowerCase(Locale.ROOT));
            if (other.isPresent() && other.get().path("id").asLong() != id) {
                return duplicate("email", "Email: " + user.path("email").asText() + " is already being used by another user");
            }
        }
        store.update(id, ZendeskStore.writable((ObjectNode) user));
        return json(200, wrap("user", store.held(id)));
    }

    /** {@code DELETE /api/v2/users/{id}}: a soft delete, {@code active: false}. */
    MockResponse delete(String idText) {
        Optional<ObjectNode> existing = store.existing(idText);
        if (existing.isEmpty()) {
            return notFound();
        }
        long id = existing.get().path("id").asLong();
        store.change(id, u -> u.put("active", false));
        return json(200, wrap("user", store.held(id)));
    }

    /** {@code GET /api/v2/custom_roles}. */
    MockResponse customRoles() {
        return json(200, wrap("custom_roles", store.customRolesJson()));
    }
}
