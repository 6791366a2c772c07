package io.rostersync.scim.internal;

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
    /** The PATCH path of the primary email's value (RFC 7644 section 3.5.2, a value filter path). */
    public static final String PRIMARY_EMAIL_VALUE = "emails[primary eq true].value";

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
            throw new UnmappableUserException(location, Objects.requireNonNullElse(e.getMessage(), e.toString()));
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
                // A replace keeps the user's other addresses (RFC 7644 section 3.5.2.3: a PUT replaces all values).
                r.set("emails", withPrimary(r.path("emails"), profile.email().get()));
            } else if (base.isEmpty()) {
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

    /**
     * A PatchOp request body turning {@code before} (read as {@code current}) into {@code after}; empty when
     * nothing differs. A changed email replaces the primary address only: the others in {@code current} are
     * sent back unchanged.
     */
    public Optional<ObjectNode> patch(UserProfile before, UserProfile after, JsonNode current) {
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
                replace(ops, "emails", withPrimary(current.path("emails"), after.email().get()));
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
        return Optional.of(patchRequest(ops));
    }

    /** A PatchOp request body around {@code ops}. */
    public static ObjectNode patchRequest(ArrayNode ops) {
        ObjectNode body = JSON.objectNode();
        body.putArray("schemas").add(PATCH_OP);
        body.set("Operations", ops);
        return body;
    }

    /**
     * Whether {@code patch} can only be written from the current resource: a change of roles or groups kept
     * in an extension attribute (a delimited string or an array of names), which PATCH cannot add to or
     * remove from by value.
     */
    public boolean needsCurrent(UserPatch patch) {
        boolean roles = !patch.addRoles().isEmpty() || !patch.removeRoles().isEmpty();
        boolean groups = !patch.addGroups().isEmpty() || !patch.removeGroups().isEmpty();
        return (roles && extension.flatMap(ScimSchemaExtension::roles).isPresent())
                || (groups && extension.flatMap(ScimSchemaExtension::groups).isPresent());
    }

    /**
     * PATCH operations that make the change {@code patch} describes without knowing the current resource
     * (call only when {@link #needsCurrent} is false): names, userName and attributes are replaced; a new
     * email replaces the value of the primary address only ({@code emails[primary eq true].value}), so the
     * user's other addresses stay; core roles are added, and removed by a value filter. Groups without an
     * extension and attributes this mapping does not know are not written, as on create. Empty when nothing
     * this mapping writes changes.
     */
    public ArrayNode operations(UserPatch patch) {
        ArrayNode ops = JSON.arrayNode();
        patch.username().ifPresent(u -> replace(ops, "userName", JSON.textNode(u.value())));
        patch.firstName().ifPresent(n -> replace(ops, "name.givenName", JSON.textNode(n)));
        patch.lastName().ifPresent(n -> replace(ops, "name.familyName", JSON.textNode(n)));
        if (sendEmails) {
            patch.email().ifPresent(e -> replace(ops, PRIMARY_EMAIL_VALUE, JSON.textNode(e.value())));
        }
        if (extension.flatMap(ScimSchemaExtension::roles).isEmpty()) {
            if (!patch.addRoles().isEmpty()) {
                ops.addObject().put("op", "add").put("path", "roles").set("value", coreRoles(patch.addRoles()));
            }
            for (String role : patch.removeRoles()) {
                remove(ops, "roles[value eq " + quoted(role) + "]");
            }
        }
        externalIdAttribute.ifPresent(a -> {
            Optional<String> set = Optional.ofNullable(patch.setAttributes().get(a));
            if (set.isPresent()) {
                replace(ops, "externalId", JSON.textNode(set.get()));
            } else if (patch.removeAttributes().contains(a)) {
                remove(ops, "externalId");
            }
        });
        extension.ifPresent(e -> {
            for (Map.Entry<String, String> m : e.attributes().entrySet()) {
                String set = patch.setAttributes().get(m.getValue());
                if (set != null) {
                    replace(ops, e.urn() + ":" + m.getKey(), JSON.textNode(set));
                } else if (patch.removeAttributes().contains(m.getValue())) {
                    remove(ops, e.urn() + ":" + m.getKey());
                }
            }
        });
        return ops;
    }

    /** The operation that sets {@code active}. */
    public static ArrayNode activeOperation(boolean active) {
        ArrayNode ops = JSON.arrayNode();
        replace(ops, "active", JSON.booleanNode(active));
        return ops;
    }

    /** Whether one of {@code ops} has a value filter path ({@code emails[primary eq true].value}, {@code roles[value eq "x"]}). */
    public static boolean usesValueFilter(ArrayNode ops) {
        for (JsonNode op : ops) {
            if (op.path("path").asText("").contains("[")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code stored} shows what {@link #operations} wrote through value filters: the new email, the
     * core roles added and removed. A server that silently ignores a filter it does not understand fails this.
     */
    public boolean shows(UserPatch patch, UserRecord stored) {
        if (sendEmails && patch.email().isPresent() && !patch.email().equals(stored.email())) {
            return false;
        }
        if (extension.flatMap(ScimSchemaExtension::roles).isEmpty()) {
            return stored.roles().containsAll(patch.addRoles()) && patch.removeRoles().stream().noneMatch(stored.roles()::contains);
        }
        return true;
    }

    /** A SCIM filter string literal: quotes and backslashes escaped (RFC 7644 section 3.4.2.2, JSON strings). */
    public static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The {@code meta.version} of a resource (its ETag), if it has one. */
    public static Optional<String> version(JsonNode resource) {
        JsonNode v = resource.path("meta").path("version");
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** Whether the raw resource has {@code userName} or one of its {@code emails} equal, ignoring case, to one of {@code keys}. */
    public static boolean holdsAnyOf(JsonNode resource, List<String> keys) {
        String userName = text(resource, "userName");
        for (String k : keys) {
            if (userName.equalsIgnoreCase(k)) {
                return true;
            }
            for (JsonNode e : resource.path("emails")) {
                if (text(e, "value").equalsIgnoreCase(k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void replace(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "replace").put("path", path).set("value", value);
    }

    private static void remove(ArrayNode ops, String path) {
        ops.addObject().put("op", "remove").put("path", path);
    }

    /**
     * The emails of a resource with {@code email} as the primary address: the primary one (flagged, else the
     * first) takes the new value and keeps its type and other sub-attributes; the other addresses stay as
     * they are, except one that already had the new value (it would appear twice). Without any address, one
     * work address marked primary.
     */
    static ArrayNode withPrimary(JsonNode existing, EmailAddress email) {
        ArrayNode out = JSON.arrayNode();
        int primary = -1;
        int i = 0;
        int firstValued = -1;
        if (existing.isArray()) {
            for (JsonNode e : existing) {
                if (e.isObject() && !text(e, "value").isBlank()) {
                    if (firstValued < 0) {
                        firstValued = i;
                    }
                    if (primary < 0 && e.path("primary").asBoolean(false)) {
                        primary = i;
                    }
                }
                i++;
            }
        }
        if (primary < 0) {
            primary = firstValued;
        }
        if (primary < 0) {
            out.addObject().put("value", email.value()).put("type", "work").put("primary", true);
            return out;
        }
        i = 0;
        for (JsonNode e : existing) {
            if (i == primary) {
                ObjectNode p = ((ObjectNode) e).deepCopy();
                p.put("value", email.value()).put("primary", true);
                out.add(p);
            } else if (!(e.isObject() && text(e, "value").equalsIgnoreCase(email.value()))) {
                out.add(e.deepCopy());
            }
            i++;
        }
        return out;
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
