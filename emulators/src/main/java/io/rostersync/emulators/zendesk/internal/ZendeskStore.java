package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.NUMERIC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.model.UserProfile;
import io.rostersync.testkit.RosterGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The account's data: users (never removed; a delete is {@code active: false}), custom roles, and the
 * change sequence that orders the incremental export (every change moves a user to its end). Not
 * thread-safe: the caller holds the emulator's lock.
 */
public final class ZendeskStore {

    private static final List<String> WRITABLE = List.of("id", "name", "email", "role", "custom_role_id", "suspended",
            "external_id", "tags", "user_fields", "phone", "time_zone", "locale", "alias", "details", "notes", "verified");

    private final Clock clock;
    private final TreeMap<Long, ObjectNode> users = new TreeMap<>();
    private final Map<Long, Long> sequence = new HashMap<>();
    private final Map<Long, ObjectNode> customRoles = new LinkedHashMap<>();
    private long nextUserId = 1_000_001;
    private long nextRoleId = 9_001;
    private long nextSeq = 1;
    private String origin = "http://127.0.0.1";
    /** Told of every user created or changed, under the caller's lock (webhooks: it only enqueues). */
    private UserChangeListener changes = UserChangeListener.NONE;

    /** An empty account whose timestamps come from {@code clock}. */
    public ZendeskStore(Clock clock) {
        this.clock = clock;
    }

    /** The origin the emulator is served at, for the users' {@code url}; {@code http://127.0.0.1} when stopped. */
    public void servedAt(String origin) {
        this.origin = origin;
    }

    String origin() {
        return origin;
    }

    /** Who is told of user changes (one listener; the webhooks of this account). */
    public void onUserChange(UserChangeListener listener) {
        this.changes = listener;
    }

    /** The clock's time to the second, as Zendesk's timestamps are. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- custom roles ---------------------------------------------------------------------------------

    /** The id of the custom role with this name (case-insensitively), created if there is none. */
    public long customRole(String name) {
        for (ObjectNode role : customRoles.values()) {
            if (role.path("name").asText().equalsIgnoreCase(name)) {
                return role.path("id").asLong();
            }
        }
        long id = nextRoleId++;
        ObjectNode role = JSON.createObjectNode();
        role.put("id", id);
        role.put("name", name);
        role.put("description", name + " (emulated)");
        role.put("role_type", 0);
        role.put("team_member_count", 0);
        role.put("created_at", now().toString());
        role.put("updated_at", now().toString());
        role.putObject("configuration").put("ticket_access", "within-groups");
        customRoles.put(id, role);
        return id;
    }

    /** Every custom role, as {@code GET /api/v2/custom_roles} lists them. */
    ArrayNode customRolesJson() {
        ArrayNode list = JSON.createArrayNode();
        customRoles.values().forEach(list::add);
        return list;
    }

    // ---- seeding --------------------------------------------------------------------------------------

    /** Adds a user with a built-in role; returns its id. */
    public long addUser(String name, String email, String role) {
        ObjectNode user = JSON.createObjectNode();
        user.put("name", name);
        user.put("email", email);
        user.put("role", role);
        return insert(user);
    }

    /** Adds an agent holding the named custom role (created if needed); returns its id. */
    public long addAgentWithCustomRole(String name, String email, String customRoleName) {
        ObjectNode user = JSON.createObjectNode();
        user.put("name", name);
        user.put("email", email);
        user.put("role", "agent");
        user.put("custom_role_id", customRole(customRoleName));
        return insert(user);
    }

    /** Adds a user object as given, merged over the defaults; returns its id. */
    public long addRaw(ObjectNode fields) {
        return insert(fields);
    }

