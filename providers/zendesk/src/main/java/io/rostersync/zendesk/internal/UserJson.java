package io.rostersync.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.ReadProblem;
import io.rostersync.zendesk.ZendeskAttributes;
import io.rostersync.zendesk.ZendeskRole;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** Zendesk user JSON to rostersync records and back. Pure functions. */
public final class UserJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private UserJson() {
    }

    /** What one user object of a read turned into. */
    public sealed interface Outcome permits Mapped, Deleted, Unreadable {
    }

    /** A live user. */
    public record Mapped(UserRecord record) implements Outcome {
    }

    /** A soft-deleted user ({@code active: false}): gone for rostersync. */
    public record Deleted(NativeId id) implements Outcome {
    }

    /** A record that cannot be mapped; the read goes on without it. */
    public record Unreadable(ReadProblem problem) implements Outcome {
    }

    /** Thrown when a profile or patch cannot be expressed as a Zendesk user; the message says why. */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** The user's numeric id, or empty when it has none a read could use. */
    public static Optional<NativeId> idOf(JsonNode user) {
        JsonNode idNode = user.path("id");
        if (!idNode.isIntegralNumber() || idNode.asLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(NativeId.of(Long.toString(idNode.asLong())));
    }

    public static Outcome read(JsonNode user, CustomRoles roles) {
        if (!user.isObject()) {
            return new Unreadable(new ReadProblem("user (not an object)", "a users entry is not a JSON object"));
        }
        JsonNode idNode = user.path("id");
        if (!idNode.isIntegralNumber() || idNode.asLong() <= 0) {
            return new Unreadable(new ReadProblem("user (no id)", "a user has no numeric id"));
        }
        NativeId id = NativeId.of(Long.toString(idNode.asLong()));
        String location = "user " + id.value();
        if (user.path("active").isBoolean() && !user.path("active").asBoolean()) {
            return new Deleted(id);
        }
        UserProfile.Builder b = UserProfile.builder();
        JsonNode email = user.path("email");
        if (email.isTextual() && !email.asText().isBlank()) {
            Optional<EmailAddress> parsed = EmailAddress.parse(email.asText());
            if (parsed.isEmpty()) {
                // The address itself is personal data; say what is wrong, not what it is.
                return new Unreadable(new ReadProblem(location, "email is not a valid address"));
            }
            b.email(parsed.get());
        } else if (!email.isMissingNode() && !email.isNull() && !email.isTextual()) {
            return new Unreadable(new ReadProblem(location, "email is not text"));
        }
        JsonNode name = user.path("name");
        if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
            return new Unreadable(new ReadProblem(location, "name is not text"));
        }
        String[] parts = splitName(name.isTextual() ? name.asText() : "");
        b.firstName(parts[0]).lastName(parts[1]);
        b.status(user.path("suspended").asBoolean(false) ? UserStatus.SUSPENDED : UserStatus.ACTIVE);

        JsonNode role = user.path("role");
        if (role.isTextual()) {
            Optional<ZendeskRole> known = ZendeskRole.fromApiName(role.asText());
            if (known.isEmpty()) {
                return new Unreadable(new ReadProblem(location, "unknown role '" + clip(role.asText()) + "'"));
            }
            b.role(known.get().apiName());
        }
        JsonNode customRole = user.path("custom_role_id");
        if (customRole.isIntegralNumber()) {
            long crId = customRole.asLong();
            b.attribute(ZendeskAttributes.CUSTOM_ROLE_ID, Long.toString(crId));
            // An unknown id (a role created after we listed them) still selects by id, never by a guess.
            b.role(roles.name(crId).orElse("custom role " + crId));
        }
        JsonNode roleType = user.path("role_type");
        if (roleType.isIntegralNumber()) {
            b.attribute(ZendeskAttributes.ROLE_TYPE, Long.toString(roleType.asLong()));
        }
        JsonNode externalId = user.path("external_id");
        if (externalId.isValueNode() && !externalId.isNull() && !externalId.asText().isBlank()) {
            b.attribute(ZendeskAttributes.EXTERNAL_ID, externalId.asText().strip());
        }
        TreeSet<String> tags = new TreeSet<>();
        for (JsonNode tag : user.path("tags")) {
            if (tag.isTextual() && !tag.asText().isBlank()) {
                tags.add(tag.asText().strip());
            }
        }
        if (!tags.isEmpty()) {
            b.attribute(ZendeskAttributes.TAGS, String.join(",", tags));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = user.path("user_fields").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fieldText(field.getValue()).ifPresent(v -> {
                if (!field.getKey().isBlank()) {
                    b.attribute(ZendeskAttributes.USER_FIELD_PREFIX + field.getKey(), v);
                }
            });
        }
        Optional<Instant> updatedAt = Optional.empty();
        JsonNode updated = user.path("updated_at");
        if (updated.isTextual()) {
            try {
                updatedAt = Optional.of(Instant.parse(updated.asText()));
            } catch (DateTimeParseException e) {
                return new Unreadable(new ReadProblem(location, "updated_at is not an ISO-8601 time"));
            }
        }
        try {
            return new Mapped(new UserRecord(id, b.build(), updatedAt));
        } catch (IllegalArgumentException e) {
            return new Unreadable(new ReadProblem(location, "cannot be mapped: " + e.getMessage()));
        }
    }

    /**
     * Splits Zendesk's single {@code name}: the first word is the first name, everything after it the
     * last name ("Ana Van der Berg" gives "Ana" / "Van der Berg"); one word is a first name only.
     * Whitespace runs count as one space. Writing joins the two with a space, so the split round-trips.
     */
    public static String[] splitName(String name) {
        String clean = name.strip().replaceAll("\\s+", " ");
        int space = clean.indexOf(' ');
        if (space < 0) {
            return new String[] {clean, ""};
        }
        return new String[] {clean.substring(0, space), clean.substring(space + 1)};
    }

    public static String joinName(String first, String last) {
        return (first.strip() + " " + last.strip()).strip();
    }

    private static Optional<String> fieldText(JsonNode value) {
        if (value.isNull() || value.isMissingNode() || value.isObject()) {
            return Optional.empty();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> {
                if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                    items.add(v.asText());
                }
            });
            return items.isEmpty() ? Optional.empty() : Optional.of(String.join(",", items));
        }
        String text = value.asText();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** The {@code user} object that creates {@code profile}. */
    public static ObjectNode forCreate(UserProfile profile, CustomRoles roles, boolean notify) {
        ObjectNode user = JSON.objectNode();
        String name = joinName(profile.firstName(), profile.lastName());
        if (profile.email().isEmpty()) {
            throw new Rejected("Zendesk needs an email address to create a user");
        }
        if (name.isEmpty()) {
            throw new Rejected("Zendesk needs a name to create a user");
        }
        if (profile.username().isPresent()) {
            throw new Rejected("Zendesk users have no username");
        }
        if (!profile.groups().isEmpty()) {
            throw new Rejected("groups are not written to Zendesk");
        }
        user.put("name", name);
        user.put("email", profile.email().get().value());
        putRole(user, profile.roles(), roles);
        for (Map.Entry<String, String> a : profile.attributes().entrySet()) {
            putAttribute(user, a.getKey(), a.getValue());
        }
        if (profile.status().isDisabled()) {
            user.put("suspended", true);
        }
        if (!notify) {
            user.put("skip_verify_email", true);
        }
        return user;
    }

    /**
     * The {@code user} object that applies {@code patch} to {@code current}; empty when nothing would
     * change in Zendesk.
     */
    public static ObjectNode forUpdate(UserPatch patch, UserProfile current, CustomRoles roles) {
        ObjectNode user = JSON.objectNode();
        if (patch.username().isPresent()) {
            throw new Rejected("Zendesk users have no username");
        }
        if (!patch.addGroups().isEmpty() || !patch.removeGroups().isEmpty()) {
            throw new Rejected("groups are not written to Zendesk");
        }
        if (patch.firstName().isPresent() || patch.lastName().isPresent()) {
            String name = joinName(patch.firstName().orElse(current.firstName()), patch.lastName().orElse(current.lastName()));
            if (name.isEmpty()) {
                throw new Rejected("Zendesk users need a name");
            }
            user.put("name", name);
        }
        patch.email().ifPresent(e -> user.put("email", e.value()));
        if (!patch.addRoles().isEmpty() || !patch.removeRoles().isEmpty()) {
            TreeSet<String> after = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            after.addAll(current.roles());
            after.removeAll(patch.removeRoles());
            after.addAll(patch.addRoles());
            boolean removesCustom = patch.removeRoles().stream().anyMatch(r -> roles.id(r).isPresent());
            boolean addsCustom = patch.addRoles().stream().anyMatch(r -> roles.id(r).isPresent());
            if (removesCustom && !addsCustom) {
                throw new Rejected("Zendesk cannot take a custom role away without giving another one");
            }
            // Names of custom roles we could not resolve when reading are not ours to write back.
            after.removeIf(r -> r.startsWith("custom role "));
            putRole(user, after, roles);
        }
        for (Map.Entry<String, String> a : patch.setAttributes().entrySet()) {
            putAttribute(user, a.getKey(), a.getValue());
        }
        for (String removed : patch.removeAttributes()) {
            removeAttribute(user, removed);
        }
        return user;
    }

    private static void putRole(ObjectNode user, Set<String> names, CustomRoles roles) {
        ZendeskRole base = ZendeskRole.END_USER;
        OptionalLong custom = OptionalLong.empty();
        String customName = "";
        for (String name : names) {
            Optional<ZendeskRole> builtIn = ZendeskRole.fromApiName(name);
            if (builtIn.isPresent()) {
                if (builtIn.get().ordinal() > base.ordinal()) {
                    base = builtIn.get();
                }
                continue;
            }
            OptionalLong id = roles.id(name);
            if (id.isEmpty()) {
                throw new Rejected("role '" + clip(name) + "' is neither a Zendesk role nor a custom role of this account");
            }
            if (custom.isPresent() && custom.getAsLong() != id.getAsLong()) {
                throw new Rejected("a Zendesk agent holds one custom role, not both '" + customName + "' and '" + clip(name) + "'");
            }
            custom = id;
            customName = clip(name);
        }
        if (custom.isPresent()) {
            if (base == ZendeskRole.ADMIN) {
                throw new Rejected("an admin cannot also hold the custom role '" + customName + "'");
            }
            user.put("role", ZendeskRole.AGENT.apiName());
            user.put("custom_role_id", custom.getAsLong());
        } else {
            user.put("role", base.apiName());
        }
    }

    private static void putAttribute(ObjectNode user, String name, String value) {
        if (name.equals(ZendeskAttributes.EXTERNAL_ID)) {
            user.put("external_id", value);
        } else if (name.equals(ZendeskAttributes.TAGS)) {
            ArrayNode tags = user.putArray("tags");
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
        } else if (name.startsWith(ZendeskAttributes.USER_FIELD_PREFIX) && name.length() > ZendeskAttributes.USER_FIELD_PREFIX.length()) {
            ObjectNode fields = user.has("user_fields") ? (ObjectNode) user.get("user_fields") : user.putObject("user_fields");
            fields.put(name.substring(ZendeskAttributes.USER_FIELD_PREFIX.length()), value);
        } else if (name.equals(ZendeskAttributes.CUSTOM_ROLE_ID) || name.equals(ZendeskAttributes.ROLE_TYPE)) {
            // Read back from the role; written through roles, never as an attribute.
        } else {
            throw new Rejected("attribute '" + clip(name) + "' has no Zendesk field");
        }
    }

    private static void removeAttribute(ObjectNode user, String name) {
        if (name.equals(ZendeskAttributes.EXTERNAL_ID)) {
            user.putNull("external_id");
        } else if (name.equals(ZendeskAttributes.TAGS)) {
            user.putArray("tags");
        } else if (name.startsWith(ZendeskAttributes.USER_FIELD_PREFIX) && name.length() > ZendeskAttributes.USER_FIELD_PREFIX.length()) {
            ObjectNode fields = user.has("user_fields") ? (ObjectNode) user.get("user_fields") : user.putObject("user_fields");
            fields.putNull(name.substring(ZendeskAttributes.USER_FIELD_PREFIX.length()));
        } else if (!name.equals(ZendeskAttributes.CUSTOM_ROLE_ID) && !name.equals(ZendeskAttributes.ROLE_TYPE)) {
            throw new Rejected("attribute '" + clip(name) + "' has no Zendesk field");
        }
    }
}
