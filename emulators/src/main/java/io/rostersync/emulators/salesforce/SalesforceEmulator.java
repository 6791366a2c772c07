package io.rostersync.emulators.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/**
 * A stateful Salesforce org on a loopback {@link MockWebServer}, speaking the REST API shapes that
 * rostersync's Salesforce provider (and any other client) uses: the OAuth token endpoint (client
 * credentials and JWT bearer), SOQL {@code /query} with {@code nextRecordsUrl} paging, sObject
 * Collections ({@code /composite/sobjects}) with per-record results, {@code /limits}, and the objects
 * User, Profile, UserLicense, PermissionSet, PermissionSetAssignment, PermissionSetLicense,
 * PermissionSetLicenseAssign and CallCenter.
 *
 * <pre>{@code
 * try (SalesforceEmulator org = SalesforceEmulator.start()) {
 *     String ps = org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");
 *     new RosterGenerator(7).profiles(50).forEach(org::addUser);
 *     org.rejectUser("bad.apple@example.com", "Region is required");   // a validation rule
 *     org.failNext("query", 2, 503);                                      // faults
 *     // point the provider at org.myDomainUrl() with org.clientId() / org.clientSecret()
 *     assertThat(org.requestCount("collections.create")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Behaviour worth knowing: every REST call (not the token endpoint or the versions list) counts
 * against a daily API limit, reported in {@code Sforce-Limit-Info}; over the limit the org answers 403
 * {@code REQUEST_LIMIT_EXCEEDED}. Tokens never expire by themselves; {@link #expireTokens()} invalidates
 * them (the next call gets 401 {@code INVALID_SESSION_ID}). {@code SystemModstamp} has one-second
 * precision, so several changes in the same second share a modstamp, as they can in a real org.
 * Requests are counted by endpoint: {@code token}, {@code versions}, {@code limits}, {@code query},
 * {@code query.more}, {@code collections.create}, {@code collections.update},
 * {@code collections.delete}, each also as {@code endpoint:Object} for collections and queries
 * ({@code collections.create:User}).
 *
 * <p>Faults, per endpoint name or {@code "*"}: an error status ({@link #failNext}), 429 with
 * {@code Retry-After} ({@link #throttleNext}), 403 {@code REQUEST_LIMIT_EXCEEDED} ({@link #requestLimitNext}),
 * a connection dropped mid-body, a body that is not JSON, a slow answer, and a query page that says more
 * follow without a {@code nextRecordsUrl} ({@link #truncateNextQueryPage()}); validation rules per email
 * ({@link #rejectUser}); token expiry ({@link #expireTokens()}). Records are read back as plain maps
 * ({@link #record(String)}).
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may seed, inspect and script faults while a
 * client is being served. Not a complete Salesforce: no sharing model, triggers or formula fields; relationship
 * queries follow one child-to-parent lookup (in the SELECT list, nested as the REST API nests it, or in
 * a WHERE clause), and a User query may hold parent-to-child subqueries of {@code PermissionSetAssignments}
 * and {@code PermissionSetLicenseAssignments}, whose rows count toward the batch size. Every answer carries a {@code Date} header from
 * the org's clock.
 */
public final class SalesforceEmulator implements AutoCloseable {

    /** The client id the emulator accepts for the client-credentials flow unless told otherwise. */
    public static final String DEFAULT_CLIENT_ID = "rostersync-emulator-client";
    /** The client secret the emulator accepts for the client-credentials flow unless told otherwise. */
    public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret-123";

    private static final int MAX_COLLECTION = 200;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MODSTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    private static final Map<String, String> ID_PREFIX = Map.of(
            "User", "005", "Profile", "00e", "UserLicense", "100", "PermissionSet", "0PS",
            "PermissionSetAssignment", "0Pa", "PermissionSetLicense", "0PL", "PermissionSetLicenseAssign", "2LA",
            "CallCenter", "04v", "UserRole", "00E");
    private static final Map<String, Set<String>> SCHEMA = Map.of(
            "User", Set.of("Id", "Username", "Email", "FirstName", "LastName", "IsActive", "ProfileId", "UserRoleId",
                    "FederationIdentifier", "CallCenterId", "Alias", "TimeZoneSidKey", "LocaleSidKey",
                    "EmailEncodingKey", "LanguageLocaleKey", "UserType", "SystemModstamp", "LastModifiedDate", "CreatedDate"),
            "Profile", Set.of("Id", "Name", "UserLicenseId", "SystemModstamp"),
            "UserLicense", Set.of("Id", "Name", "MasterLabel", "LicenseDefinitionKey", "TotalLicenses", "UsedLicenses",
                    "Status", "SystemModstamp"),
            "PermissionSet", Set.of("Id", "Name", "Label", "IsOwnedByProfile", "ProfileId", "LicenseId", "SystemModstamp"),
            "PermissionSetAssignment", Set.of("Id", "AssigneeId", "PermissionSetId", "SystemModstamp"),
            "PermissionSetLicense", Set.of("Id", "DeveloperName", "MasterLabel", "TotalLicenses", "UsedLicenses",
                    "ExpirationDate", "Status", "SystemModstamp"),
            "PermissionSetLicenseAssign", Set.of("Id", "AssigneeId", "PermissionSetLicenseId", "SystemModstamp"),
            "CallCenter", Set.of("Id", "Name", "InternalName", "SystemModstamp"),
            "UserRole", Set.of("Id", "Name", "SystemModstamp"));
    /** The lookups a query may follow in its SELECT list: relationship name to the object it points to. */
    private static final Map<String, Map<String, String>> LOOKUPS = Map.of(
            "User", Map.of("Profile", "Profile", "UserRole", "UserRole", "CallCenter", "CallCenter"),
            "Profile", Map.of("UserLicense", "UserLicense"),
            "PermissionSetAssignment", Map.of("Assignee", "User", "PermissionSet", "PermissionSet"),
            "PermissionSetLicenseAssign", Map.of("Assignee", "User", "PermissionSetLicense", "PermissionSetLicense"));
    /** The parent-to-child relationships a subquery may name. */
    private static final Map<String, Map<String, ChildRelation>> CHILDREN = Map.of(
            "User", Map.of("PermissionSetAssignments", new ChildRelation("PermissionSetAssignment", "AssigneeId"),
                    "PermissionSetLicenseAssignments", new ChildRelation("PermissionSetLicenseAssign", "AssigneeId")));
    private static final Set<String> USER_CREATE_REQUIRED = Set.of("Username", "LastName", "Email", "Alias",
            "TimeZoneSidKey", "LocaleSidKey", "EmailEncodingKey", "LanguageLocaleKey", "ProfileId");
    private static final Set<String> USER_WRITABLE = Set.of("Username", "Email", "FirstName", "LastName", "IsActive",
            "ProfileId", "UserRoleId", "FederationIdentifier", "CallCenterId", "Alias", "TimeZoneSidKey",
            "LocaleSidKey", "EmailEncodingKey", "LanguageLocaleKey");

    private enum FaultKind { STATUS, DROP, MALFORMED, SLOW, TRUNCATE, THROTTLE, REQUEST_LIMIT }

    private record Fault(String endpoint, FaultKind kind, int status, Duration duration) {
    }

    private record Locator(String object, List<String> fields, List<String> ids, int batchSize, List<Soql.Subquery> subqueries) {
        Locator(String object, List<String> fields, List<String> ids, int batchSize) {
            this(object, fields, ids, batchSize, List.of());
        }
    }

    /** A parent-to-child relationship: the child object and its lookup field pointing at the parent. */
    private record ChildRelation(String object, String parentField) {
    }

    private record JwtClient(PublicKey key, String username) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final MockWebServer server;
    private final Object lock = new Object();

    // state, guarded by lock
    private final Map<String, LinkedHashMap<String, ObjectNode>> tables = new HashMap<>();
    private final Map<String, String> typeOfId = new HashMap<>();
    private final Map<String, Locator> locators = new HashMap<>();
    private final Set<String> validTokens = new HashSet<>();
    private final Map<String, String> clients = new HashMap<>();
    private final Map<String, JwtClient> jwtClients = new HashMap<>();
    private final Map<String, String> rejectedEmails = new HashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final String orgId = "00D5g000004EmUL";
    private Clock clock = Clock.systemUTC();
    private volatile Duration dateSkew = Duration.ZERO;
    private long nextId = 1;
    private int dailyApiLimit = 100_000;
    private int dailyApiUsed;
    private Duration latency = Duration.ZERO;
    private int tokensIssued;
    private final String defaultProfileId;
    private final String standardLicenseId;