    /** Seeds {@code count} users from the generator (see {@code ZendeskEmulator#seed}); returns their ids. */
    public List<Long> seed(RosterGenerator generator, int count) {
        List<Long> ids = new ArrayList<>(count);
        for (UserProfile p : generator.profiles(count)) {
            ObjectNode user = JSON.createObjectNode();
            user.put("name", (p.firstName() + " " + p.lastName()).strip());
            user.put("email", p.email().map(e -> e.value()).orElse(""));
            String role = p.roles().isEmpty() ? "Agent" : p.roles().first();
            if (generator.random().nextInt(5) == 0) {
                user.put("role", "end-user");
            } else if (role.contains("Admin")) {
                user.put("role", "admin");
            } else if (role.contains("Supervisor")) {
                user.put("role", "agent");
                user.put("custom_role_id", customRole(role));
            } else {
                user.put("role", "agent");
            }
            ArrayNode tags = user.putArray("tags");
            p.groups().forEach(g -> tags.add(g.toLowerCase(Locale.ROOT).replace(' ', '_')));
            if (generator.random().nextInt(3) == 0) {
                user.put("external_id", "hr-" + (10_000 + generator.random().nextInt(90_000)));
            }
            long id = insert(user);
            held(id).putObject("user_fields").put("employee_no", "E" + id);
            ids.add(id);
        }
        return ids;
    }

    // ---- inspection -----------------------------------------------------------------------------------

    /** The user as plain Java values, deleted ones included. */
    public Optional<Map<String, Object>> view(long id) {
        ObjectNode u = users.get(id);
        return u == null ? Optional.empty() : Optional.of(JsonValues.view(u));
    }

    /** Every user's id, deleted ones included, ascending. */
    public List<Long> ids() {
        return List.copyOf(users.keySet());
    }

    /** Users after {@code id}, in id order, deleted ones included. */
    NavigableMap<Long, ObjectNode> usersAfter(long id) {
        return users.tailMap(id, false);
    }

    /** The first user, for {@code /users/me}. */
    Optional<ObjectNode> first() {
        return users.isEmpty() ? Optional.empty() : Optional.of(users.firstEntry().getValue());
    }

    /** A user by id, deleted ones included. */
    Optional<ObjectNode> any(long id) {
        return Optional.ofNullable(users.get(id));
    }

    /** A live (not soft-deleted) user by its id's text; empty for a non-numeric id. */
    Optional<ObjectNode> existing(String idText) {
        if (!NUMERIC.matcher(idText).matches()) {
            return Optional.empty();
        }
        ObjectNode u = users.get(Long.parseLong(idText));
        return u == null || !live(u) ? Optional.empty() : Optional.of(u);
    }

