package io.rostersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.scim.ScimSchemaExtension;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Maps SCIM User resources to records and profiles to resources and PATCH operations. Immutable. */
public final class ScimUserMapper {

    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Optional<ScimSchemaExtension> extension;
    private final boolean sendEmails;
    private final Optional<String> externalIdAttribute;

    public ScimUserMapper(Optional<ScimSchemaExtension> extension, boolean sendEmails, Optional<String> externalIdAttribute) {
        this.extension = Objects.requireNonNull(extension, "extension");
        this.sendEmails = sendEmails;
        this.externalIdAttribute = Objects.requireNonNull(externalIdAttribute, "externalIdAttribute");
    }

    /** A resource that cannot be turned into a record; the message never quotes credentials. */
    public static final class UnmappableUserException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String location;

        UnmappableUserException(String location, String message) {
            super(message, null, false, false);
            this.location = location;
        }

        /** Where: {@code "user <id>"} or {@code "resource #3"}. */
        public String location() {
            return location;
        }
    }

    // ---- resource -> record ------------------------------------------------------------------

    /**
     * @param where a location for problems when the resource has no usable id ({@code "resource #3"})
     * @throws UnmappableUserException if the resource has no id or an invalid email
     */
    public UserRecord toRecord(JsonNode user, String where) {
        if (!user.isObject()) {
            throw new UnmappableUserException(where, "not a JSON object");
        }
        JsonNode idNode = user.path("id");
        if (!idNode.isTextual() || idNode.asText().isBlank()) {
            throw new UnmappableUserException(where, "has no id");
        }
        NativeId id;
        try {
            id = NativeId.of(idNode.asText());
        } catch (IllegalArgumentException e) {
            throw new UnmappableUserException(where, "has an unusable id: " + e.getMessage());
        }
        String location = "user " + id.value();
        String userName = text(user, "userName");
        UserProfile.Builder b = UserProfile.builder();
        Optional<String> emailText = primaryEmail(user);
        if (emailText.isPresent()) {
            Optional<EmailAddress> email = EmailAddress.parse(emailText.get());
            if (email.isEmpty()) {
                throw new UnmappableUserException(location, "has an invalid email address");
            }
            b.email(email);
        } else {
            b.email(EmailAddress.parse(userName));
        }
        if (!userName.isBlank()) {
            try {
                b.username(Optional.of(Username.of(userName)));
            } catch (IllegalArgumentException e) {
                throw new UnmappableUserException(location, "has an unusable userName: " + e.getMessage());
            }
        }
        JsonNode name = user.path("name");
        b.firstName(text(name, "givenName")).lastName(text(name, "familyName"));
        JsonNode active = user.path("active");
        b.status(active.isBoolean() && !active.asBoolean() ? UserStatus.INACTIVE : UserStatus.ACTIVE);

        JsonNode ext = extension.map(e -> user.path(e.urn())).orElse(JSON.missingNode());
        Optional<ScimSchemaExtension.ListAttribute> rolesAttr = extension.flatMap(ScimSchemaExtension::roles);
        if (rolesAttr.isPresent()) {
            b.roles(readList(ext.path(rolesAttr.get().attribute()), rolesAttr.get()));
        } else {
            List<String> roles = new ArrayList<>();
            for (JsonNode r : user.path("roles")) {
                String v = text(r, "value");
                if (!v.isBlank()) {
                    roles.add(v);
                }
            }
            b.roles(roles);
        }
        extension.flatMap(ScimSchemaExtension::groups).ifPresent(g -> b.groups(readList(ext.path(g.attribute()), g)));
        externalIdAttribute.ifPresent(a -> {
            String x = text(user, "externalId");
            if (!x.isBlank()) {
                b.attribute(a, x);
            }
        });
        extension.ifPresent(e -> {
            for (Map.Entry<String, String> m : e.attributes().entrySet()) {
                JsonNode v = ext.path(m.getKey());
                if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                    b.attribute(m.getValue(), v.asText());
                }
            }
        });
        try {
            return new UserRecord(id, b.build(), lastModified(user));
        } catch (IllegalArgumentException e) {
            throw new UnmappableUserException(location, e.getMessage());
        }
    }

    private static Optional<String> primaryEmail(JsonNode user) {
        String first = null;
        for (JsonNode e : user.path("emails")) {
            String v = text(e, "value");
            if (v.isBlank()) {
                continue;
            }
            if (e.path("primary").asBoolean(false)) {
                return Optional.of(v);
            }
            if (first == null) {
                first = v;
            }
        }
        return Optional.ofNullable(first);
    }

    private static Optional<Instant> lastModified(JsonNode user) {
        String v = text(user.path("meta"), "lastModified");
        if (v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<String> readList(JsonNode node, ScimSchemaExtension.ListAttribute attr) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            String sep = attr.separator().orElse(";");
            for (String part : node.asText().split(Pattern.quote(sep))) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                String s = v.isTextual() ? v.asText() : text(v, "value");
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : "";
    }

    // ---- profile -> resource -----------------------------------------------------------------

    /** The userName a profile is stored under: its username, else its email. */
    public static Optional<String> userNameOf(UserProfile profile) {
        return profile.username().map(Username::value).or(() -> profile.email().map(EmailAddress::value));
    }

    /**
     * The full resource for a create (no {@code base}) or a replace ({@code base} = the resource as read,
     * so attributes this mapping does not know survive the PUT).
     *
     * @throws IllegalArgumentException if the profile has neither username nor email
     */
    public ObjectNode toResource(UserProfile profile, Optional<JsonNode> base) {
        ObjectNode r = base.filter(JsonNode::isObject).map(n -> ((ObjectNode) n).deepCopy()).orElseGet(JSON::objectNode);
        r.remove("meta");
        r.remove("id");
        ArrayNode schemas = r.putArray("schemas");
        schemas.add(CORE_USER);
        extension.ifPresent(e -> schemas.add(e.urn()));
        r.put("userName", userNameOf(profile)
                .orElseThrow(() -> new IllegalArgumentException("a SCIM user needs a username or an email")));
        ObjectNode name = r.path("name").isObject() ? (ObjectNode) r.get("name") : r.putObject("name");
        name.remove("formatted"); // would contradict the new name parts
        name.put("givenName", profile.firstName());
        name.put("familyName", profile.lastName());
        if (sendEmails) {
            if (profile.email().isPresent()) {
                r.set("emails", emails(profile.email().get()));
            } else {
                r.remove("emails");
            }
        }
        r.put("active", profile.status() == UserStatus.ACTIVE);
        externalIdAttribute.ifPresent(a -> {
            Optional<String> x = profile.attribute(a);
            if (x.isPresent()) {
                r.put("externalId", x.get());
            } else {
                r.remove("externalId");
            }
        });
        Optional<ScimSchemaExtension.ListAttribute> rolesAttr = extension.flatMap(ScimSchemaExtension::roles);
        if (rolesAttr.isEmpty()) {
            if (profile.roles().isEmpty()) {
                r.remove("roles");
            } else {
                r.set("roles", coreRoles(profile.roles()));
            }
        }
        extension.ifPresent(e -> {
            ObjectNode ext = r.path(e.urn()).isObject() ? (ObjectNode) r.get(e.urn()) : r.putObject(e.urn());
            e.roles().ifPresent(a -> ext.set(a.attribute(), writeList(profile.roles(), a)));
            e.groups().ifPresent(a -> ext.set(a.attribute(), writeList(profile.groups(), a)));
            for (Map.Entry<String, String> m : e.attributes().entrySet()) {
                Optional<String> v = profile.attribute(m.getValue());
                if (v.isPresent()) {
                    ext.put(m.getKey(), v.get());
                } else {
                    ext.remove(m.getKey());
                }
            }
        });
        return r;
    }

    /** A PatchOp request body turning {@code before} into {@code after}; empty when nothing differs. */
    public Optional<ObjectNode> patch(UserProfile before, UserProfile after) {
        ArrayNode ops = JSON.arrayNode();
        Optional<String> userName = userNameOf(after);
        if (userName.isPresent() && !userName.equals(userNameOf(before))) {
            replace(ops, "userName", JSON.textNode(userName.get()));
        }
        if (!after.firstName().equals(before.firstName())) {
            replace(ops, "name.givenName", JSON.textNode(after.firstName()));
        }
        if (!after.lastName().equals(before.lastName())) {
            replace(ops, "name.familyName", JSON.textNode(after.lastName()));
        }
        if (sendEmails && !after.email().equals(before.email())) {
            if (after.email().isPresent()) {
                replace(ops, "emails", emails(after.email().get()));
            } else {
                remove(ops, "emails");
            }
        }
        if ((after.status() == UserStatus.ACTIVE) != (before.status() == UserStatus.ACTIVE)) {
            replace(ops, "active", JSON.booleanNode(after.status() == UserStatus.ACTIVE));
        }
        externalIdAttribute.ifPresent(a -> {
            Optional<String> x = after.attribute(a);
            if (!x.equals(before.attribute(a))) {
                if (x.isPresent()) {
                    replace(ops, "externalId", JSON.textNode(x.get()));
                } else {
                    remove(ops, "externalId");
                }
            }
        });
        Optional<ScimSchemaExtension.ListAttribute> rolesAttr = extension.flatMap(ScimSchemaExtension::roles);
        if (rolesAttr.isEmpty() && !after.roles().equals(before.roles())) {
            if (after.roles().isEmpty()) {
                remove(ops, "roles");
            } else {
                replace(ops, "roles", coreRoles(after.roles()));
            }
        }
        extension.ifPresent(e -> {
            String prefix = e.urn() + ":";
            e.roles().filter(a -> !after.roles().equals(before.roles()))
                    .ifPresent(a -> replace(ops, prefix + a.attribute(), writeList(after.roles(), a)));
            e.groups().filter(a -> !after.groups().equals(before.groups()))
                    .ifPresent(a -> replace(ops, prefix + a.attribute(), writeList(after.groups(), a)));
            for (Map.Entry<String, String> m : e.attributes().entrySet()) {
                Optional<String> v = after.attribute(m.getValue());
                if (!v.equals(before.attribute(m.getValue()))) {
                    if (v.isPresent()) {
                        replace(ops, prefix + m.getKey(), JSON.textNode(v.get()));
                    } else {
                        remove(ops, prefix + m.getKey());
                    }
                }
            }
        });
        if (ops.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add(PATCH_OP);
        body.set("Operations", ops);
        return Optional.of(body);
    }

    private static void replace(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "replace").put("path", path).set("value", value);
    }

    private static void remove(ArrayNode ops, String path) {
        ops.addObject().put("op", "remove").put("path", path);
    }

    private static ArrayNode emails(EmailAddress email) {
        ArrayNode a = JSON.arrayNode();
        a.addObject().put("value", email.value()).put("type", "work").put("primary", true);
        return a;
    }

    private static ArrayNode coreRoles(SortedSet<String> roles) {
        ArrayNode a = JSON.arrayNode();
        roles.forEach(r -> a.addObject().put("value", r));
        return a;
    }

    private static JsonNode writeList(SortedSet<String> names, ScimSchemaExtension.ListAttribute attr) {
        if (attr.separator().isPresent()) {
            return JSON.textNode(String.join(attr.separator().get(), new TreeSet<>(names)));
        }
        ArrayNode a = JSON.arrayNode();
        names.forEach(a::add);
        return a;
    }
}
