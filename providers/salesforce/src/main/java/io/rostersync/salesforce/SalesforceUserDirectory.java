package io.rostersync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.internal.Page;
import io.rostersync.model.Cursor;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.salesforce.internal.ErrorCodes;
import io.rostersync.salesforce.internal.RecordResult;
import io.rostersync.salesforce.internal.SalesforceApi;
import io.rostersync.salesforce.internal.Soql;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce users as a {@link UserDirectory}: SOQL reads following {@code nextRecordsUrl}, writes in
 * sObject Collections calls of up to 200 records with {@code allOrNone=false}, so one user's failure (a
 * validation rule, a duplicate username) fails that user only.
 *
 * <p>Mapping: {@code Id} is the native id; {@code Email}, {@code Username}, {@code FirstName},
 * {@code LastName} as they are; {@code IsActive} gives {@link UserStatus#ACTIVE} or
 * {@link UserStatus#INACTIVE} (a {@code PENDING} profile is created inactive, since Salesforce has no
 * pending state); the profile, role, federation id and call centre ids are
 * {@link SalesforceAttributes attributes}. <b>Roles are the user's permission sets</b> (those not owned
 * by a profile), by {@link PermissionSetKey label or API name}: adding a role inserts a
 * PermissionSetAssignment, removing one deletes it. So when the engine grants or revokes permissions on
 * a Salesforce target, it assigns and unassigns permission sets. Groups are not supported.
 *
 * <p>Salesforce users cannot be deleted: deactivation sets {@code IsActive = false} and the directory
 * declares no {@link Capability#DELETE}. Reads cover users of type {@code Standard} (no guest, portal
 * or automated-process users).
 *
 * <p>Incremental reads follow {@code SystemModstamp}. The cursor holds the last modstamp read, to the
 * second, and the ids read at that second; the next read asks for {@code SystemModstamp >= } that second
 * and drops only those ids, so users changed in the same second as the last one read are never skipped.
 * A user changed twice within one second, the first change already read, waits for its next change or
 * the next full read. Permission set changes do not move a user's modstamp, so incremental reads do not
 * see them; full reads do. A full read's cursor starts a minute before the org's clock (the {@code Date}
 * header of its first answer), or before this host's clock at the start of the read if that is earlier (a
 * {@code Date} header ahead of the org, from a proxy, would otherwise skip changes), so users changed
 * during or just before it are read again once.
 *
 * <p>Reads bring each user's permission sets in the same answer (a {@code PermissionSetAssignments}
 * subquery naming each set through its {@code PermissionSet} lookup), so they need no list of
 * permission sets and no second query; writes look the sets up once per run, when a role is first
 * written.
 *
 * <p>Thread-safety: as the SPI requires, the engine calls one directory from one thread at a time.
 *
 * @since 0.1.0
 */
