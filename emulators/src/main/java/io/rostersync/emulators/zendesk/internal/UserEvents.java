package io.rostersync.emulators.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Zendesk user events (webhook event schema version 2022-06-20) a change of one user gives: one per kind
 * of change, as Zendesk sends one event per change.
 */
public final class UserEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PREFIX = "zen:event-type:user.";

    /** One event: its id, type and user, and the payload as Zendesk would send it. */
    public record Event(String id, String type, long userId, String body) {
    }

    private UserEvents() {
    }

    /** The event types of a change; {@code before} null for a new user. */
    public static List<String> types(@Nullable ObjectNode before, ObjectNode after) {
        List<String> types = new ArrayList<>();
        if (before == null) {
            types.add(PREFIX + "created");
            return types;
        }
        if (differs(before, after, "active")) {
            types.add(PREFIX + "active_changed");
        }
        if (differs(before, after, "name")) {
            types.add(PREFIX + "name_changed");
        }
        if (differs(before, after, "role") || differs(before, after, "custom_role_id")) {
            types.add(PREFIX + "role_changed");
        }
        if (differs(before, after, "email")) {
            types.add(PREFIX + "identity_changed");
        }
        if (differs(before, after, "external_id")) {
            types.add(PREFIX + "external_id_changed");
        }
        if (types.isEmpty()) {
            types.add(PREFIX + "details_changed"); // suspension, tags, user fields, notes...
        }
        return types;
    }

    /** The payload of one event about {@code user} (copied now: the store's object changes later). */
    public static Event event(UUID id, String type, long accountId, ObjectNode user, @Nullable ObjectNode before, Instant time) {
        long userId = user.path("id").asLong();
        ObjectNode root = JSON.createObjectNode();
        root.put("type", type);
        root.put("account_id", accountId);
        root.put("id", id.toString());
        root.put("time", time.toString());
        root.put("zendesk_event_version", "2022-06-20");
        root.put("subject", "zen:user:" + userId);
        ObjectNode detail = root.putObject("detail");
        detail.put("created_at", user.path("created_at").asText(""));
        detail.put("email", user.path("email").asText(""));
        detail.put("external_id", user.path("external_id").isNull() ? "" : user.path("external_id").asText(""));
        detail.put("default_group_id", "0");
        detail.put("id", Long.toString(userId)); // a string in events
        detail.put("organization_id", user.path("organization_id").isNull() ? "0" : user.path("organization_id").asText("0"));
        detail.put("role", user.path("role").asText(""));
        detail.put("updated_at", user.path("updated_at").asText(""));
        ObjectNode event = root.putObject("event");
        String field = switch (type.substring(PREFIX.length())) {
            case "active_changed" -> "active";
            case "name_changed" -> "name";
            case "role_changed" -> "role";
            case "external_id_changed" -> "external_id";
            default -> "";
        };
        if (!field.isEmpty() && before != null) {
            event.set("current", user.path(field).deepCopy());
            event.set("previous", before.path(field).deepCopy());
        }
        return new Event(id.toString(), type, userId, root.toString());
    }

    private static boolean differs(ObjectNode before, ObjectNode after, String field) {
        JsonNode a = before.get(field);
        JsonNode b = after.get(field);
        return !Objects.equals(a, b);
    }
}
