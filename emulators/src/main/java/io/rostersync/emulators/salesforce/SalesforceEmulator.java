package io.rostersync.emulators.salesforce;

import io.rostersync.emulators.Emulator;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.EmulatorEngine;
import io.rostersync.emulators.salesforce.internal.DailyApiLimit;
import io.rostersync.emulators.salesforce.internal.OrgRoutes;
import io.rostersync.emulators.salesforce.internal.OrgStore;
import io.rostersync.emulators.salesforce.internal.TestHttp;
import io.rostersync.emulators.salesforce.internal.TokenEndpoint;
import io.rostersync.emulators.salesforce.internal.pubsub.PubSubServer;
import io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator;
import io.rostersync.http.Secret;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A stateful Salesforce org on loopback, speaking the REST API shapes that rostersync's Salesforce provider
 * (and any other client) uses: the OAuth token endpoint ({@link #TOKEN}: client credentials and JWT bearer),
 * SOQL ({@link #QUERY}) with {@code nextRecordsUrl} paging ({@link #QUERY_MORE}), sObject Collections
 * ({@link #COLLECTIONS}) with per-record results, {@link #LIMITS}, and the objects User, Profile, UserLicense,
 * PermissionSet, PermissionSetAssignment, PermissionSetLicense, PermissionSetLicenseAssign and CallCenter.
 *
 * <pre>{@code
 * try (SalesforceEmulator org = SalesforceEmulator.start()) {
 *     org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");
 *     new RosterGenerator(7).profiles(50).forEach(org::addUser);
 *     org.faults().next(SalesforceEmulator.QUERY, 2, Fault.status(503))
 *             .always(SalesforceEmulator.COLLECTIONS_CREATE,
 *                     Fault.partialBatchFailure(Set.of("bad.apple@example.com"), "Region is required"));
 *
 *     SalesforceUserDirectory directory = org.directory().build();
 *     // ... sync ...
 *
 *     assertThat(org.requests()).filteredOn(r -> SalesforceEmulator.COLLECTIONS_CREATE.matches(r.method(), r.path()))
 *             .hasSize(1);
 * }
 * }</pre>
 *
 * <p>Faults ({@link #faults()}), in Salesforce's shapes: an error status answers Salesforce's error body
 * ({@code [{"message", "errorCode"}]}: 401 {@code INVALID_SESSION_ID}, 403 and 429 {@code REQUEST_LIMIT_EXCEEDED},
 * 404 {@code NOT_FOUND}, 5xx {@code UNKNOWN_EXCEPTION}, other 4xx {@code BAD_REQUEST}), with {@code Retry-After}
 * as planned; an expired token is 401 {@code INVALID_SESSION_ID} and revokes the token the request carried; an
 * empty list, on {@link #QUERY} or {@link #QUERY_MORE}, is a page with no {@code records} and no
 * {@code nextRecordsUrl} while {@code totalSize} counts every match and {@code done} is false (true only if
 * nothing matched): a short read a client must notice; a partial batch failure, on the sObject Collections routes, fails the records it names (by
 * id, username or email; an assignment by its assignee's) with {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} and
 * the fault's error as message, processes the others, and rolls all back with {@code allOrNone}. A reset,
 * slow, trickled, malformed or truncated body and a list change between pages apply to any route.
 *
 * <p>Behaviour worth knowing: every REST call (not the token endpoint or the versions list) counts
 * against a daily API limit ({@link #setDailyApiLimit}), reported in {@code Sforce-Limit-Info} and by
 * {@link #LIMITS}; over the limit the org answers 403 {@code REQUEST_LIMIT_EXCEEDED}. Tokens never expire by
 * themselves. {@code SystemModstamp} has one-second precision, so several changes in the same second share a
 * modstamp, as they can in a real org. Requests are recorded with the bearer token, the Basic credentials and
 * the token endpoint's {@code client_secret} and {@code assertion} masked.
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may seed, inspect and plan faults while a
 * client is being served. Not a complete Salesforce: no sharing model, triggers or formula fields;
 * relationship queries follow one child-to-parent lookup (in the SELECT list, nested as the REST API nests
 * it, or in a WHERE clause), and a User query may hold parent-to-child subqueries of
 * {@code PermissionSetAssignments} and {@code PermissionSetLicenseAssignments}, whose rows count toward the
 * batch size. Every answer carries a {@code Date} header from the org's clock.
 */
public final class SalesforceEmulator implements Emulator<SalesforceUserDirectory.Builder> {

    /** The OAuth token endpoint: {@code POST /services/oauth2/token}. */
    public static final Route TOKEN = Route.of("POST", TokenEndpoint.PATH);
    /** The API versions list: {@code GET /services/data}. */
    public static final Route VERSIONS = Route.of("GET", "/services/data");
    /** Every REST call, the versions list included: {@code * /services/data/**}. */
    public static final Route REST = Route.of("*", "/services/data/**");
    /** The org's limits: {@code GET /services/data/vNN.0/limits}. */
    public static final Route LIMITS = Route.of("GET", "/services/data/*/limits");
    /** The first page of a SOQL query: {@code GET /services/data/vNN.0/query?q=...}. */
    public static final Route QUERY = Route.of("GET", "/services/data/*/query");
    /** A further page of a query, its {@code nextRecordsUrl}: {@code GET /services/data/vNN.0/query/<locator>}. */
    public static final Route QUERY_MORE = Route.of("GET", "/services/data/*/query/*");
    /** sObject Collections, any method: {@code * /services/data/vNN.0/composite/sobjects}. */
    public static final Route COLLECTIONS = Route.of("*", "/services/data/*/composite/sobjects");
    /** sObject Collections create: {@code POST /services/data/vNN.0/composite/sobjects}. */
    public static final Route COLLECTIONS_CREATE = Route.of("POST", "/services/data/*/composite/sobjects");
    /** sObject Collections update: {@code PATCH /services/data/vNN.0/composite/sobjects}. */
    public static final Route COLLECTIONS_UPDATE = Route.of("PATCH", "/services/data/*/composite/sobjects");
    /** sObject Collections delete: {@code DELETE /services/data/vNN.0/composite/sobjects?ids=...}. */
    public static final Route COLLECTIONS_DELETE = Route.of("DELETE", "/services/data/*/composite/sobjects");

    /** The client id the emulator accepts for the client-credentials flow. */
    public static final String DEFAULT_CLIENT_ID = "rostersync-emulator-client";
    /** The client secret the emulator accepts for the client-credentials flow. */
    public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret-123";

    private final OrgStore store = new OrgStore();
    private final TokenEndpoint tokens;
    private final DailyApiLimit limits = new DailyApiLimit(store);
    private final OrgRoutes routes;
    private final EmulatorEngine engine;
    private @Nullable PubSubServer pubSub;

    private SalesforceEmulator() {
        tokens = new TokenEndpoint(store, this::baseUri, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
        routes = new OrgRoutes(store, tokens, limits, List.of(QUERY, QUERY_MORE),
                List.of(COLLECTIONS_CREATE, COLLECTIONS_UPDATE, COLLECTIONS_DELETE));
        engine = new EmulatorEngine("Salesforce emulator", routes);
    }

    /**
     * Starts an empty org (one profile, "Standard User", on a "Salesforce" user license) on 127.0.0.1 and
     * a free port.
     *
     * @return the running org
     * @throws java.io.UncheckedIOException if no port can be opened
     */
    public static SalesforceEmulator start() {
        return builder().start();
    }

    /** @return a builder of an org with a chosen clock or latency */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a JUnit 5 extension that starts an org per test (instance field) or per class (static field) */
    public static EmulatorExtension<SalesforceEmulator> extension() {
        return EmulatorExtension.of(SalesforceEmulator::start);
    }

    /** Stops the org's server and its {@link #pubSub() Pub/Sub API}; idempotent; its records stay readable. */
    @Override
    public void close() {
        PubSubServer events;
        synchronized (this) {
            events = pubSub;
        }
        if (events != null) {
            events.close();
        }
        engine.close();
    }

    /**
     * The org's Pub/Sub API, started on first use (one per org, closed with it): Change Data Capture events on
     * {@code /data/UserChangeEvent} for every change of a user from then on, whether through the REST API or
     * the seeding and admin methods here.
     *
     * @return the org's Pub/Sub API emulator
     */
    public synchronized SalesforcePubSubEmulator pubSub() {
        PubSubServer events = pubSub;
        if (events == null) {
            events = new PubSubServer(store, tokens, this::baseUri);
            pubSub = events;
        }
        return events;
    }

    /**
     * Expires every access token issued so far, as a session timeout or a revoked connected app does: REST calls
     * with them get 401 {@code INVALID_SESSION_ID} and Pub/Sub API calls and streams {@code UNAUTHENTICATED}. New
     * tokens are issued as before.
     */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** @return the org's id, 15 characters, as the token endpoint's identity URL names it */
    public String orgId() {
        return TokenEndpoint.orgId();
    }

    // ---- the shared emulator API -------------------------------------------------------------------

    /** @return the org's My Domain URL, {@code http://127.0.0.1:<port>}; also the {@code instance_url} it hands out */
    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + engine.uri("/").getPort());
    }

    /**
     * A builder of a {@link SalesforceUserDirectory} on {@link #connection()}, named {@code salesforce:emulator},
     * creating users with the {@link #defaultProfileId()}.
     *
     * @return a new directory builder
     */
    @Override
    public SalesforceUserDirectory.Builder directory() {
        return SalesforceUserDirectory.builder(connection().build())
                .name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(defaultProfileId()));
    }

    /**
     * A connection builder pointed at this org with its client credentials, trusting 127.0.0.1, and loopback
     * HTTP settings with short retries (4 attempts, 10 to 200 ms apart, 2 s in all) and a 10 s request timeout;
     * for a {@code SalesforceLicensePool}, or to change the settings before building a directory.
     *
     * @return a new connection builder
     */
    public SalesforceConnection.Builder connection() {
        return SalesforceConnection.builder(baseUri())
                .clientCredentials(clientId(), Secret.of(clientSecret()))
                .trustHost("127.0.0.1")
                .http(TestHttp.settings());
    }

    @Override
    public FaultPlan faults() {
        return engine.faults();
    }

    @Override
    public RecordedRequest takeRequest() {
        return engine.takeRequest();
    }

    @Override
    public Optional<RecordedRequest> takeRequest(Duration timeout) {
        return engine.takeRequest(timeout);
    }

    @Override
    public List<RecordedRequest> requests() {
        return engine.requests();
    }

    @Override
    public int requestCount() {
        return engine.requestCount();
    }

    /**
     * The requests received on one route, in arrival order (not consumed).
     *
     * @param route a route, e.g. {@link #COLLECTIONS_CREATE}
     * @return an immutable list of them
     */
    public List<RecordedRequest> requests(Route route) {
        return engine.requests().stream().filter(r -> route.matches(r.method(), r.path())).toList();
    }

    // ---- credentials, clock ------------------------------------------------------------------------

    /** @return the org's My Domain URL, what a {@code SalesforceConnection} is built on: {@link #baseUri()} by Salesforce's name */
    public URI myDomainUrl() {
        return baseUri();
    }

    /** @return the OAuth token endpoint, {@code /services/oauth2/token} on {@link #baseUri()} */
    public URI tokenUri() {
        return baseUri().resolve(TokenEndpoint.PATH);
    }

    /** @return the client id the token endpoint accepts for the client-credentials flow, {@link #DEFAULT_CLIENT_ID} */
    public String clientId() {
        return DEFAULT_CLIENT_ID;
    }

    /** @return the client secret the token endpoint accepts for the client-credentials flow, {@link #DEFAULT_CLIENT_SECRET} */
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
        tokens.registerJwtClient(clientId, key, username);
    }

    /** @return the tokens issued so far, by either grant */
    public int tokensIssued() {
        return tokens.issued();
    }

    /**
     * Shifts the HTTP {@code Date} header of every answer by {@code skew} while {@code SystemModstamp} keeps
     * the org's clock: a proxy with a wrong clock in front of the org. {@link Duration#ZERO} undoes it.
     *
     * @param skew how far the header is off, either way
     */
    public void skewDateHeader(Duration skew) {
        routes.skewDateHeader(skew);
    }

    /** @param clock the clock behind {@code SystemModstamp}, token times, the {@code Date} header and license expiry */
    public void setClock(Clock clock) {
        store.setClock(clock);
    }

    /**
     * Emulated network latency: from now on every normal response waits this long before its headers are
     * sent, outside the org's lock (default none). For benchmarks; tests keep it zero to stay fast.
     *
     * @param latency the delay, not negative
     * @throws IllegalArgumentException if it is negative
     */
    public void setLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative; got " + latency);
        }
        routes.setLatency(latency);
    }

    /** @param limit the org's daily API requests (default 100,000); past it REST calls get 403 {@code REQUEST_LIMIT_EXCEEDED} */
    public void setDailyApiLimit(int limit) {
        limits.setLimit(limit);
    }

    /** @return the API requests counted today, as {@code Sforce-Limit-Info} reports them */
    public int dailyApiUsed() {
        return limits.used();
    }

    /** A new day: the usage counter goes back to zero. */
    public void resetDailyApiUsage() {
        limits.reset();
    }

    // ---- seeding -----------------------------------------------------------------------------------

    /** @return the id of the "Standard User" profile that {@link #addUser} gives new users */
    public String defaultProfileId() {
        return store.defaultProfileId();
    }

    /**
     * @param name the profile's name
     * @return the id of a new profile on the standard user license
     */
    public String addProfile(String name) {
        return store.insert("Profile", "Name", name, "UserLicenseId", store.standardLicenseId());
    }

    /**
     * Sets the seats ({@code TotalLicenses}) of the standard "Salesforce" user license. The org reports them;
     * it does not refuse users beyond them.
     *
     * @param total the seats
     */
    public void setUserLicenseSeats(int total) {
        store.set("UserLicense", store.standardLicenseId(), "TotalLicenses", total);
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
        return addUsers(List.of(profile)).get(0);
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
            ids.add(store.insertUser(p));
        }
        store.recountUserLicenses();
        return ids;
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
        return store.insert("User", "Username", username, "Email", rawEmail, "FirstName", null, "LastName", lastName,
                "IsActive", true, "ProfileId", store.defaultProfileId(), "UserRoleId", null, "FederationIdentifier", null,
                "CallCenterId", null, "Alias", "raw", "TimeZoneSidKey", "Europe/London", "LocaleSidKey", "en_GB",
                "EmailEncodingKey", "UTF-8", "LanguageLocaleKey", "en_US", "UserType", "Standard");
    }

    /**
     * Adds a permission set that is not owned by a profile (what admins assign).
     *
     * @param name the API name
     * @param label the label, which the provider reads as a role
     * @return its id
     */
    public String addPermissionSet(String name, String label) {
        return store.insert("PermissionSet", "Name", name, "Label", label, "IsOwnedByProfile", false,
                "ProfileId", null, "LicenseId", null);
    }

    /**
     * Adds the permission set a profile owns (never listed by the provider).
     *
     * @param name the API name (also the label)
     * @param profileId the owning profile
     * @return its id
     */
    public String addProfileOwnedPermissionSet(String name, String profileId) {
        return store.insert("PermissionSet", "Name", name, "Label", name, "IsOwnedByProfile", true,
                "ProfileId", profileId, "LicenseId", null);
    }

    /**
     * Assigns a permission set directly, as an admin in Setup would.
     *
     * @param userId the user
     * @param permissionSetId the permission set
     * @return the assignment's id
     */
    public String assignPermissionSet(String userId, String permissionSetId) {
        return store.insert("PermissionSetAssignment", "AssigneeId", userId, "PermissionSetId", permissionSetId);
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
        return store.insert("PermissionSetLicense", "DeveloperName", developerName, "MasterLabel", label,
                "TotalLicenses", total, "UsedLicenses", 0,
                "ExpirationDate", expiration.map(LocalDate::toString).orElse(null), "Status", "Active");
    }

    /**
     * @param licenseId the permission set license
     * @param total its new number of seats
     */
    public void setPermissionSetLicenseSeats(String licenseId, int total) {
        update(licenseId, "TotalLicenses", total);
    }

    /**
     * @param licenseId the permission set license
     * @param expiration the day it expires from now on, or empty for never
     */
    public void setPermissionSetLicenseExpiration(String licenseId, Optional<LocalDate> expiration) {
        update(licenseId, "ExpirationDate", expiration.map(LocalDate::toString).orElse(null));
    }

    /**
     * @param licenseId the permission set license
     * @param status its new status, {@code Active} or {@code Disabled}
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
        String id = store.insert("PermissionSetLicenseAssign", "AssigneeId", userId, "PermissionSetLicenseId", licenseId);
        store.recountLicense(licenseId);
        return id;
    }

    /**
     * @param name the call center's name (its internal name is the name without punctuation or spaces)
     * @return the new call center's id
     */
    public String addCallCenter(String name) {
        return store.insert("CallCenter", "Name", name, "InternalName", name.replaceAll("[^A-Za-z0-9]", ""));
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
        store.update(id, field, value);
    }

    // ---- inspection --------------------------------------------------------------------------------

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
        return store.record(id);
    }

    /**
     * Whether a predicate holds for any {@code User} record, each seen as {@link #record(String)} shows it;
     * for assertions in tests.
     *
     * @param test the condition
     * @return whether any user record satisfies it
     */
    public boolean anyUser(Predicate<Map<String, Object>> test) {
        return store.anyUser(Objects.requireNonNull(test, "test"));
    }

    /** @return the ids of every user, active or not, in creation order; empty if there are none */
    public List<String> userIds() {
        return store.ids("User");
    }

    /**
     * @param email the email
     * @return the id of the first user whose email matches, case-insensitively, or empty if none has it
     */
    public Optional<String> userIdByEmail(String email) {
        return store.userIdByEmail(email);
    }

    /**
     * @param userId the user
     * @return its {@code IsActive}; false for an unknown id
     */
    public boolean isActive(String userId) {
        return store.flag(userId, "IsActive");
    }

    /**
     * @param userId the user
     * @return the id of the call center the user belongs to, or empty if none (or no such user)
     */
    public Optional<String> callCenterOf(String userId) {
        return store.text(userId, "CallCenterId");
    }

    /**
     * @param userId the user
     * @return the labels of the permission sets assigned to the user (profile-owned ones included), sorted
     */
    public Set<String> permissionSetLabelsOf(String userId) {
        return store.permissionSetLabelsOf(userId);
    }

    /**
     * @param licenseId the permission set license
     * @return the ids of the users holding a seat of it, sorted
     */
    public Set<String> licenseAssignees(String licenseId) {
        return store.licenseAssignees(licenseId);
    }

    /**
     * @param licenseId a user license or permission set license
     * @return the seats in use, as its {@code UsedLicenses} says; 0 for an unknown id
     */
    public int usedLicenses(String licenseId) {
        return store.number(licenseId, "UsedLicenses");
    }

    /** Starts an org with a chosen clock or latency; {@link #start()} starts it. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        /**
         * @param value the clock behind {@code SystemModstamp}, token times, the {@code Date} header and license
         *     expiry (default the system clock), e.g. a {@code ManualClock}
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value emulated network latency before every normal response's headers (default none)
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder latency(Duration value) {
            Objects.requireNonNull(value, "latency");
            if (value.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative; got " + value);
            }
            this.latency = value;
            return this;
        }

        /**
         * @return the running org
         * @throws java.io.UncheckedIOException if no port can be opened
         */
        public SalesforceEmulator start() {
            SalesforceEmulator org = new SalesforceEmulator();
            org.setClock(clock);
            org.setLatency(latency);
            org.engine.start();
            return org;
        }
    }
}