    private SalesforceEmulator(MockWebServer server) {
        this.server = server;
        clients.put(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
        standardLicenseId = insertRaw("UserLicense", fields("Name", "Salesforce", "MasterLabel", "Salesforce",
                "LicenseDefinitionKey", "SFDC", "TotalLicenses", 100_000, "UsedLicenses", 0, "Status", "Active"));
        defaultProfileId = insertRaw("Profile", fields("Name", "Standard User", "UserLicenseId", standardLicenseId));
    }

    /**
     * Starts an empty org (one profile, "Standard User", on a "Salesforce" user license) on 127.0.0.1 and
     * a free port.
     *
     * @return the running org
     * @throws IllegalStateException if no port can be opened
     */
    public static SalesforceEmulator start() {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new io.rostersync.emulators.internal.NoDelayServerSockets());
        SalesforceEmulator emulator = new SalesforceEmulator(server);
        server.setDispatcher(emulator.new OrgDispatcher());
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Salesforce emulator on 127.0.0.1", e);
        }
        return emulator;
    }

    /** Stops the org's server; its records stay readable. */
    @Override
    public void close() {
        server.close();
    }

    // ---- addresses and credentials -----------------------------------------------------------------

    /**
     * The org's My Domain URL; also the {@code instance_url} it hands out.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI myDomainUrl() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /**
     * The OAuth token endpoint, {@code /services/oauth2/token} on {@link #myDomainUrl()}.
     *
     * @return the token URI
     */
    public URI tokenUri() {
        return myDomainUrl().resolve("/services/oauth2/token");
    }

    /**
     * The client id the token endpoint accepts for the client-credentials flow.
     *
     * @return {@link #DEFAULT_CLIENT_ID}
     */
    public String clientId() {
        return DEFAULT_CLIENT_ID;
    }

    /**
     * The client secret the token endpoint accepts for the client-credentials flow.
     *
     * @return {@link #DEFAULT_CLIENT_SECRET}
     */
    public String clientSecret() {
        return DEFAULT_CLIENT_SECRET;
    }

    /**
     * Accepts JWT bearer assertions issued by {@code clientId}, signed RS256 with the private key matching
     * {@code key}, for {@code username}.
     *
     * @param clientId the connected app's consumer key ({@code iss})
     * @param key the public key that checks the signature
     * @param username the user the assertion must name ({@code sub})
     */
    public void registerJwtClient(String clientId, PublicKey key, String username) {
        synchronized (lock) {
            jwtClients.put(clientId, new JwtClient(key, username));
        }
    }

    /**
     * Shifts the HTTP {@code Date} header of every answer by {@code skew} while {@code SystemModstamp} keeps
     * the org's clock: a proxy with a wrong clock in front of the org. {@link Duration#ZERO} undoes it.
     *
     * @param skew how far the header is off, either way
     */
    public void skewDateHeader(Duration skew) {
        this.dateSkew = Objects.requireNonNull(skew, "skew");
    }

    /**
     * The clock behind {@code SystemModstamp}, token issue times, the {@code Date} header and license expiry.
     *
     * @param clock the clock, e.g. a {@code ManualClock}
     */
    public void setClock(Clock clock) {
        synchronized (lock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }
    }

    // ---- seeding and inspection --------------------------------------------------------------------

    /**
     * The id of the "Standard User" profile that {@link #addUser} gives new users.
     *
     * @return the profile id
     */
    public String defaultProfileId() {
        return defaultProfileId;
    }

    /**
     * Adds a profile on the standard user license.
     *
     * @param name the profile's name
     * @return its id
     */
    public String addProfile(String name) {
        return insertRaw("Profile", fields("Name", name, "UserLicenseId", standardLicenseId));
    }

    /**
     * Sets the seats ({@code TotalLicenses}) of the standard "Salesforce" user license. The org reports them;
     * it does not refuse users beyond them.
     *
     * @param total the seats
     */
    public void setUserLicenseSeats(int total) {
        synchronized (lock) {
            existingRow("UserLicense", standardLicenseId).put("TotalLicenses", total);
        }
    }

    /**
     * Adds a user with the default profile, as if created in Setup: username (or else the email), email,
     * names, and active unless the profile's status says otherwise.
     *
     * @param profile the person; needs an email
     * @return the new user's id
     * @throws IllegalArgumentException if the profile has no email
     */
    public String addUser(UserProfile profile) {
        String id = insertUser(profile);
        synchronized (lock) {
            recountUserLicenses();
        }
        return id;
    }

    /**
     * {@link #addUser} for many users, counting the user licenses once at the end rather than after each
     * (which is quadratic: seeding 100,000 users one by one takes minutes).
     *
     * @param profiles the people; each needs an email
     * @return the new users' ids, in order
     * @throws IllegalArgumentException if a profile has no email
     */
    public List<String> addUsers(List<UserProfile> profiles) {
        List<String> ids = new ArrayList<>(profiles.size());
        for (UserProfile p : profiles) {
            ids.add(insertUser(p));
        }
        synchronized (lock) {
            recountUserLicenses();
        }
        return ids;
    }

    private String insertUser(UserProfile profile) {
        String email = profile.email().map(EmailAddress::value)
                .orElseThrow(() -> new IllegalArgumentException("a Salesforce user needs an email"));
        String username = profile.username().map(Username::value).orElse(email);
        ObjectNode u = fields("Username", username, "Email", email,
                "FirstName", profile.firstName().isEmpty() ? null : profile.firstName(),
                "LastName", profile.lastName().isEmpty() ? "Unknown" : profile.lastName(),
                "IsActive", profile.status() == UserStatus.ACTIVE,
                "ProfileId", defaultProfileId, "UserRoleId", null, "FederationIdentifier", null, "CallCenterId", null,
                "Alias", alias(profile), "TimeZoneSidKey", "Europe/London", "LocaleSidKey", "en_GB",
                "EmailEncodingKey", "UTF-8", "LanguageLocaleKey", "en_US", "UserType", "Standard");
        return insertRaw("User", u);
    }

    /**
     * Adds an active user whose email is stored exactly as given, even if invalid (to exercise read problems).
     *
     * @param username the username
     * @param rawEmail the email field, as stored
     * @param lastName the last name
     * @return the new user's id
     */
    public String addUserWithRawEmail(String username, String rawEmail, String lastName) {
        return insertRaw("User", fields("Username", username, "Email", rawEmail, "FirstName", null, "LastName", lastName,
                "IsActive", true, "ProfileId", defaultProfileId, "UserRoleId", null, "FederationIdentifier", null,
                "CallCenterId", null, "Alias", "raw", "TimeZoneSidKey", "Europe/London", "LocaleSidKey", "en_GB",
                "EmailEncodingKey", "UTF-8", "LanguageLocaleKey", "en_US", "UserType", "Standard"));
    }

    /**
     * Adds a permission set that is not owned by a profile (what admins assign).
     *
     * @param name the API name
     * @param label the label, which the provider reads as a role
     * @return its id
     */
    public String addPermissionSet(String name, String label) {
        return insertRaw("PermissionSet", fields("Name", name, "Label", label, "IsOwnedByProfile", false,
                "ProfileId", null, "LicenseId", null));
    }

    /**
     * Adds the permission set a profile owns (never listed by the provider).
     *
     * @param name the API name (also the label)
     * @param profileId the owning profile
     * @return its id
     */
    public String addProfileOwnedPermissionSet(String name, String profileId) {
        return insertRaw("PermissionSet", fields("Name", name, "Label", name, "IsOwnedByProfile", true,
                "ProfileId", profileId, "LicenseId", null));
    }

    /**
     * Assigns a permission set directly, as an admin in Setup would.
     *
     * @param userId the user
     * @param permissionSetId the permission set
     * @return the assignment's id
     */
    public String assignPermissionSet(String userId, String permissionSetId) {
        return insertRaw("PermissionSetAssignment", fields("AssigneeId", userId, "PermissionSetId", permissionSetId));
    }

    /**
     * Adds an active permission set license with {@code total} seats.
     *
     * @param developerName the developer name
     * @param label the master label
     * @param total the seats
     * @param expiration the day it expires, if it does
     * @return its id
     */
    public String addPermissionSetLicense(String developerName, String label, int total, Optional<LocalDate> expiration) {
        return insertRaw("PermissionSetLicense", fields("DeveloperName", developerName, "MasterLabel", label,
                "TotalLicenses", total, "UsedLicenses", 0,
                "ExpirationDate", expiration.map(LocalDate::toString).orElse(null), "Status", "Active"));
    }

    /**
     * Changes the seats of a permission set license.
     *
     * @param licenseId the license
     * @param total the seats
     */
    public void setPermissionSetLicenseSeats(String licenseId, int total) {
        update(licenseId, "TotalLicenses", total);
    }

    /**
     * Changes when a permission set license expires.
     *
     * @param licenseId the license
     * @param expiration the day it expires, or empty for never
     */
    public void setPermissionSetLicenseExpiration(String licenseId, Optional<LocalDate> expiration) {
        update(licenseId, "ExpirationDate", expiration.map(LocalDate::toString).orElse(null));
    }

    /**
     * Changes a permission set license's status.
     *
     * @param licenseId the license
     * @param status {@code Active} or {@code Disabled}
     */
    public void setPermissionSetLicenseStatus(String licenseId, String status) {
        update(licenseId, "Status", status);
    }

    /**
     * Gives {@code userId} a seat of the license directly, as an admin would (even past its seats).
     *
     * @param userId the user
     * @param licenseId the permission set license
     * @return the assignment's id
     */
    public String assignPermissionSetLicense(String userId, String licenseId) {
        String id = insertRaw("PermissionSetLicenseAssign", fields("AssigneeId", userId, "PermissionSetLicenseId", licenseId));
        synchronized (lock) {
            recountLicense(licenseId);
        }
        return id;
    }

    /**
     * Adds a call center (its internal name is the name without punctuation or spaces).
     *
     * @param name the call center's name
     * @return its id
     */
    public String addCallCenter(String name) {
        return insertRaw("CallCenter", fields("Name", name, "InternalName", name.replaceAll("[^A-Za-z0-9]", "")));
    }

    /**
     * Changes one field of any record as an admin would, bumping its modstamp.
     *
     * @param id the record's id
     * @param field the field's API name, e.g. {@code "LastName"}
     * @param value a {@code String}, {@code Boolean} or {@code Integer} (anything else is stored as its
     *     {@code toString()}), or {@code null} to clear the field
     * @throws IllegalArgumentException if there is no record with this id
     */
    public void update(String id, String field, @Nullable Object value) {
        synchronized (lock) {
            ObjectNode r = find(id).orElseThrow(() -> new IllegalArgumentException("no record " + id));
            put(r, field, value);
            touch(r);
        }
    }

    /**
     * The record with this id (of any sObject type), with every field, as an unmodifiable JSON view: field
     * names to {@code String}, {@code Boolean}, {@code Long} (whole numbers), {@code Double}, or a nested
     * {@code Map}/{@code List}; fields whose value is null are left out.
     *
     * <pre>{@code
     * assertThat(org.record(id).orElseThrow()).containsEntry("TimeZoneSidKey", "Europe/Lisbon");
     * }</pre>
     *
     * @param id the record's id
     * @return the record, or empty if there is none with this id
     */
    public Optional<Map<String, Object>> record(String id) {
        synchronized (lock) {
            return find(id).map(JsonValues::view);
        }
    }

    private Optional<ObjectNode> node(String id) {
        synchronized (lock) {
            return find(id).map(ObjectNode::deepCopy);
        }
    }

    /**
     * Emulated network latency: from now on every response waits this long before its headers are sent,
     * outside the org's lock (default none). For benchmarks; tests keep it zero to stay fast.
     *
     * @param latency the delay, not negative
     * @throws IllegalArgumentException if it is negative
     */
    public void setLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        synchronized (lock) {
            this.latency = latency;
        }
    }

    /**
     * Ids of every user, active or not, in creation order.
     *
     * @return the ids; empty if there are none
     */
    public List<String> userIds() {
        synchronized (lock) {
            return new ArrayList<>(table("User").keySet());
        }
    }

    /**
     * The first user whose email matches, case-insensitively.
     *
     * @param email the email
     * @return the user's id, or empty if none has it
     */
    public Optional<String> userIdByEmail(String email) {
        synchronized (lock) {
            return table("User").values().stream()
                    .filter(u -> u.path("Email").asText("").equalsIgnoreCase(email))
                    .map(u -> u.get("Id").asText()).findFirst();
        }
    }

    /**
     * Whether the user is active.
     *
     * @param userId the user
     * @return {@code IsActive}; false for an unknown id
     */
    public boolean isActive(String userId) {
        return node(userId).map(u -> u.path("IsActive").asBoolean()).orElse(false);
    }

    /**
     * The call center the user belongs to.
     *
     * @param userId the user
     * @return the call center's id, or empty if none (or no such user)
     */
    public Optional<String> callCenterOf(String userId) {
        return node(userId).map(u -> u.path("CallCenterId")).filter(n -> n.isTextual()).map(JsonNode::asText);
    }

    /**
     * Labels of the permission sets assigned to the user (profile-owned ones included).
     *
     * @param userId the user
     * @return the labels, sorted; empty if none
     */
    public Set<String> permissionSetLabelsOf(String userId) {
        synchronized (lock) {
            Set<String> labels = new TreeSet<>();
            for (ObjectNode a : table("PermissionSetAssignment").values()) {
                if (a.path("AssigneeId").asText().equals(userId)) {
                    find(a.path("PermissionSetId").asText()).ifPresent(ps -> labels.add(ps.path("Label").asText()));
                }
            }
            return labels;
        }
    }

    /**
     * Users holding a seat of the permission set license.
     *
     * @param licenseId the license
     * @return their ids, sorted; empty if none
     */
    public Set<String> licenseAssignees(String licenseId) {
        synchronized (lock) {
            Set<String> ids = new TreeSet<>();
            for (ObjectNode a : table("PermissionSetLicenseAssign").values()) {
                if (a.path("PermissionSetLicenseId").asText().equals(licenseId)) {
                    ids.add(a.path("AssigneeId").asText());
                }
            }
            return ids;
        }
    }

    /**
     * The seats in use of a license, as its {@code UsedLicenses} says.
     *
     * @param licenseId a user license or permission set license
     * @return the seats in use; 0 for an unknown id
     */
    public int usedLicenses(String licenseId) {
        return node(licenseId).map(r -> r.path("UsedLicenses").asInt()).orElse(0);
    }

    // ---- validation rules, limits, tokens and faults ------------------------------------------------

    /**
     * A validation rule: creating or updating a user with this email (case-insensitively) fails with
     * {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} and {@code message}, for that record only.
     *
     * @param email the email to reject
     * @param message the rule's error message
     */
    public void rejectUser(String email, String message) {
        synchronized (lock) {
            rejectedEmails.put(email.toLowerCase(Locale.ROOT), message);
        }
    }

    /** Drops every {@link #rejectUser} rule. */
    public void clearValidationRules() {
        synchronized (lock) {
            rejectedEmails.clear();
        }
    }

    /**
     * The org's daily API request limit (default 100,000); past it REST calls get 403
     * {@code REQUEST_LIMIT_EXCEEDED}.
     *
     * @param limit requests a day
     */
    public void setDailyApiLimit(int limit) {
        synchronized (lock) {
            dailyApiLimit = limit;
        }
    }

    /**
     * API requests counted today, as {@code Sforce-Limit-Info} reports them.
     *
     * @return how many
     */
    public int dailyApiUsed() {
        synchronized (lock) {
            return dailyApiUsed;
        }
    }

    /** A new day: the usage counter goes back to zero. */
    public void resetDailyApiUsage() {
        synchronized (lock) {
            dailyApiUsed = 0;
        }
    }

    /** Invalidates every token issued so far: the next API call with one gets 401 {@code INVALID_SESSION_ID}. */
    public void expireTokens() {
        synchronized (lock) {
            validTokens.clear();
        }
    }

    /**
     * Tokens issued so far, by either grant.
     *
     * @return how many
     */
    public int tokensIssued() {
        synchronized (lock) {
            return tokensIssued;
        }
    }

    /**
     * The next {@code times} requests to {@code endpoint} answer {@code status} with a Salesforce error body
     * ({@code UNKNOWN_EXCEPTION} for 5xx).
     *
     * @param endpoint an endpoint name as in the class comment ({@code "query"}, {@code "collections.create"}),
     *     or {@code "*"} for any REST endpoint
     * @param times how many requests
     * @param status the HTTP status
     */
    public void failNext(String endpoint, int times, int status) {
        addFaults(endpoint, times, FaultKind.STATUS, status, Duration.ZERO);
    }

    /**
     * The next request to {@code endpoint} has its connection dropped halfway through the response body.
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     */
    public void dropConnectionNext(String endpoint) {
        addFaults(endpoint, 1, FaultKind.DROP, 200, Duration.ZERO);
    }

    /**
     * The next request to {@code endpoint} gets 200 with a body that is not JSON.
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     */
    public void malformedNext(String endpoint) {
        addFaults(endpoint, 1, FaultKind.MALFORMED, 200, Duration.ZERO);
    }

    /**
     * The next request to {@code endpoint} gets its normal answer, held back for {@code delay} before the
     * headers (past a client timeout, say).
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param delay how long the answer waits
     */
    public void slowNext(String endpoint, Duration delay) {
        addFaults(endpoint, 1, FaultKind.SLOW, 200, delay);
    }

    /**
     * The next query page that has more records after it says {@code done: false} but carries no
     * {@code nextRecordsUrl}; queries answered in one page before it are not affected.
     */
    public void truncateNextQueryPage() {
        addFaults("query*", 1, FaultKind.TRUNCATE, 200, Duration.ZERO);
    }

    /**
     * The next {@code times} requests to {@code endpoint} get 429 with {@code Retry-After}.
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param times how many requests
     * @param retryAfter the {@code Retry-After} value (whole seconds)
     */
    public void throttleNext(String endpoint, int times, Duration retryAfter) {
        addFaults(endpoint, times, FaultKind.THROTTLE, 429, retryAfter);
    }

    /**
     * The next {@code times} requests to {@code endpoint} get 403 {@code REQUEST_LIMIT_EXCEEDED} (no
     * {@code Retry-After}).
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param times how many requests
     */
    public void requestLimitNext(String endpoint, int times) {
        addFaults(endpoint, times, FaultKind.REQUEST_LIMIT, 403, Duration.ZERO);
    }

    /** Drops every pending fault, a pending query page truncation included. */
    public void clearFaults() {
        synchronized (lock) {
            faults.clear();
        }
    }

    private void addFaults(String endpoint, int times, FaultKind kind, int status, Duration d) {
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                faults.add(new Fault(endpoint, kind, status, d));
            }
        }
    }

    // ---- request counts ----------------------------------------------------------------------------

    /**
     * Requests received for an endpoint name (see the class comment), faults and rejections included.
     *
     * @param endpoint the endpoint name, e.g. {@code "query"} or {@code "collections.create:User"}
     * @return how many; 0 for an endpoint never called
     */
    public int requestCount(String endpoint) {
        synchronized (lock) {
            return counts.getOrDefault(endpoint, 0);
        }
    }

    /**
     * Every endpoint's request count, by name.
     *
     * @return an unmodifiable copy of the counts
     */
    public Map<String, Integer> requestCounts() {
        synchronized (lock) {
            return Map.copyOf(counts);
        }
    }

    /**
     * REST requests in all (token requests excluded; each counted once, not per object).
     *
     * @return how many
     */
    public int apiRequestCount() {
        synchronized (lock) {
            return counts.entrySet().stream()
                    .filter(e -> !e.getKey().contains(":") && !e.getKey().equals("token"))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** Forgets the request counts (not the daily API usage). */
    public void resetRequestCounts() {
        synchronized (lock) {
            counts.clear();
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    private final class OrgDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse response;
            Duration delay;
            synchronized (lock) {
                delay = latency;
                try {
                    response = handle(request);
                } catch (RuntimeException e) {
                    response = error(500, "UNKNOWN_EXCEPTION", "emulator failure: " + e.getClass().getSimpleName());
                }
                // Like every HTTP server, the org says when it answered (its own clock, to the second).
                response = response.newBuilder().setHeader("Date", HTTP_DATE.format(clock.instant().plus(dateSkew))).build();
            }
            return delayed(response, delay);
        }
    }

    /** Adds the emulated network latency before the response's headers (on top of any injected delay). */
    private static MockResponse delayed(MockResponse response, Duration latency) {
        if (latency.isZero()) {
            return response;
        }
        return response.newBuilder().headersDelay(response.getHeadersDelayNanos() + latency.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS).build();
    }

    private MockResponse handle(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String method = request.getMethod();
        if (path.equals("/services/oauth2/token") && "POST".equals(method)) {
            count("token");
            return token(request);
        }
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            count("versions");
            return json(200, versions());
        }
        if (!path.startsWith("/services/data/v")) {
            return error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        String rest = path.substring("/services/data/".length());
        int slash = rest.indexOf('/');
        String version = slash < 0 ? rest : rest.substring(0, slash);
        String resource = slash < 0 ? "" : rest.substring(slash + 1);
        if (!version.matches("v\\d{2}\\.0")) {
            return error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        String endpoint = endpoint(method, resource);
        count(endpoint);
        String auth = request.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
            return error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        if (dailyApiUsed >= dailyApiLimit) {
            return withLimitInfo(errorBuilder(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")).build();
        }
        dailyApiUsed++;
        Fault fault = takeFault(endpoint);
        if (fault != null) {
            MockResponse faulted = applyFault(fault);
            if (faulted != null) {
                return faulted;
            }
        }
        MockResponse.Builder response;
        try {
            response = route(method, version, resource, request, fault);
        } catch (Soql.MalformedQueryException e) {
            response = errorBuilder(400, "MALFORMED_QUERY", Objects.requireNonNullElse(e.getMessage(), e.toString()));
        } catch (InvalidFieldException e) {
            response = errorBuilder(400, "INVALID_FIELD", Objects.requireNonNullElse(e.getMessage(), e.toString()));
        } catch (BadRequestException e) {
            response = errorBuilder(400, e.code, Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        if (fault != null && fault.kind() == FaultKind.SLOW) {
            response.headersDelay(fault.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        return withLimitInfo(response).build();
    }

    private String endpoint(String method, String resource) {
        if (resource.equals("query")) {
            return "query";
        }
        if (resource.startsWith("query/")) {
            return "query.more";
        }
        if (resource.equals("composite/sobjects")) {
            switch (method) {
                case "POST":
                    return "collections.create";
                case "PATCH":
                    return "collections.update";
                case "DELETE":
                    return "collections.delete";
                default:
                    return "collections." + method.toLowerCase(Locale.ROOT);
            }
        }
        if (resource.equals("limits")) {
            return "limits";
        }
        return "other";
    }

    private MockResponse.Builder route(String method, String version, String resource, RecordedRequest request, @Nullable Fault fault) {
        if (resource.equals("limits") && method.equals("GET")) {
            ObjectNode body = mapper.createObjectNode();
            ObjectNode daily = body.putObject("DailyApiRequests");
            daily.put("Max", dailyApiLimit);
            daily.put("Remaining", Math.max(0, dailyApiLimit - dailyApiUsed));
            return jsonBuilder(200, body);
        }
        if (resource.equals("query") && method.equals("GET")) {
            String q = request.getUrl().queryParameter("q");
            if (q == null) {
                throw new BadRequestException("MALFORMED_QUERY", "no query given");
            }
            return query(version, q, batchSize(request), fault);
        }
        if (resource.startsWith("query/") && method.equals("GET")) {
            return queryMore(version, resource.substring("query/".length()), fault);
        }
        if (resource.equals("composite/sobjects")) {
            switch (method) {
                case "POST":
                    return collectionWrite(request, true);
                case "PATCH":
                    return collectionWrite(request, false);
                case "DELETE":
                    return collectionDelete(request);
                default:
                    break;
            }
        }
        return errorBuilder(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private static int batchSize(RecordedRequest request) {
        String options = request.getHeaders().get("Sforce-Query-Options");
        int size = 2000;
        if (options != null) {
            for (String part : options.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
                    try {
                        size = Integer.parseInt(kv[1].trim());
                    } catch (NumberFormatException ignored) {
                        // the real API ignores a bad option too
                    }
                }
            }
        }
        return Math.max(200, Math.min(2000, size));
    }

    // ---- token endpoint ----------------------------------------------------------------------------

    private MockResponse token(RecordedRequest request) {
        HttpUrl form = HttpUrl.parse("http://form.invalid/?" + request.getBody().string(StandardCharsets.UTF_8));
        if (form == null) {
            return oauthError(400, "invalid_request", "unreadable request");
        }
        String grant = form.queryParameter("grant_type");
        if ("client_credentials".equals(grant)) {
            String id = form.queryParameter("client_id");
            String secret = form.queryParameter("client_secret");
            String basic = request.getHeaders().get("Authorization");
            if (basic != null && basic.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    id = HttpUrl.parse("http://x.invalid/?v=" + pair.substring(0, colon)).queryParameter("v");
                    secret = HttpUrl.parse("http://x.invalid/?v=" + pair.substring(colon + 1)).queryParameter("v");
                }
            }
            if (id == null || secret == null || !secret.equals(clients.get(id))) {
                return oauthError(400, "invalid_client", "invalid client credentials");
            }
            return issueToken();
        }
        if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grant)) {
            String assertion = form.queryParameter("assertion");
            return assertion == null ? oauthError(400, "invalid_grant", "no assertion") : jwt(assertion);
        }
        return oauthError(400, "unsupported_grant_type", "grant type not supported");
    }

    private MockResponse jwt(String assertion) {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return oauthError(400, "invalid_grant", "invalid assertion");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = mapper.readTree(b64.decode(parts[0]));
            JsonNode claims = mapper.readTree(b64.decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return oauthError(400, "invalid_grant", "algorithm not supported");
            }
            JwtClient client = jwtClients.get(claims.path("iss").asText());
            if (client == null) {
                return oauthError(400, "invalid_client_id", "client identifier invalid");
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(client.key());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(b64.decode(parts[2]))) {
                return oauthError(400, "invalid_grant", "invalid assertion");
            }
            long exp = claims.path("exp").asLong(0);
            long now = clock.instant().getEpochSecond();
            if (exp <= now || exp > now + 300) {
                return oauthError(400, "invalid_grant", "expired authorization code");
            }
            if (!client.username().equalsIgnoreCase(claims.path("sub").asText())) {
                return oauthError(400, "invalid_grant", "user hasn't approved this consumer");
            }
            String aud = claims.path("aud").asText();
            if (!aud.equals("https://login.salesforce.com") && !aud.equals("https://test.salesforce.com")
                    && !aud.equals(myDomainUrl().toString())) {
                return oauthError(400, "invalid_grant", "audience is invalid");
            }
            return issueToken();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return oauthError(400, "invalid_grant", "invalid assertion");
        }
    }

    private MockResponse issueToken() {
        String token = orgId + "!" + UUID.randomUUID().toString().replace("-", "");
        validTokens.add(token);
        tokensIssued++;
        ObjectNode body = mapper.createObjectNode();
        body.put("access_token", token);
        body.put("instance_url", myDomainUrl().toString());
        body.put("id", myDomainUrl() + "/id/" + orgId + "/005000000000001AAA");
        body.put("token_type", "Bearer");
        body.put("issued_at", String.valueOf(clock.millis()));
        body.put("signature", Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        body.put("scope", "api");
        return json(200, body);
    }

    private MockResponse oauthError(int status, String error, String description) {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return json(status, body);
    }

    private ArrayNode versions() {
        ArrayNode list = mapper.createArrayNode();
        String[][] known = {{"Summer '24", "61.0"}, {"Winter '25", "62.0"}, {"Spring '25", "63.0"}, {"Summer '25", "64.0"}};
        for (String[] v : known) {
            ObjectNode n = list.addObject();
            n.put("label", v[0]);
            n.put("url", "/services/data/v" + v[1]);
            n.put("version", v[1]);
        }
        return list;
    }

    // ---- query -------------------------------------------------------------------------------------

    private MockResponse.Builder query(String version, String soql, int batchSize, @Nullable Fault fault) {
        Soql.Query q = Soql.parse(soql);
        Set<String> schema = SCHEMA.get(q.object());
        if (schema == null) {
            throw new BadRequestException("INVALID_TYPE", "sObject type '" + q.object() + "' is not supported.");
        }
        for (String f : q.fields()) {
            int dot = f.indexOf('.');
            if (dot < 0 ? !schema.contains(f) : !lookupField(q.object(), f.substring(0, dot), f.substring(dot + 1))) {
                throw new InvalidFieldException("No such column '" + f + "' on entity '" + q.object() + "'.");
            }
        }
        for (Soql.Subquery sub : q.subqueries()) {
            ChildRelation child = CHILDREN.getOrDefault(q.object(), Map.of()).get(sub.relationship());
            if (child == null) {
                throw new BadRequestException("INVALID_TYPE", "Didn't understand relationship '" + sub.relationship()
                        + "' in FROM part of query call.");
            }
            for (String f : sub.fields()) {
                int dot = f.indexOf('.');
                if (dot < 0 ? !SCHEMA.getOrDefault(child.object(), Set.of()).contains(f)
                        : !lookupField(child.object(), f.substring(0, dot), f.substring(dot + 1))) {
                    throw new InvalidFieldException("No such column '" + f + "' on entity '" + child.object() + "'.");
                }
            }
        }
        count("query:" + q.object());
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode r : table(q.object()).values()) {
            if (matches(r, q.where())) {
                rows.add(r);
            }
        }
        if (!q.orderBy().isEmpty()) {
            Comparator<ObjectNode> order = null;
            for (Soql.Order o : q.orderBy()) {
                Comparator<ObjectNode> c = (a, b) -> compareValues(value(a, o.path()), value(b, o.path()));
                if (o.descending()) {
                    c = c.reversed();
                }
                order = order == null ? c : order.thenComparing(c);
            }
            rows.sort(order);
        }
        if (q.limit().isPresent() && rows.size() > q.limit().getAsInt()) {
            rows = rows.subList(0, q.limit().getAsInt());
        }
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("Id").asText()));
        Locator locator = new Locator(q.object(), q.fields(), ids, batchSize, q.subqueries());
        return page(version, locator, 0, fault);
    }

    private MockResponse.Builder queryMore(String version, String locatorText, @Nullable Fault fault) {
        int dash = locatorText.lastIndexOf('-');
        Locator locator = dash < 0 ? null : locators.get(locatorText.substring(0, dash));
        if (locator == null) {
            throw new BadRequestException("INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        int offset;
        try {
            offset = Integer.parseInt(locatorText.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new BadRequestException("INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        count("query.more:" + locator.object());
        return page(version, locator, offset, fault);
    }

    private MockResponse.Builder page(String version, Locator locator, int offset, @Nullable Fault fault) {
        // Child rows of subqueries count toward the batch size, as in Salesforce: fewer parents a page.
        Map<String, Map<String, List<ObjectNode>>> children = childrenFrom(locator, offset);
        int end = offset;
        int rowsInPage = 0;
        while (end < locator.ids().size()) {
            String id = locator.ids().get(end);
            int weight = 1;
            for (Map<String, List<ObjectNode>> byParent : children.values()) {
                weight += byParent.getOrDefault(id, List.of()).size();
            }
            if (rowsInPage > 0 && rowsInPage + weight > locator.batchSize()) {
                break;
            }
            rowsInPage += weight;
            end++;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("totalSize", locator.ids().size());
        boolean done = end >= locator.ids().size();
        body.put("done", done);
        if (!done) {
            String key = "01g" + Long.toString(nextId++, 36) + "AAB";
            locators.put(key, locator);
            if (!takeTruncation()) {
                body.put("nextRecordsUrl", "/services/data/" + version + "/query/" + key + "-" + end);
            }
        }
        ArrayNode records = body.putArray("records");
        for (String id : locator.ids().subList(offset, end)) {
            ObjectNode r = table(locator.object()).get(id);
            if (r == null) {
                continue; // deleted since the query ran
            }
            ObjectNode out = row(version, locator.object(), r, locator.fields());
            records.add(out);
            for (Soql.Subquery sub : locator.subqueries()) {
                List<ObjectNode> mine = children.getOrDefault(sub.relationship(), Map.of()).getOrDefault(id, List.of());
                out.set(sub.relationship(), nested(version, relation(locator.object(), sub.relationship()).object(),
                        sub.fields(), mine, locator.batchSize()));
            }
        }
        return jsonBuilder(200, body);
    }

    /** For each subquery, the matching child rows of the parents a page can hold, by parent id: one pass over each child table. */
    private Map<String, Map<String, List<ObjectNode>>> childrenFrom(Locator locator, int offset) {
        Map<String, Map<String, List<ObjectNode>>> out = new HashMap<>();
        if (locator.subqueries().isEmpty()) {
            return out;
        }
        Set<String> parents = new HashSet<>(locator.ids().subList(offset, Math.min(locator.ids().size(), offset + locator.batchSize())));
        for (Soql.Subquery sub : locator.subqueries()) {
            ChildRelation relation = relation(locator.object(), sub.relationship());
            Map<String, List<ObjectNode>> byParent = new HashMap<>();
            for (ObjectNode c : table(relation.object()).values()) {
                String parent = c.path(relation.parentField()).asText("");
                if (parents.contains(parent) && matches(c, sub.where())) {
                    byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(c);
                }
            }
            out.put(sub.relationship(), byParent);
        }
        return out;
    }

    /**
     * A subquery's result inside its parent row: {@code null} when there are no children, otherwise a
     * query result of its own; a parent whose children alone exceed the batch size gets the first batch
     * and a {@code nextRecordsUrl} for the rest.
     */
    private JsonNode nested(String version, String childObject, List<String> fields, List<ObjectNode> rows, int batchSize) {
        if (rows.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode result = mapper.createObjectNode();
        result.put("totalSize", rows.size());
        int shown = Math.min(rows.size(), batchSize - 1);
        result.put("done", shown == rows.size());
        if (shown < rows.size()) {
            List<String> ids = new ArrayList<>();
            rows.forEach(c -> ids.add(c.get("Id").asText()));
            String key = "01g" + Long.toString(nextId++, 36) + "AAB";
            locators.put(key, new Locator(childObject, fields, ids, batchSize));
            result.put("nextRecordsUrl", "/services/data/" + version + "/query/" + key + "-" + shown);
        }
        ArrayNode records = result.putArray("records");
        for (ObjectNode c : rows.subList(0, shown)) {
            records.add(row(version, childObject, c, fields));
        }
        return result;
    }

    private ObjectNode row(String version, String object, ObjectNode r, List<String> fields) {
        ObjectNode out = mapper.createObjectNode();
        ObjectNode attributes = out.putObject("attributes");
        attributes.put("type", object);
        attributes.put("url", "/services/data/" + version + "/sobjects/" + object + "/" + r.path("Id").asText());
        for (String f : fields) {
            int dot = f.indexOf('.');
            if (dot < 0) {
                out.set(f, r.has(f) ? r.get(f).deepCopy() : JsonNodeFactory.instance.nullNode());
            } else {
                parentField(version, r, out, f.substring(0, dot), f.substring(dot + 1));
            }
        }
        return out;
    }

    /** A child relationship of a query's object; the query was checked against {@link #CHILDREN} when it was made. */
    private static ChildRelation relation(String object, String relationship) {
        ChildRelation relation = CHILDREN.getOrDefault(object, Map.of()).get(relationship);
        if (relation == null) {
            throw new IllegalStateException("no relationship '" + relationship + "' on " + object);
        }
        return relation;
    }

    /** Whether {@code relation.field} names a field of the record {@code object}'s lookup {@code relation} points to. */
    private static boolean lookupField(String object, String relation, String field) {
        String parent = LOOKUPS.getOrDefault(object, Map.of()).get(relation);
        return parent != null && SCHEMA.getOrDefault(parent, Set.of()).contains(field);
    }

    /**
     * A child-to-parent field as the REST API nests it: {@code "PermissionSet": {"attributes": {…},
     * "Label": …}}, one object per relation however many of its fields are selected, or {@code null}
     * when the lookup is empty.
     */
    private void parentField(String version, ObjectNode r, ObjectNode out, String relation, String field) {
        JsonNode ref = r.path(relation + "Id");
        ObjectNode parent = ref.isTextual() ? find(ref.asText()).orElse(null) : null;
        if (parent == null) {
            out.putNull(relation);
            return;
        }
        JsonNode nested = out.get(relation);
        ObjectNode target;
        if (nested instanceof ObjectNode o) {
            target = o;
        } else {
            String type = typeOf(parent);
            target = out.putObject(relation);
            ObjectNode attributes = target.putObject("attributes");
            attributes.put("type", type);
            attributes.put("url", "/services/data/" + version + "/sobjects/" + type + "/" + ref.asText());
        }
        target.set(field, parent.has(field) ? parent.get(field).deepCopy() : JsonNodeFactory.instance.nullNode());
    }

    private boolean matches(ObjectNode r, List<Soql.Condition> where) {
        for (Soql.Condition c : where) {
            JsonNode actual = value(r, c.path());
            boolean ok;
            switch (c.op()) {
                case "IN":
                    ok = false;
                    for (Object v : (List<?>) c.value()) {
                        if (compareTo(actual, v) == 0) {
                            ok = true;
                            break;
                        }
                    }
                    break;
                case "=":
                    ok = compareTo(actual, c.value()) == 0;
                    break;
                case "!=":
                    ok = compareTo(actual, c.value()) != 0;
                    break;
                case ">":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) > 0;
                    break;
                case ">=":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) >= 0;
                    break;
                case "<":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) < 0;
                    break;
                case "<=":
                    ok = comparable(actual, c.value()) && compareTo(actual, c.value()) <= 0;
                    break;
                default:
                    throw new Soql.MalformedQueryException("unknown operator " + c.op());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A field of a record, following one lookup ({@code PermissionSet.IsOwnedByProfile}). */
    private JsonNode value(ObjectNode r, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!SCHEMA.getOrDefault(typeOf(r), Set.of()).contains(path)) {
                throw new InvalidFieldException("No such column '" + path + "' on entity '" + typeOf(r) + "'.");
            }
            return r.path(path);
        }
        String relation = path.substring(0, dot);
        JsonNode ref = r.path(relation + "Id");
        if (!ref.isTextual()) {
            return JsonNodeFactory.instance.nullNode();
        }
        return find(ref.asText()).map(p -> value(p, path.substring(dot + 1))).orElse(JsonNodeFactory.instance.nullNode());
    }

    private String typeOf(ObjectNode r) {
        return typeOfId.getOrDefault(r.path("Id").asText(), "");
    }

    private static boolean comparable(JsonNode actual, Object literal) {
        return !(actual.isNull() || actual.isMissingNode()) && literal != Soql.NULL;
    }

    private static int compareTo(JsonNode actual, Object literal) {
        boolean actualNull = actual.isNull() || actual.isMissingNode();
        if (literal == Soql.NULL) {
            return actualNull ? 0 : 1;
        }
        if (actualNull) {
            return -1;
        }
        if (literal instanceof Boolean b) {
            return actual.isBoolean() && actual.asBoolean() == b ? 0 : 1;
        }
        if (literal instanceof Long n) {
            return Long.compare(actual.asLong(), n);
        }
        if (literal instanceof Instant at) {
            return Soql.datetime(actual.asText()).map(a -> a.compareTo(at)).orElse(1);
        }
        // SOQL compares text case-insensitively.
        return actual.asText().compareToIgnoreCase((String) literal);
    }

    private static int compareValues(JsonNode a, JsonNode b) {
        boolean an = a.isNull() || a.isMissingNode();
        boolean bn = b.isNull() || b.isMissingNode();
        if (an || bn) {
            return Boolean.compare(!an, !bn);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        Optional<Instant> da = Soql.datetime(a.asText());
        Optional<Instant> db = Soql.datetime(b.asText());
        if (da.isPresent() && db.isPresent()) {
            return da.get().compareTo(db.get());
        }
        return a.asText().compareTo(b.asText());
    }

    // ---- sObject Collections -----------------------------------------------------------------------

    private MockResponse.Builder collectionWrite(RecordedRequest request, boolean create) {
        JsonNode body;
        try {
            body = mapper.readTree(request.getBody().toByteArray());
        } catch (IOException e) {
            throw new BadRequestException("JSON_PARSER_ERROR", "The request body is not valid JSON");
        }
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new BadRequestException("INVALID_FIELD", "records must be a non-empty array");
        }
        if (records.size() > MAX_COLLECTION) {
            throw new BadRequestException("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        Snapshot before = allOrNone ? snapshot() : null;
        ArrayNode results = mapper.createArrayNode();
        boolean anyFailed = false;
        for (JsonNode rec : records) {
            ObjectNode result = create ? createOne(rec) : updateOne(rec);
            anyFailed |= !result.path("success").asBoolean();
            results.add(result);
            if (!rec.path("attributes").path("type").asText().isEmpty()) {
                count((create ? "collections.create:" : "collections.update:") + rec.path("attributes").path("type").asText());
            }
        }
        if (before != null && anyFailed) { // before is taken for allOrNone
            restore(before);
            ArrayNode rolledBack = mapper.createArrayNode();
            for (JsonNode r : results) {
                rolledBack.add(r.path("success").asBoolean()
                        ? failure(r.path("id").asText(null), "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "Record rolled back because not all records were valid and the request was using AllOrNone header")
                        : r);
            }
            results = rolledBack;
        }
        return jsonBuilder(200, results);
    }

    private ObjectNode createOne(JsonNode rec) {
        String type = rec.path("attributes").path("type").asText("");
        if (!SCHEMA.containsKey(type)) {
            return failure(null, "INVALID_TYPE", "sObject type '" + type + "' is not supported");
        }
        ObjectNode fields = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            if (!SCHEMA.get(type).contains(e.getKey()) || e.getKey().equals("Id")) {
                return failure(null, "INVALID_FIELD", "No such column '" + e.getKey() + "' on sobject of type " + type);
            }
            fields.set(e.getKey(), e.getValue());
        }
        switch (type) {
            case "User":
                return createUser(fields);
            case "PermissionSetAssignment":
                return createAssignment(fields);
            case "PermissionSetLicenseAssign":
                return createLicenseAssignment(fields);
            default:
                return failure(null, "INSUFFICIENT_ACCESS_OR_READONLY", "cannot create " + type + " through this API");
        }
    }

    private ObjectNode createUser(ObjectNode fields) {
        for (String required : USER_CREATE_REQUIRED) {
            if (!fields.hasNonNull(required) || fields.get(required).asText().isBlank()) {
                return failure(null, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + required + "]", required);
            }
        }
        Optional<ObjectNode> problem = checkUser(fields, null);
        if (problem.isPresent()) {
            return problem.get();
        }
        if (!fields.has("IsActive")) {
            fields.put("IsActive", true);
        }
        for (String optional : List.of("FirstName", "UserRoleId", "FederationIdentifier", "CallCenterId")) {
            if (!fields.has(optional)) {
                fields.putNull(optional);
            }
        }
        fields.put("UserType", "Standard");
        String id = insertRaw("User", fields);
        recountUserLicenses();
        return success(id);
    }

    private Optional<ObjectNode> checkUser(ObjectNode fields, @Nullable String selfId) {
        if (fields.hasNonNull("Username")) {
            String username = fields.get("Username").asText();
            if (!username.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                return Optional.of(failure(selfId, "INVALID_NEW_VALUE", "Username must be in the form of an email address", "Username"));
            }
            for (ObjectNode other : table("User").values()) {
                if (!other.get("Id").asText().equals(selfId) && other.path("Username").asText().equalsIgnoreCase(username)) {
                    return Optional.of(failure(selfId, "DUPLICATE_USERNAME",
                            "Duplicate Username.<br>The username already exists in this or another Salesforce organization.", "Username"));
                }
            }
        }
        if (fields.has("Email") && !fields.path("Email").asText("").matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return Optional.of(failure(selfId, "INVALID_EMAIL_ADDRESS", "Email: invalid email address", "Email"));
        }
        for (String ref : List.of("ProfileId", "CallCenterId", "UserRoleId")) {
            JsonNode v = fields.get(ref);
            if (v != null && v.isTextual() && find(v.asText()).isEmpty()) {
                return Optional.of(failure(selfId, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ref));
            }
        }
        if (fields.has("Alias") && fields.path("Alias").asText("").length() > 8) {
            return Optional.of(failure(selfId, "STRING_TOO_LONG", "Alias: data value too large", "Alias"));
        }
        String email = fields.has("Email") ? fields.path("Email").asText("")
                : selfId == null ? "" : existingRow("User", selfId).path("Email").asText("");
        String rule = rejectedEmails.get(email.toLowerCase(Locale.ROOT));
        if (rule != null) {
            return Optional.of(failure(selfId, "FIELD_CUSTOM_VALIDATION_EXCEPTION", rule));
        }
        return Optional.empty();
    }

    private ObjectNode createAssignment(ObjectNode fields) {
        String user = fields.path("AssigneeId").asText("");
        String set = fields.path("PermissionSetId").asText("");
        if (!"User".equals(typeOfId.get(user)) || !"PermissionSet".equals(typeOfId.get(set))) {
            return failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (existingRow("PermissionSet", set).path("IsOwnedByProfile").asBoolean()) {
            return failure(null, "INVALID_CROSS_REFERENCE_KEY", "You can't assign a permission set that's owned by a profile");
        }
        for (ObjectNode a : table("PermissionSetAssignment").values()) {
            if (a.path("AssigneeId").asText().equals(user) && a.path("PermissionSetId").asText().equals(set)) {
                return failure(null, "DUPLICATE_VALUE", "Duplicate PermissionSetAssignment. Assignee: " + user + "; Permission Set: " + set);
            }
        }
        return success(insertRaw("PermissionSetAssignment", fields));
    }

    private ObjectNode createLicenseAssignment(ObjectNode fields) {
        String user = fields.path("AssigneeId").asText("");
        String license = fields.path("PermissionSetLicenseId").asText("");
        if (!"User".equals(typeOfId.get(user)) || !"PermissionSetLicense".equals(typeOfId.get(license))) {
            return failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        for (ObjectNode a : table("PermissionSetLicenseAssign").values()) {
            if (a.path("AssigneeId").asText().equals(user) && a.path("PermissionSetLicenseId").asText().equals(license)) {
                return failure(null, "DUPLICATE_VALUE", "duplicate value found: the user already has this permission set license");
            }
        }
        ObjectNode psl = existingRow("PermissionSetLicense", license);
        boolean expired = psl.path("ExpirationDate").isTextual()
                && !LocalDate.parse(psl.get("ExpirationDate").asText()).isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (!"Active".equals(psl.path("Status").asText()) || expired) {
            return failure(null, "FIELD_INTEGRITY_EXCEPTION", "The permission set license is not active");
        }
        if (psl.path("UsedLicenses").asInt() >= psl.path("TotalLicenses").asInt()) {
            return failure(null, "LICENSE_LIMIT_EXCEEDED", "License Limit Exceeded");
        }
        String id = insertRaw("PermissionSetLicenseAssign", fields);
        recountLicense(license);
        return success(id);
    }

    private ObjectNode updateOne(JsonNode rec) {
        String id = rec.has("id") ? rec.path("id").asText("") : rec.path("Id").asText("");
        String type = rec.path("attributes").path("type").asText("");
        if (!id.matches("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")) {
            return failure(null, "MALFORMED_ID", type + " ID: id value of incorrect type: " + id, "Id");
        }
        Optional<ObjectNode> existing = find(id);
        if (existing.isEmpty() || !type.equals(typeOfId.get(id))) {
            return failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (!type.equals("User")) {
            return failure(id, "INSUFFICIENT_ACCESS_OR_READONLY", "cannot update " + type + " through this API");
        }
        ObjectNode changes = mapper.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (f.equals("attributes") || f.equals("id") || f.equals("Id")) {
                continue;
            }
            if (!USER_WRITABLE.contains(f)) {
                return failure(id, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f, f);
            }
            changes.set(f, e.getValue());
        }
        Optional<ObjectNode> problem = checkUser(changes, id);
        if (problem.isPresent()) {
            return problem.get();
        }
        ObjectNode user = existing.get();
        changes.fields().forEachRemaining(e -> user.set(e.getKey(), e.getValue()));
        touch(user);
        recountUserLicenses();
        return success(id);
    }

    private MockResponse.Builder collectionDelete(RecordedRequest request) {
        String ids = request.getUrl().queryParameter("ids");
        if (ids == null || ids.isBlank()) {
            throw new BadRequestException("MISSING_ARGUMENT", "ids must be given");
        }
        String[] list = ids.split(",");
        if (list.length > MAX_COLLECTION) {
            throw new BadRequestException("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        }
        boolean allOrNone = "true".equalsIgnoreCase(request.getUrl().queryParameter("allOrNone"));
        Snapshot before = allOrNone ? snapshot() : null;
        ArrayNode results = mapper.createArrayNode();
        boolean anyFailed = false;
        for (String id : list) {
            ObjectNode result = deleteOne(id.strip());
            anyFailed |= !result.path("success").asBoolean();
            results.add(result);
        }
        if (before != null && anyFailed) { // before is taken for allOrNone
            restore(before);
        }
        return jsonBuilder(200, results);
    }

    private ObjectNode deleteOne(String id) {
        if (!id.matches("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}")) {
            return failure(null, "MALFORMED_ID", "malformed id " + id);
        }
        String type = typeOfId.get(id);
        if (type == null) {
            return failure(null, "ENTITY_IS_DELETED", "entity is deleted");
        }
        count("collections.delete:" + type);
        if (!type.equals("PermissionSetAssignment") && !type.equals("PermissionSetLicenseAssign")) {
            return failure(id, "DELETE_FAILED", "cannot delete " + type);
        }
        ObjectNode removed = table(type).remove(id);
        typeOfId.remove(id);
        if (removed != null && type.equals("PermissionSetLicenseAssign")) {
            recountLicense(removed.path("PermissionSetLicenseId").asText());
        }
        return success(id);
    }

    // ---- store -------------------------------------------------------------------------------------

    private record Snapshot(Map<String, LinkedHashMap<String, ObjectNode>> tables, Map<String, String> typeOfId) {
    }

    private Snapshot snapshot() {
        Map<String, LinkedHashMap<String, ObjectNode>> copy = new HashMap<>();
        tables.forEach((type, rows) -> {
            LinkedHashMap<String, ObjectNode> c = new LinkedHashMap<>();
            rows.forEach((id, r) -> c.put(id, r.deepCopy()));
            copy.put(type, c);
        });
        return new Snapshot(copy, new HashMap<>(typeOfId));
    }

    private void restore(Snapshot s) {
        tables.clear();
        tables.putAll(s.tables());
        typeOfId.clear();
        typeOfId.putAll(s.typeOfId());
    }

    /** A row that exists: one the emulator made itself, or whose id was checked against typeOfId. */
    private ObjectNode existingRow(String type, String id) {
        ObjectNode row = table(type).get(id);
        if (row == null) {
            throw new IllegalStateException("no " + type + " " + id);
        }
        return row;
    }

    private LinkedHashMap<String, ObjectNode> table(String type) {
        return tables.computeIfAbsent(type, t -> new LinkedHashMap<>());
    }

    private Optional<ObjectNode> find(String id) {
        String type = typeOfId.get(id);
        return type == null ? Optional.empty() : Optional.ofNullable(table(type).get(id));
    }

    private String insertRaw(String type, ObjectNode fields) {
        synchronized (lock) {
            String id = newId(type);
            ObjectNode r = mapper.createObjectNode();
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
            return id;
        }
    }

    private void touch(ObjectNode r) {
        String now = MODSTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        r.put("SystemModstamp", now);
        if (r.has("LastModifiedDate")) {
            r.put("LastModifiedDate", now);
        }
    }

    private String newId(String type) {
        String counter = Long.toString(nextId++, 36).toUpperCase(Locale.ROOT);
        String body = "0".repeat(Math.max(0, 10 - counter.length())) + counter;
        return ID_PREFIX.get(type) + "5g" + body + "AAA";
    }

    private void recountLicense(String licenseId) {
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

    private void recountUserLicenses() {
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

    private ObjectNode fields(@Nullable Object... pairs) {
        ObjectNode n = mapper.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            put(n, (String) pairs[i], pairs[i + 1]);
        }
        return n;
    }

    private static void put(ObjectNode n, String field, @Nullable Object value) {
        if (value == null) {
            n.putNull(field);
        } else if (value instanceof Boolean b) {
            n.put(field, b);
        } else if (value instanceof Integer i) {
            n.put(field, i);
        } else {
            n.put(field, value.toString());
        }
    }

    private static String alias(UserProfile p) {
        String base = (p.firstName().isEmpty() ? "" : p.firstName().substring(0, 1)) + p.lastName();
        String clean = base.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return clean.isEmpty() ? "user" : clean.substring(0, Math.min(8, clean.length()));
    }

    private void count(String endpoint) {
        counts.merge(endpoint, 1, Integer::sum);
    }

    /** Consumes a pending {@link #truncateNextQueryPage()}, if any: asked only for a page that has more after it. */
    private boolean takeTruncation() {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            if (it.next().kind() == FaultKind.TRUNCATE) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private @Nullable Fault takeFault(String endpoint) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.kind() == FaultKind.TRUNCATE) {
                continue; // applies to the next page that can be cut short, see takeTruncation
            }
            boolean match = f.endpoint().equals("*") || f.endpoint().equals(endpoint)
                    || (f.endpoint().equals("query*") && endpoint.startsWith("query"));
            if (match) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    /** The response for a fault that replaces the normal answer, or null when the fault modifies it. */
    private @Nullable MockResponse applyFault(Fault f) {
        switch (f.kind()) {
            case STATUS:
                return withLimitInfo(errorBuilder(f.status(), f.status() >= 500 ? "UNKNOWN_EXCEPTION" : "BAD_REQUEST",
                        "An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)")).build();
            case DROP:
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"totalSize\":1,\"done\":true,\"records\":[" + "{}".repeat(4000) + "]}")
                        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
            case MALFORMED:
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"totalSize\": 3, \"done\": tru").build();
            case THROTTLE:
                return errorBuilder(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests")
                        .setHeader("Retry-After", String.valueOf(f.duration().toSeconds())).build();
            case REQUEST_LIMIT:
                return withLimitInfo(errorBuilder(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")).build();
            default:
                return null;
        }
    }

    private MockResponse.Builder withLimitInfo(MockResponse.Builder b) {
        return b.setHeader("Sforce-Limit-Info", "api-usage=" + dailyApiUsed + "/" + dailyApiLimit);
    }

    private ObjectNode success(String id) {
        ObjectNode r = mapper.createObjectNode();
        r.put("id", id);
        r.put("success", true);
        r.putArray("errors");
        return r;
    }

    private ObjectNode failure(@Nullable String id, String code, String message, String... fieldNames) {
        ObjectNode r = mapper.createObjectNode();
        if (id != null) {
            r.put("id", id);
        }
        r.put("success", false);
        ObjectNode e = r.putArray("errors").addObject();
        e.put("statusCode", code);
        e.put("message", message);
        ArrayNode f = e.putArray("fields");
        for (String name : fieldNames) {
            f.add(name);
        }
        return r;
    }

    private MockResponse error(int status, String code, String message) {
        return errorBuilder(status, code, message).build();
    }

    private MockResponse.Builder errorBuilder(int status, String code, String message) {
        ArrayNode body = mapper.createArrayNode();
        ObjectNode e = body.addObject();
        e.put("message", message);
        e.put("errorCode", code);
        return jsonBuilder(status, body);
    }

    private MockResponse json(int status, JsonNode body) {
        return jsonBuilder(status, body).build();
    }

    private MockResponse.Builder jsonBuilder(int status, JsonNode body) {
        try {
            return new MockResponse.Builder().code(status)
                    .setHeader("Content-Type", "application/json;charset=UTF-8")
                    .body(mapper.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class InvalidFieldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidFieldException(String message) {
            super(message);
        }
    }

    private static final class BadRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        BadRequestException(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /**
     * Whether a predicate holds for any {@code User} record, each seen as {@link #record(String)} shows it;
     * for assertions in tests.
     *
     * @param test the condition
     * @return whether any user record satisfies it
     */
    public boolean anyUser(Predicate<Map<String, Object>> test) {
        Objects.requireNonNull(test, "test");
        synchronized (lock) {
            return table("User").values().stream().map(JsonValues::view).anyMatch(test);
        }
    }
}