    Optional<ObjectNode> byEmail(String email) {
        for (ObjectNode u : users.values()) {
            if (live(u) && u.path("email").asText("").equalsIgnoreCase(email)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    Optional<ObjectNode> byExternalId(String externalId) {
        for (ObjectNode u : users.values()) {
            if (live(u) && u.path("external_id").asText("").equalsIgnoreCase(externalId)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /** Live users whose name contains the term (lower case). */
    List<ObjectNode> byNameContaining(String term) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode u : users.values()) {
            if (live(u) && u.path("name").asText("").toLowerCase(Locale.ROOT).contains(term)) {
                out.add(u);
            }
        }
        return out;
    }

    static boolean live(ObjectNode u) {
        return u.path("active").asBoolean(true);
    }

    /** The users' ids in change order (oldest change first), with their change sequence numbers. */
    List<Map.Entry<Long, Long>> changeOrder() {
        List<Map.Entry<Long, Long>> order = new ArrayList<>(sequence.entrySet());
        order.sort(Map.Entry.comparingByValue());
        return order;
    }

    /** The sequence number of the latest change. */
    long lastSequence() {
        return nextSeq - 1;
    }

    // ---- writes ---------------------------------------------------------------------------------------

    /** Stores a new user: the defaults of a new Zendesk user with {@code fields} merged over them. */
    long insert(ObjectNode fields) {
        long id = nextUserId++;
        Instant now = now();
        ObjectNode u = JSON.createObjectNode();
        u.put("id", id);
        u.put("url", origin + "/api/v2/users/" + id + ".json");
        u.put("name", "");
        u.putNull("email");
        u.put("created_at", now.toString());
        u.put("updated_at", now.toString());
        u.put("time_zone", "UTC");
        u.put("iana_time_zone", "Etc/UTC");
        u.put("locale", "en-US");
        u.put("locale_id", 1);
        u.put("role", "end-user");
        u.putNull("role_type");
        u.putNull("custom_role_id");
        u.put("moderator", false);
        u.put("active", true);
        u.put("suspended", false);
        u.put("verified", true);
        u.put("shared", false);
        u.put("shared_agent", false);
        u.put("restricted_agent", true);
        u.putNull("external_id");
        u.putNull("organization_id");
        u.putNull("phone");
        u.putNull("last_login_at");
        u.put("alias", "");
        u.put("details", "");
        u.put("notes", "");
        u.put("ticket_restriction", "requested");
        u.putArray("tags");
        u.putObject("user_fields");
        merge(u, fields);
        users.put(id, u);
        sequence.put(id, nextSeq++);
        changes.changed(null, u);
        return id;
    }

    /** A user the store holds: one just inserted or changed, or one with a change sequence (never removed). */
    ObjectNode held(long id) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalStateException("no user " + id);
        }
        return u;
    }

    /**
     * Edits a user, stamps {@code updated_at} and moves it to the end of the export.
     *
     * @throws IllegalArgumentException if there is no such user
     */
    public void change(long id, Consumer<ObjectNode> edit) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        ObjectNode before = changes == UserChangeListener.NONE ? u : u.deepCopy();
        edit.accept(u);
        u.put("updated_at", now().toString());
        sequence.put(id, nextSeq++);
        changes.changed(before, u);
    }

    /** Changes a user's writable fields as a client's write does. */
    void update(long id, ObjectNode fields) {
        change(id, u -> merge(u, fields));
    }

    /** Applies writable fields: a custom role makes the user an agent; null user field values remove them. */
    private void merge(ObjectNode u, ObjectNode fields) {
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("user_fields") && f.getValue().isObject()) {
                ObjectNode target = (ObjectNode) u.get("user_fields");
                f.getValue().fields().forEachRemaining(e -> {
                    if (e.getValue().isNull()) {
                        target.remove(e.getKey());
                    } else {
                        target.set(e.getKey(), e.getValue());
                    }
                });
            } else {
                u.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        if (fields.has("email") && fields.path("email").isTextual()) {
            u.put("email", fields.path("email").asText().strip().toLowerCase(Locale.ROOT));
        }
        JsonNode roleId = u.path("custom_role_id");
        if (roleId.isIntegralNumber() && customRoles.containsKey(roleId.asLong())) {
            u.put("role", "agent");
            u.put("role_type", customRoles.get(roleId.asLong()).path("role_type").asInt());
        } else if (fields.has("role") && !fields.has("custom_role_id")) {
            u.putNull("custom_role_id");
            u.putNull("role_type");
        }
        u.put("restricted_agent", !u.path("role").asText().equals("admin"));
    }

    /** The fields a client may set; anything else (ids, timestamps, urls) is ignored like Zendesk does. */
    static ObjectNode writable(ObjectNode in) {
        ObjectNode out = JSON.createObjectNode();
        for (String f : WRITABLE) {
            if (in.has(f)) {
                out.set(f, in.get(f).deepCopy());
            }
        }
        out.remove("id");
        return out;
    }

    /** The validation error code Zendesk gives a user object, if it is invalid. */
    Optional<String> validate(JsonNode user, boolean creating) {
        if (creating || user.has("name")) {
            if (!user.path("name").isTextual() || user.path("name").asText().isBlank()) {
                return Optional.of("BlankValue");
            }
        }
        if (creating || user.has("email")) {
            String email = user.path("email").asText("");
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                return Optional.of("InvalidValue");
            }
        }
        if (user.has("role") && !List.of("end-user", "agent", "admin").contains(user.path("role").asText())) {
            return Optional.of("InvalidValue");
        }
        if (user.has("custom_role_id") && !user.path("custom_role_id").isNull()
                && !customRoles.containsKey(user.path("custom_role_id").asLong())) {
            return Optional.of("InvalidValue");
        }
        return Optional.empty();
    }
}