public final class SalesforceUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceUserDirectory.class);
    private static final String USER_FIELDS = "Id, Username, Email, FirstName, LastName, IsActive, ProfileId, "
            + "UserRoleId, FederationIdentifier, CallCenterId, SystemModstamp";
    private static final String STANDARD_USERS = "UserType = 'Standard'";
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");
    private static final String CURSOR_PREFIX = "sfmod1:";
    private static final int ID_CHUNK = 200;
    /** How far before the org's clock at the start of a full read its cursor resumes: commits that land late, clock steps. */
    static final Duration RESUME_MARGIN = Duration.ofMinutes(1);

    private final SalesforceConnection connection;
    private final SalesforceApi api;
    private final String name;
    private final Optional<NewUserDefaults> defaults;
    private final PermissionSetKey key;
    private @Nullable Catalogue catalogue;
    /** Whether the catalogue was reloaded during the current write, so a missing name costs one query per call, not per user. */
    private boolean reloadedThisWrite;

    private SalesforceUserDirectory(Builder b) {
        this.connection = b.connection;
        this.api = b.connection.api();
        this.name = b.name;
        this.defaults = b.defaults;
        this.key = b.key;
    }

    /**
     * Starts a configuration. Defaults: name {@code salesforce}, no new-user defaults, permission sets by
     * {@link PermissionSetKey#LABEL}.
     *
     * @param connection the org
     * @return a builder
     */
    public static Builder builder(SalesforceConnection connection) {
        return new Builder(connection);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.READ, Capability.INCREMENTAL_READ, Capability.CREATE, Capability.UPDATE,
                Capability.DEACTIVATE, Capability.REACTIVATE, Capability.BATCH_WRITE, Capability.LOOKUP);
    }

    @Override
    public int maxBatchSize() {
        return SalesforceApi.COLLECTION_LIMIT;
    }

    /**
     * The connection this directory uses.
     *
     * @return the connection given to the builder
     */
    public SalesforceConnection connection() {
        return connection;
    }

    // ---- reads -------------------------------------------------------------------------------------

    /**
     * Every standard user with the permission sets they hold, in one query: a batch per 2,000 rows, where
     * a user's assignments count as rows too (Salesforce counts a subquery's child rows toward the batch
     * size). The cursor on the last page resumes from {@link #RESUME_MARGIN} before the org's clock
     * ({@code Date} header) at the first answer, so a user changed while the read pages is read again by
     * the next incremental read.
     */
    @Override
    public UserPages readAll() {
        catalogue = null; // the next write looks the permission sets up afresh
        Instant localStart = connection.clock().instant();
        Instant[] firstAnswer = new Instant[1];
        Iterator<Page<JsonNode>> pages = api.query(usersWithSets("WHERE " + STANDARD_USERS), at -> {
            if (firstAnswer[0] == null) {
                firstAnswer[0] = at;
            }
        });
        return new UserPages() {
            private @Nullable Cursor resume;

            @Override
            public Optional<UserPage> next() {
                if (!pages.hasNext()) {
                    return Optional.empty();
                }
                Page<JsonNode> page = pages.next();
                if (resume == null) {
                    // Without a Date header (a proxy dropped it), the newest modstamp, asked right after the
                    // first page: one more query; the margin covers changes made while that page was read.
                    Instant start = firstAnswer[0] != null ? firstAnswer[0] : newestModstamp();
                    // A Date header ahead of the org (a proxy's clock) would skip changes: never start later
                    // than this host's clock at the start of the read. Earlier only reads some users again.
                    if (start.isAfter(localStart)) {
                        start = localStart;
                    }
                    resume = encode(secondOf(start.minus(RESUME_MARGIN)), Set.of());
                }
                Map<String, Set<String>> assigned = nestedAssignments(page.items());
                List<UserRecord> users = new ArrayList<>();
                List<ReadProblem> problems = new ArrayList<>();
                for (JsonNode u : page.items()) {
                    map(u, assigned.getOrDefault(u.path("Id").asText(""), Set.of()), users, problems);
                }
                return Optional.of(UserPage.of(users, problems, pages.hasNext() ? Optional.empty() : Optional.of(resume)));
            }
        };
    }

    /** The user query with each user's permission sets (not profile-owned) in a subquery, named by the configured key. */
    private String usersWithSets(String whereAndOrder) {
        return "SELECT " + USER_FIELDS + ", (SELECT " + setNameField() + " FROM PermissionSetAssignments"
                + " WHERE PermissionSet.IsOwnedByProfile = false) FROM User " + whereAndOrder;
    }

    private Instant newestModstamp() {
        List<JsonNode> newest = api.queryAll("SELECT Id, SystemModstamp FROM User WHERE " + STANDARD_USERS
                + " ORDER BY SystemModstamp DESC LIMIT 1");
        return newest.isEmpty() ? Instant.EPOCH
                : Soql.parseDatetime(newest.get(0).path("SystemModstamp").asText("")).orElse(Instant.EPOCH);
    }

    /** The permission set's name as the configured key reads it, through the assignment's lookup. */
    private String setNameField() {
        return key == PermissionSetKey.LABEL ? "PermissionSet.Label" : "PermissionSet.Name";
    }

    private void collectAssignments(List<JsonNode> rows, Map<String, Set<String>> assigned) {
        String field = key == PermissionSetKey.LABEL ? "Label" : "Name";
        for (JsonNode a : rows) {
            String n = a.path("PermissionSet").path(field).asText("").strip();
            if (!n.isEmpty()) {
                assigned.computeIfAbsent(a.path("AssigneeId").asText(""), k -> new TreeSet<>()).add(n);
            }
        }
    }

    @Override
    public UserPages readChanges(Cursor since) {
        Position from = decode(since);
        catalogue = null; // the next write looks the permission sets up afresh
        Iterator<Page<JsonNode>> pages = api.query(usersWithSets("WHERE " + STANDARD_USERS
                + " AND SystemModstamp >= " + Soql.datetime(from.second()) + " ORDER BY SystemModstamp, Id"));
        return new UserPages() {
            private Position position = from;

            @Override
            public Optional<UserPage> next() {
                if (!pages.hasNext()) {
                    return Optional.empty();
                }
                List<JsonNode> fresh = new ArrayList<>();
                for (JsonNode u : pages.next().items()) {
                    String id = u.path("Id").asText("");
                    Instant stamp = Soql.parseDatetime(u.path("SystemModstamp").asText("")).orElse(Instant.EPOCH);
                    if (secondOf(stamp).equals(from.second()) && from.seen().contains(id)) {
                        continue; // already read at the cursor's second
                    }
                    fresh.add(u);
                    position = position.advance(secondOf(stamp), id);
                }
                Map<String, Set<String>> assigned = nestedAssignments(fresh);
                List<UserRecord> users = new ArrayList<>();
                List<ReadProblem> problems = new ArrayList<>();
                for (JsonNode u : fresh) {
                    map(u, assigned.getOrDefault(u.path("Id").asText(""), Set.of()), users, problems);
                }
                return Optional.of(new UserPage(users, List.of(), problems, Optional.of(encode(position.second(), position.seen()))));
            }
        };
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        if (!SALESFORCE_ID.matcher(id.value()).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(fetch(List.of(id.value())).get(id.value()));
    }

    /**
     * The users asked for, as a full read has them (standard users only, with their permission sets): SOQL
     * {@code WHERE UserType = 'Standard' AND Id IN (…)}, {@code … AND Email IN (…)} and {@code … AND Username IN (…)},
     * {@value #ID_CHUNK} values a query, values quoted with {@link Soql#inList}. Salesforce compares emails and
     * usernames case-insensitively; only users that fit the look-up are kept. A user whose record a full read
     * would report as a read problem (no valid email, say) is left out and logged. No id is answered removed:
     * Salesforce users are deactivated ({@code IsActive = false}, found with their status), not deleted.
     */
    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        Map<String, UserRecord> found = new java.util.LinkedHashMap<>();
        List<String> ids = lookup.ids().stream().map(NativeId::value).filter(v -> SALESFORCE_ID.matcher(v).matches()).toList();
        lookUpBy("Id", ids, found);
        lookUpBy("Email", lookup.emails().stream().map(EmailAddress::value).toList(), found);
        lookUpBy("Username", lookup.usernames().stream().map(Username::value).toList(), found);
        return UserLookupResult.found(found.values().stream().filter(lookup::wants).toList());
    }

    private void lookUpBy(String field, List<String> values, Map<String, UserRecord> found) {
        for (int i = 0; i < values.size(); i += ID_CHUNK) {
            List<String> chunk = values.subList(i, Math.min(values.size(), i + ID_CHUNK));
            String in;
            try {
                in = Soql.inList(chunk);
            } catch (IllegalArgumentException controlCharacters) {
                // a value with control characters cannot be a SOQL literal, and no user holds it: ask one by one
                for (String v : chunk) {
                    quotedQuery(field + " IN ", Set.of(v)).ifPresent(w -> lookUpWhere(w.substring("WHERE ".length()), found));
                }
                continue;
            }
            lookUpWhere(field + " IN " + in, found);
        }
    }

    private void lookUpWhere(String condition, Map<String, UserRecord> found) {
        List<JsonNode> rows = api.queryAll(usersWithSets("WHERE " + STANDARD_USERS + " AND " + condition));
        Map<String, Set<String>> assigned = nestedAssignments(rows);
        List<UserRecord> users = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        for (JsonNode u : rows) {
            map(u, assigned.getOrDefault(u.path("Id").asText(""), Set.of()), users, problems);
        }
        users.forEach(u -> found.putIfAbsent(u.id().value(), u));
        problems.forEach(p -> LOG.warn("{}: look-up: {}: {}", name, p.location(), p.message()));
    }

    /** Reads users by id with their permission sets; ids not found are absent from the map. */
    private Map<String, UserRecord> fetch(Collection<String> ids) {
        Map<String, UserRecord> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += ID_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + ID_CHUNK));
            List<JsonNode> rows = api.queryAll(usersWithSets("WHERE Id IN " + Soql.inList(chunk)));
            Map<String, Set<String>> assigned = nestedAssignments(rows);
            List<UserRecord> users = new ArrayList<>();
            List<ReadProblem> problems = new ArrayList<>();
            for (JsonNode u : rows) {
                map(u, assigned.getOrDefault(u.path("Id").asText(""), Set.of()), users, problems);
            }
            users.forEach(u -> out.put(u.id().value(), u));
            problems.forEach(p -> LOG.warn("{}: {}: {}", name, p.location(), p.message()));
        }
        return out;
    }

    /**
     * The set names nested in each user row. A user with more assignments than one answer holds (the
     * nested result is not {@code done}) has all of them read with an assignment query instead.
     */
    private Map<String, Set<String>> nestedAssignments(List<JsonNode> rows) {
        Map<String, Set<String>> assigned = new HashMap<>();
        List<String> more = new ArrayList<>();
        String field = key == PermissionSetKey.LABEL ? "Label" : "Name";
        for (JsonNode u : rows) {
            String id = u.path("Id").asText("");
            JsonNode nested = u.path("PermissionSetAssignments");
            if (!nested.isObject() || !SALESFORCE_ID.matcher(id).matches()) {
                continue; // null: no assignments
            }
            if (!nested.path("done").asBoolean(true)) {
                more.add(id);
                continue;
            }
            for (JsonNode a : nested.path("records")) {
                String n = a.path("PermissionSet").path(field).asText("").strip();
                if (!n.isEmpty()) {
                    assigned.computeIfAbsent(id, k -> new TreeSet<>()).add(n);
                }
            }
        }
        assigned.putAll(assignmentsOf(more));
        return assigned;
    }

    private Map<String, Set<String>> assignmentsOf(List<String> userIds) {
        Map<String, Set<String>> assigned = new HashMap<>();
        for (int i = 0; i < userIds.size(); i += ID_CHUNK) {
            List<String> chunk = userIds.subList(i, Math.min(userIds.size(), i + ID_CHUNK));
            collectAssignments(api.queryAll("SELECT AssigneeId, " + setNameField() + " FROM PermissionSetAssignment WHERE AssigneeId IN "
                    + Soql.inList(chunk) + " AND PermissionSet.IsOwnedByProfile = false"), assigned);
        }
        return assigned;
    }

    private void map(JsonNode u, Set<String> roles, List<UserRecord> users, List<ReadProblem> problems) {
        String id = u.path("Id").asText("");
        if (!SALESFORCE_ID.matcher(id).matches()) {
            problems.add(new ReadProblem("user without a valid Id", "the record has no usable Id"));
            return;
        }
        String rawEmail = u.path("Email").asText("");
        Optional<EmailAddress> email = EmailAddress.parse(rawEmail);
        if (email.isEmpty()) {
            problems.add(new ReadProblem("user " + id, "Email is missing or not a valid address"));
            return;
        }
        JsonNode active = u.path("IsActive");
        if (!active.isBoolean()) {
            // Read as inactive, a damaged flag would deactivate the person downstream: a problem instead.
            problems.add(new ReadProblem("user " + id, "IsActive is missing or not true/false"));
            return;
        }
        try {
            UserProfile.Builder p = UserProfile.builder()
                    .email(email)
                    .username(u.path("Username").asText(""))
                    .firstName(u.path("FirstName").asText(""))
                    .lastName(u.path("LastName").asText(""))
                    .status(active.asBoolean() ? UserStatus.ACTIVE : UserStatus.INACTIVE)
                    .roles(roles);
            SalesforceAttributes.READ_FIELDS.forEach((attribute, field) -> {
                JsonNode v = u.path(field);
                if (v.isTextual() && !v.asText().isBlank()) {
                    p.attribute(attribute, v.asText());
                }
            });
            Optional<Instant> updated = Soql.parseDatetime(u.path("SystemModstamp").asText(""));
            users.add(new UserRecord(NativeId.of(id), p.build(), updated));
        } catch (IllegalArgumentException invalid) {
            problems.add(new ReadProblem("user " + id, "unusable field value: " + invalid.getMessage()));
        }
    }

    /**
     * Users of this org holding the profile's username, or its email as their username (a profile without
     * a username is created with the email as its Username), or its email as their Email: two SOQL queries
     * ({@code Username IN (…)} and {@code Email = …}), values quoted with {@link Soql#quote}. Salesforce
     * compares both case-insensitively; only exact holders (ASCII case aside) are kept. A username held in
     * another org cannot be seen from here, so it finds nothing for it.
     */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        Set<String> usernames = new java.util.LinkedHashSet<>();
        profile.username().map(Username::value).ifPresent(usernames::add);
        profile.email().map(EmailAddress::value).ifPresent(usernames::add);
        Map<String, UserRecord> found = new java.util.LinkedHashMap<>();
        if (!usernames.isEmpty()) {
            keepHolders(quotedQuery("Username IN ", usernames), profile, found);
        }
        if (profile.email().isPresent()) {
            keepHolders(quotedQuery("Email = ", Set.of(profile.email().get().value())), profile, found);
        }
        return List.copyOf(found.values());
    }

    /** Equal but for ASCII letter case: a character from outside ASCII never equals an ASCII one. */
    static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && (x > 127 || y > 127 || Character.toLowerCase(x) != Character.toLowerCase(y))) {
                return false;
            }
        }
        return true;
    }

    /** {@code WHERE <field op> <literal or (literals)>}, empty when a value cannot be a SOQL literal. */
    private static Optional<String> quotedQuery(String fieldOp, Set<String> values) {
        try {
            return Optional.of("WHERE " + fieldOp + (fieldOp.endsWith("IN ") ? Soql.inList(values) : Soql.quote(values.iterator().next())));
        } catch (IllegalArgumentException controlCharacters) {
            return Optional.empty(); // no Salesforce user can hold such a value
        }
    }

    private void keepHolders(Optional<String> where, UserProfile profile, Map<String, UserRecord> found) {
        if (where.isEmpty()) {
            return;
        }
        List<JsonNode> rows = api.queryAll(usersWithSets(where.get()));
        Map<String, Set<String>> assigned = nestedAssignments(rows);
        List<UserRecord> users = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        for (JsonNode u : rows) {
            map(u, assigned.getOrDefault(u.path("Id").asText(""), Set.of()), users, problems);
        }
        for (UserRecord u : users) {
            boolean sameEmail = profile.email().isPresent() && profile.email().equals(u.email());
            String held = u.username().map(Username::value).orElse("");
            boolean sameUsername = profile.username().map(x -> asciiEqualsIgnoreCase(x.value(), held)).orElse(false)
                    || profile.email().map(e -> asciiEqualsIgnoreCase(e.value(), held)).orElse(false);
            if (sameEmail || sameUsername) {
                found.putIfAbsent(u.id().value(), u);
            }
        }
        problems.forEach(p -> LOG.warn("{}: {}: {}", name, p.location(), p.message()));
    }

    // ---- writes ------------------------------------------------------------------------------------

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        return createAll(List.of(profile), options).get(0);
    }

    /**
     * Creates users in calls of up to 200, then assigns the permission sets named in their roles. The
     * result of each is the user as written. {@code notifyUser} is not acted on: the REST API does not
     * send Salesforce's welcome email for users it creates.
     */
    @Override
    public List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        reloadedThisWrite = false;
        WriteResult[] results = new WriteResult[profiles.size()];
        List<Integer> sendIndex = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        Map<Integer, List<String>> setIds = new HashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            UserProfile p = profiles.get(i);
            try {
                ObjectNode record = newUserRecord(p);
                setIds.put(i, permissionSetIds(p.roles()));
                sendIndex.add(i);
                records.add(record);
            } catch (LocalFailure f) {
                results[i] = WriteResult.failed(f.failure);
            }
        }
        List<RecordResult> created = inChunks(records, api::create);
        List<String[]> assignments = new ArrayList<>();
        List<Integer> assignmentOwner = new ArrayList<>();
        for (int k = 0; k < sendIndex.size(); k++) {
            int i = sendIndex.get(k);
            RecordResult r = created.get(k);
            if (!r.success() || r.id().isEmpty()) {
                results[i] = createFailed(r);
                continue;
            }
            for (String ps : setIds.getOrDefault(i, List.of())) { // every sent profile has its list
                assignments.add(new String[] {r.id().get(), ps});
                assignmentOwner.add(i);
            }
        }
        Map<Integer, List<String>> unassigned = new HashMap<>();
        List<RecordResult> assigned = inChunks(assignmentRecords(assignments), api::create);
        for (int a = 0; a < assigned.size(); a++) {
            RecordResult r = assigned.get(a);
            if (!r.success() && !r.code().filter("DUPLICATE_VALUE"::equals).isPresent()) {
                unassigned.computeIfAbsent(assignmentOwner.get(a), x -> new ArrayList<>()).add(r.message());
            }
        }
        for (int k = 0; k < sendIndex.size(); k++) {
            int i = sendIndex.get(k);
            if (results[i] != null) {
                continue;
            }
            String id = created.get(k).id().orElseThrow();
            if (unassigned.containsKey(i)) {
                // The user exists; say so, so the next run finds and links it rather than creating another.
                results[i] = WriteResult.failed(FailureKind.VALIDATION, "created user " + id
                        + " but could not assign its permission sets: " + String.join("; ", unassigned.get(i)));
                continue;
            }
            results[i] = WriteResult.stored(UserRecord.of(NativeId.of(id), storedProfile(profiles.get(i), records.get(k))));
        }
        return List.of(results);
    }

    private UserProfile storedProfile(UserProfile wanted, ObjectNode sent) {
        UserProfile.Builder b = wanted.toBuilder()
                .username(sent.path("Username").asText())
                .status(sent.path("IsActive").asBoolean() ? UserStatus.ACTIVE : UserStatus.INACTIVE)
                .attributes(Map.of());
        SalesforceAttributes.READ_FIELDS.forEach((attribute, field) -> {
            JsonNode v = sent.path(field);
            if (v.isTextual()) {
                b.attribute(attribute, v.asText());
            }
        });
        return b.build();
    }

    private ObjectNode newUserRecord(UserProfile p) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putObject("attributes").put("type", "User");
        String email = p.email().map(EmailAddress::value)
                .orElseThrow(() -> new LocalFailure(FailureKind.VALIDATION, "a Salesforce user needs an email address"));
        if (p.lastName().isEmpty()) {
            throw new LocalFailure(FailureKind.VALIDATION, "a Salesforce user needs a last name");
        }
        if (!p.groups().isEmpty()) {
            throw new LocalFailure(FailureKind.VALIDATION, "Salesforce users have no groups here; use the call centre attribute "
                    + SalesforceAttributes.CALL_CENTER_ID);
        }
        rejectUnknownAttributes(p.attributes().keySet());
        r.put("Username", p.username().map(Username::value).orElse(email));
        r.put("Email", email);
        if (!p.firstName().isEmpty()) {
            r.put("FirstName", p.firstName());
        }
        r.put("LastName", p.lastName());
        r.put("IsActive", p.status() == UserStatus.ACTIVE);
        r.put("Alias", p.attribute(SalesforceAttributes.ALIAS).orElseGet(() -> alias(p)));
        required(r, p, SalesforceAttributes.PROFILE_ID, defaults.map(NewUserDefaults::profileId));
        required(r, p, SalesforceAttributes.TIME_ZONE, defaults.map(NewUserDefaults::timeZoneSidKey));
        required(r, p, SalesforceAttributes.LOCALE, defaults.map(NewUserDefaults::localeSidKey));
        required(r, p, SalesforceAttributes.EMAIL_ENCODING, defaults.map(NewUserDefaults::emailEncodingKey));
        required(r, p, SalesforceAttributes.LANGUAGE, defaults.map(NewUserDefaults::languageLocaleKey));
        for (String optional : List.of(SalesforceAttributes.USER_ROLE_ID, SalesforceAttributes.FEDERATION_ID,
                SalesforceAttributes.CALL_CENTER_ID)) {
            p.attribute(optional).ifPresent(v -> r.put(SalesforceAttributes.FIELDS.get(optional), v));
        }
        return r;
    }

    private static void required(ObjectNode r, UserProfile p, String attribute, Optional<String> fallback) {
        String field = SalesforceAttributes.FIELDS.get(attribute);
        String value = p.attribute(attribute).or(() -> fallback).orElseThrow(() -> new LocalFailure(FailureKind.VALIDATION,
                "Salesforce needs " + field + " to create a user: configure NewUserDefaults or set attribute " + attribute));
        r.put(field, value);
    }

    private static String alias(UserProfile p) {
        String base = (p.firstName().isEmpty() ? "" : p.firstName().substring(0, 1)) + p.lastName();
        String clean = base.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return clean.isEmpty() ? "user" : clean.substring(0, Math.min(8, clean.length()));
    }

    private static void rejectUnknownAttributes(Collection<String> names) {
        for (String n : names) {
            if (!SalesforceAttributes.FIELDS.containsKey(n)) {
                throw new LocalFailure(FailureKind.VALIDATION, "attribute '" + n + "' is not a Salesforce user field here; supported: "
                        + new TreeSet<>(SalesforceAttributes.FIELDS.keySet()));
            }
        }
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        return updateAll(List.of(new UpdateRequest(id, patch))).get(0);
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return apply(List.of(new Change(id, activeFlag(false), List.of(), List.of()))).get(0);
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return apply(List.of(new Change(id, activeFlag(true), List.of(), List.of()))).get(0);
    }

    private static ObjectNode activeFlag(boolean active) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("IsActive", active);
        return f;
    }

    /**
     * Field changes in calls of up to 200 records; then permission set assignments inserted and
     * deleted in collections; then the changed users read back with their sets (one query per 200
     * users).
     */
    @Override
    public List<WriteResult> updateAll(List<UpdateRequest> updates) {
        reloadedThisWrite = false;
        List<Change> changes = new ArrayList<>(updates.size());
        WriteResult[] early = new WriteResult[updates.size()];
        for (int i = 0; i < updates.size(); i++) {
            UpdateRequest u = updates.get(i);
            try {
                changes.add(new Change(u.id(), fieldsOf(u.patch()), permissionSetIds(u.patch().addRoles()),
                        permissionSetIds(u.patch().removeRoles())));
            } catch (LocalFailure f) {
                early[i] = WriteResult.failed(f.failure);
                changes.add(null);
            }
        }
        List<Change> valid = new ArrayList<>();
        changes.forEach(c -> {
            if (c != null) {
                valid.add(c);
            }
        });
        List<WriteResult> applied = apply(valid);
        List<WriteResult> out = new ArrayList<>(updates.size());
        int k = 0;
        for (int i = 0; i < updates.size(); i++) {
            out.add(early[i] != null ? early[i] : applied.get(k++));
        }
        return out;
    }

    private ObjectNode fieldsOf(UserPatch patch) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        if (!patch.addGroups().isEmpty() || !patch.removeGroups().isEmpty()) {
            throw new LocalFailure(FailureKind.VALIDATION, "Salesforce users have no groups here; use the call centre attribute "
                    + SalesforceAttributes.CALL_CENTER_ID);
        }
        rejectUnknownAttributes(patch.setAttributes().keySet());
        rejectUnknownAttributes(patch.removeAttributes());
        patch.email().ifPresent(e -> f.put("Email", e.value()));
        patch.username().ifPresent(u -> f.put("Username", u.value()));
        patch.firstName().ifPresent(n -> f.put("FirstName", n));
        patch.lastName().ifPresent(n -> f.put("LastName", n));
        patch.setAttributes().forEach((a, v) -> f.put(SalesforceAttributes.FIELDS.get(a), v));
        patch.removeAttributes().forEach(a -> f.putNull(SalesforceAttributes.FIELDS.get(a)));
        return f;
    }

    private record Change(NativeId id, ObjectNode fields, List<String> addSets, List<String> removeSets) {
    }

    private List<WriteResult> apply(List<Change> changes) {
        WriteResult[] results = new WriteResult[changes.size()];
        // 1. field changes
        List<Integer> fieldIndex = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (!SALESFORCE_ID.matcher(c.id().value()).matches()) {
                results[i] = WriteResult.failed(FailureKind.NOT_FOUND, "no Salesforce user " + c.id());
                continue;
            }
            if (!c.fields().isEmpty()) {
                ObjectNode r = JsonNodeFactory.instance.objectNode();
                r.putObject("attributes").put("type", "User");
                r.put("id", c.id().value());
                r.setAll(c.fields());
                fieldIndex.add(i);
                records.add(r);
            }
        }
        List<RecordResult> patched = inChunks(records, api::update);
        for (int k = 0; k < fieldIndex.size(); k++) {
            if (!patched.get(k).success()) {
                results[fieldIndex.get(k)] = failed(patched.get(k), true);
            }
        }
        // 2. permission sets granted
        List<String[]> grants = new ArrayList<>();
        List<Integer> grantOwner = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (results[i] == null) {
                for (String ps : changes.get(i).addSets()) {
                    grants.add(new String[] {changes.get(i).id().value(), ps});
                    grantOwner.add(i);
                }
            }
        }
        List<RecordResult> granted = inChunks(assignmentRecords(grants), api::create);
        for (int g = 0; g < granted.size(); g++) {
            RecordResult r = granted.get(g);
            // Already assigned is what we wanted.
            if (!r.success() && !r.code().filter("DUPLICATE_VALUE"::equals).isPresent() && results[grantOwner.get(g)] == null) {
                results[grantOwner.get(g)] = failed(r, true);
            }
        }
        // 3. permission sets revoked: find the assignments, then delete them
        Map<String, Integer> revokeOwner = new LinkedHashMap<>();
        Set<String> revokeUsers = new TreeSet<>();
        Set<String> revokeSets = new TreeSet<>();
        for (int i = 0; i < changes.size(); i++) {
            if (results[i] == null && !changes.get(i).removeSets().isEmpty()) {
                for (String ps : changes.get(i).removeSets()) {
                    revokeOwner.put(changes.get(i).id().value() + "/" + ps, i);
                    revokeSets.add(ps);
                }
                revokeUsers.add(changes.get(i).id().value());
            }
        }
        if (!revokeOwner.isEmpty()) {
            List<String> assignmentIds = new ArrayList<>();
            List<Integer> assignmentOwner = new ArrayList<>();
            List<String> users = new ArrayList<>(revokeUsers);
            for (int i = 0; i < users.size(); i += ID_CHUNK) {
                List<String> chunk = users.subList(i, Math.min(users.size(), i + ID_CHUNK));
                for (JsonNode a : api.queryAll("SELECT Id, AssigneeId, PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId IN "
                        + Soql.inList(chunk) + " AND PermissionSetId IN " + Soql.inList(revokeSets))) {
                    Integer owner = revokeOwner.get(a.path("AssigneeId").asText() + "/" + a.path("PermissionSetId").asText());
                    if (owner != null) {
                        assignmentIds.add(a.path("Id").asText());
                        assignmentOwner.add(owner);
                    }
                }
            }
            List<RecordResult> deleted = inChunks(assignmentIds, api::delete);
            for (int d = 0; d < deleted.size(); d++) {
                RecordResult r = deleted.get(d);
                if (!r.success() && !r.code().filter("ENTITY_IS_DELETED"::equals).isPresent() && results[assignmentOwner.get(d)] == null) {
                    results[assignmentOwner.get(d)] = failed(r, true);
                }
            }
        }
        // 4. read back what was written
        List<String> done = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (results[i] == null) {
                done.add(changes.get(i).id().value());
            }
        }
        Map<String, UserRecord> now = fetch(done);
        for (int i = 0; i < changes.size(); i++) {
            if (results[i] == null) {
                UserRecord r = now.get(changes.get(i).id().value());
                results[i] = r != null ? WriteResult.stored(r)
                        : WriteResult.failed(FailureKind.NOT_FOUND, "no Salesforce user " + changes.get(i).id());
            }
        }
        return List.of(results);
    }

    private static List<ObjectNode> assignmentRecords(List<String[]> pairs) {
        List<ObjectNode> records = new ArrayList<>(pairs.size());
        for (String[] pair : pairs) {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.putObject("attributes").put("type", "PermissionSetAssignment");
            r.put("AssigneeId", pair[0]);
            r.put("PermissionSetId", pair[1]);
            records.add(r);
        }
        return records;
    }

    private static <T> List<RecordResult> inChunks(List<T> items, java.util.function.Function<List<T>, List<RecordResult>> call) {
        List<RecordResult> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i += SalesforceApi.COLLECTION_LIMIT) {
            out.addAll(call.apply(items.subList(i, Math.min(items.size(), i + SalesforceApi.COLLECTION_LIMIT))));
        }
        return out;
    }

    /**
     * A refused user create. {@code DUPLICATE_USERNAME} (another user, in this org or any other, holds the
     * username: Salesforce usernames are unique across all orgs) and {@code DUPLICATE_VALUE} (a unique field
     * such as the federation id is taken) are {@link FailureKind#ALREADY_EXISTS}: nothing was created or
     * changed, and {@link #findExisting} names the holder when it is in this org.
     */
    private static WriteResult createFailed(RecordResult r) {
        String code = r.code().orElse("UNKNOWN_ERROR");
        if (code.equals("DUPLICATE_USERNAME") || code.equals("DUPLICATE_VALUE")) {
            return WriteResult.failed(new WriteFailure(FailureKind.ALREADY_EXISTS,
                    "salesforce " + code + ": " + r.message(), Optional.of(code)));
        }
        return failed(r, false);
    }

    private static WriteResult failed(RecordResult r, boolean referenceIsTheTarget) {
        String code = r.code().orElse("UNKNOWN_ERROR");
        return WriteResult.failed(new WriteFailure(ErrorCodes.kind(code, referenceIsTheTarget),
                "salesforce " + code + ": " + r.message(), Optional.of(code)));
    }

    // ---- permission sets, call centres, licenses ------------------------------------------------------

    /**
     * Names (by the configured {@link PermissionSetKey}) of the permission sets not owned by a profile.
     *
     * @return the names, sorted; read from the org on each call
     * @throws io.rostersync.spi.RosterSyncException when the org cannot be asked (authentication, network, API limit)
     */
    public Set<String> permissionSetNames() {
        return new TreeSet<>(reloadCatalogue().byName.keySet());
    }

    /**
     * The org's call centres.
     *
     * @return the call centres; empty when the org has none
     * @throws io.rostersync.spi.RosterSyncException when the org cannot be asked (authentication, network, API limit)
     */
    public List<CallCenter> callCenters() {
        List<CallCenter> out = new ArrayList<>();
        for (JsonNode c : api.queryAll("SELECT Id, Name FROM CallCenter")) {
            out.add(new CallCenter(c.path("Id").asText(), c.path("Name").asText()));
        }
        return out;
    }

    /**
     * The org's user licenses with their seats and the profiles that use them.
     *
     * @return the licenses; read from the org on each call
     * @throws io.rostersync.spi.RosterSyncException when the org cannot be asked (authentication, network, API limit)
     */
    public List<UserLicenseSeats> userLicenses() {
        Map<String, Set<String>> profilesByLicense = new HashMap<>();
        for (JsonNode p : api.queryAll("SELECT Id, UserLicenseId FROM Profile")) {
            profilesByLicense.computeIfAbsent(p.path("UserLicenseId").asText(), k -> new TreeSet<>()).add(p.path("Id").asText());
        }
        List<UserLicenseSeats> out = new ArrayList<>();
        for (JsonNode l : api.queryAll("SELECT Id, Name, TotalLicenses, UsedLicenses FROM UserLicense")) {
            String id = l.path("Id").asText();
            out.add(new UserLicenseSeats(id, l.path("Name").asText(), l.path("TotalLicenses").asInt(),
                    l.path("UsedLicenses").asInt(), profilesByLicense.getOrDefault(id, Set.of())));
        }
        return out;
    }

    private List<String> permissionSetIds(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Catalogue sets = catalogue();
        if (!reloadedThisWrite && !names.stream().allMatch(sets.byName::containsKey)) {
            sets = reloadCatalogue(); // a set created since the last look
            reloadedThisWrite = true;
        }
        List<String> ids = new ArrayList<>();
        for (String n : names) {
            List<String> matching = sets.byName.get(n);
            if (matching == null) {
                throw new LocalFailure(FailureKind.VALIDATION, "no permission set '" + n + "' (profile-owned sets cannot be assigned)");
            }
            if (matching.size() > 1) {
                throw new LocalFailure(FailureKind.CONFLICT, matching.size() + " permission sets are labelled '" + n
                        + "'; use PermissionSetKey.API_NAME");
            }
            ids.add(matching.get(0));
        }
        return ids;
    }

    private Catalogue catalogue() {
        Catalogue c = catalogue;
        return c != null ? c : reloadCatalogue();
    }

    private Catalogue reloadCatalogue() {
        Map<String, List<String>> byName = new TreeMap<>();
        for (JsonNode ps : api.queryAll("SELECT Id, Name, Label FROM PermissionSet WHERE IsOwnedByProfile = false")) {
            String n = key == PermissionSetKey.LABEL ? ps.path("Label").asText("") : ps.path("Name").asText("");
            if (n.isBlank()) {
                continue;
            }
            String id = ps.path("Id").asText();
            byName.computeIfAbsent(n.strip(), k -> new ArrayList<>()).add(id);
        }
        Catalogue c = new Catalogue(byName);
        catalogue = c;
        return c;
    }

    /** Permission set ids by name, for writes. Reads take names straight from each assignment's lookup. */
    private record Catalogue(Map<String, List<String>> byName) {
    }

    // ---- cursor ------------------------------------------------------------------------------------

    private record Position(Instant second, Set<String> seen) {
        Position advance(Instant stamp, String id) {
            if (stamp.equals(second)) {
                Set<String> more = new HashSet<>(seen);
                more.add(id);
                return new Position(second, more);
            }
            return stamp.isAfter(second) ? new Position(stamp, Set.of(id)) : this;
        }
    }

    private static Instant secondOf(Instant at) {
        return Instant.ofEpochSecond(at.getEpochSecond());
    }

    private static Cursor encode(Instant second, Set<String> seen) {
        return Cursor.of(CURSOR_PREFIX + second.getEpochSecond() + ":" + String.join(",", new TreeSet<>(seen)));
    }

    private static Position decode(Cursor cursor) {
        String v = cursor.value();
        if (v.startsWith(CURSOR_PREFIX)) {
            String rest = v.substring(CURSOR_PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon > 0) {
                try {
                    Instant second = Instant.ofEpochSecond(Long.parseLong(rest.substring(0, colon)));
                    Set<String> seen = new HashSet<>();
                    for (String id : rest.substring(colon + 1).split(",")) {
                        if (SALESFORCE_ID.matcher(id).matches()) {
                            seen.add(id);
                        }
                    }
                    return new Position(second, seen);
                } catch (NumberFormatException | java.time.DateTimeException e) {
                    // fall through to the error below
                }
            }
        }
        throw new InvalidConfigurationException("salesforce: the stored cursor was not written by a Salesforce directory; run a full read");
    }

    @Override
    public String toString() {
        return "SalesforceUserDirectory[" + name + "]";
    }

    /** A failure decided before any call, for one user. */
    private static final class LocalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient WriteFailure failure;

        LocalFailure(FailureKind kind, String message) {
            super(message, null, false, false);
            this.failure = WriteFailure.of(kind, message);
        }
    }

    /** Configuration of a {@link SalesforceUserDirectory}. */
    public static final class Builder {
        private final SalesforceConnection connection;
        private String name = "salesforce";
        private Optional<NewUserDefaults> defaults = Optional.empty();
        private PermissionSetKey key = PermissionSetKey.LABEL;

        private Builder(SalesforceConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * Name for plans and reports; default {@code salesforce}.
         *
         * @param value the name
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name");
            if (value.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            name = value;
            return this;
        }

        /**
         * Required fields for new users; without them every create must carry the attributes itself.
         *
         * @param value the defaults
         * @return this builder
         */
        public Builder newUserDefaults(NewUserDefaults value) {
            defaults = Optional.of(Objects.requireNonNull(value, "newUserDefaults"));
            return this;
        }

        /**
         * Which name of a permission set is the role name (default {@link PermissionSetKey#LABEL}).
         *
         * @param value which name to use
         * @return this builder
         */
        public Builder permissionSetKey(PermissionSetKey value) {
            key = Objects.requireNonNull(value, "permissionSetKey");
            return this;
        }

        /**
         * Builds the directory without touching the network.
         *
         * @return the directory
         */
        public SalesforceUserDirectory build() {
            return new SalesforceUserDirectory(this);
        }
    }
}
