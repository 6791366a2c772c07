package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The org's records, by sObject type and id, with the org's clock. Its monitor guards
 * all of the emulator's state: the public methods take it themselves; the package's routes run while the
 * dispatcher holds it.
 */
public final class OrgStore {

    /** The user a REST client acts as (the token endpoint's identity URL names it): the commit user of its changes. */
    public static final String API_USER_ID = "005000000000001AAA";
    /** The admin behind the emulator's seeding and admin methods: the commit user of their changes. */
    public static final String ADMIN_USER_ID = "005000000000002AAA";

    private static final DateTimeFormatter MODSTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final Map<String, LinkedHashMap<String, ObjectNode>> tables = new HashMap<>();
    private final Map<String, String> typeOfId = new HashMap<>();
    private Clock clock = Clock.systemUTC();
    private long nextId = 1;
    private final String standardLicenseId;
    private final String defaultProfileId;
    private @Nullable UserChangeListener changeListener;
    private @Nullable Transaction open;
    private long commitNumber;

    /** A change recorded in an open transaction, told to the listener when it commits. */
    private record Pending(String changeType, String recordId, ObjectNode values, List<String> changedFields) {
    }

    /** The changes of one REST request so far: they commit together, or vanish with a rollback. */
    private static final class Transaction {
        final String origin;
        final String user;
        final List<Pending> changes = new ArrayList<>();

        Transaction(String origin, String user) {
            this.origin = origin;
            this.user = user;
        }
    }

    /** An org with one user license, "Salesforce", and one profile on it, "Standard User". */
    public OrgStore() {
        standardLicenseId = insert("UserLicense", "Name", "Salesforce", "MasterLabel", "Salesforce",
                "LicenseDefinitionKey", "SFDC", "TotalLicenses", 100_000, "UsedLicenses", 0, "Status", "Active");
        defaultProfileId = insert("Profile", "Name", "Standard User", "UserLicenseId", standardLicenseId);
    }

    /** The "Standard User" profile's id. */
    public String defaultProfileId() {
        return defaultProfileId;
    }

    /** The "Salesforce" user license's id. */
    public String standardLicenseId() {
        return standardLicenseId;
    }

    /** The clock behind modstamps, token times, the {@code Date} header and license expiry. */
    public synchronized Clock clock() {
        return clock;
    }

    /** Replaces the org's clock. */
    public synchronized void setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts a record of {@code type} from {@code name, value, ...} pairs; returns its new id. */
    public synchronized String insert(String type, @Nullable Object... pairs) {
        return insertRaw(type, Json.fields(pairs));
    }

    /** Inserts a user as if created in Setup, with the default profile; see {@code SalesforceEmulator.addUser}. */
    public synchronized String insertUser(UserProfile profile) {
        String email = profile.email().map(EmailAddress::value)
                .orElseThrow(() -> new IllegalArgumentException("a Salesforce user needs an email"));
        String username = profile.username().map(Username::value).orElse(email);
        return insert("User", "Username", username, "Email", email,
                "FirstName", profile.firstName().isEmpty() ? null : profile.firstName(),
                "LastName", profile.lastName().isEmpty() ? "Unknown" : profile.lastName(),
                "IsActive", profile.status() == UserStatus.ACTIVE,
                "ProfileId", defaultProfileId, "UserRoleId", null, "FederationIdentifier", null, "CallCenterId", null,
                "Alias", alias(profile), "TimeZoneSidKey", "Europe/London", "LocaleSidKey", "en_GB",
                "EmailEncodingKey", "UTF-8", "LanguageLocaleKey", "en_US", "UserType", "Standard");
    }

    /** Changes one field of a record, bumping its modstamp; {@code IllegalArgumentException} for an unknown id. */
    public synchronized void update(String id, String field, @Nullable Object value) {
        ObjectNode r = find(id).orElseThrow(() -> new IllegalArgumentException("no record " + id));
        ObjectNode change = Json.MAPPER.createObjectNode();
        Json.put(change, field, value);
        boolean user = "User".equals(typeOf(id));
        if (user && change.get(field).equals(r.get(field) == null ? Json.MAPPER.nullNode() : r.get(field))) {
            Json.put(r, field, value);
            return; // nothing changed: no modstamp bump, no change event
        }
        Json.put(r, field, value);
        touch(r);
        if (user) {
            userUpdated(r, change);
        }
    }

    /**
     * Tells {@code listener} of every committed change of a user from now on (one listener; a new one replaces
     * it). Without a listener, changes are not tracked at all.
     */
    public synchronized void setUserChangeListener(UserChangeListener listener) {
        this.changeListener = Objects.requireNonNull(listener, "listener");
    }

