package io.rostersync.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The account's custom roles by id and by name (case-insensitive), as {@code GET /api/v2/custom_roles}
 * listed them. Immutable.
 */
public final class CustomRoles {

    private static final CustomRoles NONE = new CustomRoles(Map.of(), Map.of());

    private final Map<Long, String> namesById;
    private final Map<String, Long> idsByLowerName;

    private CustomRoles(Map<Long, String> namesById, Map<String, Long> idsByLowerName) {
        this.namesById = namesById;
        this.idsByLowerName = idsByLowerName;
    }

    /** No custom roles: accounts below Enterprise, or an integration user not allowed to list them. */
    public static CustomRoles none() {
        return NONE;
    }

    /** Reads a {@code custom_roles} response; entries without a numeric id or a name are skipped. */
    public static CustomRoles parse(JsonNode body) {
        Map<Long, String> byId = new HashMap<>();
        Map<String, Long> byName = new HashMap<>();
        for (JsonNode role : body.path("custom_roles")) {
            JsonNode id = role.path("id");
            JsonNode name = role.path("name");
            if (id.canConvertToLong() && id.isIntegralNumber() && name.isTextual() && !name.asText().isBlank()) {
                byId.put(id.asLong(), name.asText().strip());
                byName.put(name.asText().strip().toLowerCase(Locale.ROOT), id.asLong());
            }
        }
        return new CustomRoles(Collections.unmodifiableMap(byId), Collections.unmodifiableMap(byName));
    }

    public Optional<String> name(long id) {
        return Optional.ofNullable(namesById.get(id));
    }

    public OptionalLong id(String name) {
        Long id = idsByLowerName.get(name.strip().toLowerCase(Locale.ROOT));
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    public boolean isEmpty() {
        return namesById.isEmpty();
    }
}