    /** Sets a field of a record the emulator made itself, without bumping its modstamp. */
    public synchronized void set(String type, String id, String field, @Nullable Object value) {
        Json.put(existingRow(type, id), field, value);
    }

    /** A record as an unmodifiable view (see {@link JsonValues#view}). */
    public synchronized Optional<Map<String, Object>> record(String id) {
        return find(id).map(JsonValues::view);
    }

    /** The ids of a type's records, in creation order. */
    public synchronized List<String> ids(String type) {
        return new ArrayList<>(table(type).keySet());
    }

    /** The first user whose email matches, case-insensitively. */
    public synchronized Optional<String> userIdByEmail(String email) {
        return table("User").values().stream()
                .filter(u -> u.path("Email").asText("").equalsIgnoreCase(email))
                .map(u -> u.get("Id").asText()).findFirst();
    }

    /** A field of a record as text; empty if there is no such record or the field is not text. */
    public synchronized Optional<String> text(String id, String field) {
        return find(id).map(r -> r.path(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** Whether a record's field is {@code true}; false for an unknown id. */
    public synchronized boolean flag(String id, String field) {
        return find(id).map(r -> r.path(field).asBoolean()).orElse(false);
    }

    /** A record's whole-number field; 0 for an unknown id. */
    public synchronized int number(String id, String field) {
        return find(id).map(r -> r.path(field).asInt()).orElse(0);
    }

    /** Labels of the permission sets assigned to the user, sorted. */
    public synchronized Set<String> permissionSetLabelsOf(String userId) {
        Set<String> labels = new TreeSet<>();
        for (ObjectNode a : table("PermissionSetAssignment").values()) {
            if (a.path("AssigneeId").asText().equals(userId)) {
                find(a.path("PermissionSetId").asText()).ifPresent(ps -> labels.add(ps.path("Label").asText()));
            }
        }
        return labels;
    }

    /** Users holding a seat of the permission set license, sorted. */
    public synchronized Set<String> licenseAssignees(String licenseId) {
        Set<String> ids = new TreeSet<>();
        for (ObjectNode a : table("PermissionSetLicenseAssign").values()) {
            if (a.path("PermissionSetLicenseId").asText().equals(licenseId)) {
                ids.add(a.path("AssigneeId").asText());
            }
        }
        return ids;
    }

    /** Whether any user record, seen as {@link #record} shows it, satisfies {@code test}. */
    public synchronized boolean anyUser(Predicate<Map<String, Object>> test) {
        return table("User").values().stream().map(JsonValues::view).anyMatch(test);
    }

    // ---- for the routes, under this store's monitor ------------------------------------------------

    /** A number from the org's id sequence (ids and query locators share it). */
    long nextSequence() {
        return nextId++;
    }

    record Snapshot(Map<String, LinkedHashMap<String, ObjectNode>> tables, Map<String, String> typeOfId) {
    }

    Snapshot snapshot() {
        Map<String, LinkedHashMap<String, ObjectNode>> copy = new HashMap<>();
        tables.forEach((type, rows) -> {
            LinkedHashMap<String, ObjectNode> c = new LinkedHashMap<>();
            rows.forEach((id, r) -> c.put(id, r.deepCopy()));
            copy.put(type, c);
        });
        return new Snapshot(copy, new HashMap<>(typeOfId));
    }

    void restore(Snapshot s) {
        if (open != null) {
            open.changes.clear(); // the request's changes are rolled back: no change event for any of them
        }
        tables.clear();
        tables.putAll(s.tables());
        typeOfId.clear();
        typeOfId.putAll(s.typeOfId());
    }

    /** A row that exists: one the emulator made itself, or whose id was checked against {@link #typeOf(String)}. */
    ObjectNode existingRow(String type, String id) {
        ObjectNode row = table(type).get(id);
        if (row == null) {
            throw new IllegalStateException("no " + type + " " + id);
        }
        return row;
    }

    LinkedHashMap<String, ObjectNode> table(String type) {
        return tables.computeIfAbsent(type, t -> new LinkedHashMap<>());
    }

    Optional<ObjectNode> find(String id) {
        String type = typeOfId.get(id);
        return type == null ? Optional.empty() : Optional.ofNullable(table(type).get(id));
    }

    @Nullable String typeOf(String id) {
        return typeOfId.get(id);
    }

    String typeOf(ObjectNode r) {
        return typeOfId.getOrDefault(r.path("Id").asText(), "");
    }

    @Nullable ObjectNode remove(String type, String id) {
        typeOfId.remove(id);
        return table(type).remove(id);
    }

    synchronized String insertRaw(String type, ObjectNode fields) {
        String id = newId(type);
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("Id", id);
        r.setAll(fields);
        String now = MODSTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (type.equals("User")) {
            r.put("CreatedDate", now);
            r.put("LastModifiedDate", now);
        }
        r.put("SystemModstamp", now);
        table(type).put(id, r);
        typeOfId.put(id, type);
        if (type.equals("User")) {
            userCreated(r);
        }
        return id;
    }

    /**
     * Opens the transaction of one REST request: its user changes commit together at {@link #endTransaction()},
     * as one Salesforce transaction with one transaction key.
     */
    void beginTransaction(String origin, String user) {
        open = new Transaction(origin, user);
    }

    /** Commits the open transaction's changes (what a rollback left of them). */
    void endTransaction() {
        Transaction t = open;
        open = null;
        if (t != null) {
            commit(t.origin, t.user, t.changes);
        }
    }

    /** Records an update of {@code user}: {@code changes} holds the changed fields' new values. */
    void userUpdated(ObjectNode user, ObjectNode changes) {
        if (changeListener == null || changes.isEmpty()) {
            return;
        }
        ObjectNode values = changes.deepCopy();
        List<String> changed = new ArrayList<>();
        changes.fieldNames().forEachRemaining(changed::add);
        if (user.has("LastModifiedDate")) {
            values.set("LastModifiedDate", user.get("LastModifiedDate").deepCopy());
            if (!changed.contains("LastModifiedDate")) {
                changed.add("LastModifiedDate");
            }
        }
        record(new Pending("UPDATE", user.path("Id").asText(), values, changed));
    }

    private void userCreated(ObjectNode user) {
        if (changeListener == null) {
            return;
        }
        ObjectNode values = user.deepCopy();
        values.remove("Id");
        values.remove("SystemModstamp");
        record(new Pending("CREATE", user.path("Id").asText(), values, List.of()));
    }

    /** Inside a REST request's transaction the change waits for its commit; an admin's change commits at once. */
    private void record(Pending change) {
        if (open != null) {
            open.changes.add(change);
        } else {
            commit("", ADMIN_USER_ID, List.of(change));
        }
    }

    private void commit(String origin, String user, List<Pending> changes) {
        UserChangeListener listener = changeListener;
        if (listener == null || changes.isEmpty()) {
            return;
        }
        long number = ++commitNumber;
        String key = UUID.nameUUIDFromBytes(("transaction-" + number).getBytes(StandardCharsets.UTF_8)).toString();
        long at = clock.millis();
        List<UserChange> committed = new ArrayList<>(changes.size());
        int sequence = 0;
        for (Pending p : changes) {
            sequence++;
            committed.add(new UserChange(p.changeType(), p.recordId(), p.values(), p.changedFields(), origin, key,
                    sequence, changes.size(), at, number, user));
        }
        listener.committed(List.copyOf(committed));
    }

    void touch(ObjectNode r) {
        String now = MODSTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        r.put("SystemModstamp", now);
        if (r.has("LastModifiedDate")) {
            r.put("LastModifiedDate", now);
        }
    }

    private String newId(String type) {
        String counter = Long.toString(nextId++, 36).toUpperCase(Locale.ROOT);
        String body = "0".repeat(Math.max(0, 10 - counter.length())) + counter;
        return Schema.ID_PREFIX.get(type) + "5g" + body + "AAA";
    }

    /** Recounts the seats in use of a permission set license. */
    public synchronized void recountLicense(String licenseId) {
        ObjectNode psl = table("PermissionSetLicense").get(licenseId);
        if (psl != null) {
            int used = 0;
            for (ObjectNode a : table("PermissionSetLicenseAssign").values()) {
                if (a.path("PermissionSetLicenseId").asText().equals(licenseId)) {
                    used++;
                }
            }
            psl.put("UsedLicenses", used);
        }
    }

    /** Recounts the seats in use of every user license. */
    public synchronized void recountUserLicenses() {
        Map<String, Integer> used = new HashMap<>();
        for (ObjectNode u : table("User").values()) {
            if (u.path("IsActive").asBoolean()) {
                find(u.path("ProfileId").asText()).ifPresent(p -> used.merge(p.path("UserLicenseId").asText(), 1, Integer::sum));
            }
        }
        for (ObjectNode l : table("UserLicense").values()) {
            l.put("UsedLicenses", used.getOrDefault(l.get("Id").asText(), 0));
        }
    }

    private static String alias(UserProfile p) {
        String base = (p.firstName().isEmpty() ? "" : p.firstName().substring(0, 1)) + p.lastName();
        String clean = base.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return clean.isEmpty() ? "user" : clean.substring(0, Math.min(8, clean.length()));
    }
}
