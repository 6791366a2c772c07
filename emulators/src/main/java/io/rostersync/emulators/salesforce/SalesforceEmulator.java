package io.rostersync.emulators.salesforce;

import io.rostersync.emulators.internal.LoopbackServer;
import io.rostersync.emulators.salesforce.internal.DailyApiLimit;
import io.rostersync.emulators.salesforce.internal.FaultScript;
import io.rostersync.emulators.salesforce.internal.FaultScript.Kind;
import io.rostersync.emulators.salesforce.internal.OrgDispatcher;
import io.rostersync.emulators.salesforce.internal.OrgStore;
import io.rostersync.emulators.salesforce.internal.RequestCounts;
import io.rostersync.emulators.salesforce.internal.TokenEndpoint;
import io.rostersync.model.UserProfile;
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
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;

/**
 * A stateful Salesforce org on loopback, speaking the REST API shapes that rostersync's Salesforce provider
 * (and any other client) uses: the OAuth token endpoint (client credentials and JWT bearer), SOQL
 * {@code /query} with {@code nextRecordsUrl} paging, sObject Collections ({@code /composite/sobjects}) with
 * per-record results, {@code /limits}, and the objects User, Profile, UserLicense, PermissionSet,
 * PermissionSetAssignment, PermissionSetLicense, PermissionSetLicenseAssign and CallCenter.
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
 * client is being served. Not a complete Salesforce: no sharing model, triggers or formula fields;
 * relationship queries follow one child-to-parent lookup (in the SELECT list, nested as the REST API nests
 * it, or in a WHERE clause), and a User query may hold parent-to-child subqueries of
 * {@code PermissionSetAssignments} and {@code PermissionSetLicenseAssignments}, whose rows count toward the
 * batch size. Every answer carries a {@code Date} header from the org's clock.
 */
public final class SalesforceEmulator implements AutoCloseable {

    /** The client id the emulator accepts for the client-credentials flow unless told otherwise. */
    public static final String DEFAULT_CLIENT_ID = "rostersync-emulator-client";
    /** The client secret the emulator accepts for the client-credentials flow unless told otherwise. */
    public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret-123";

    private final OrgStore store = new OrgStore();
    private final TokenEndpoint tokens;
    private final DailyApiLimit limits = new DailyApiLimit(store);
    private final RequestCounts counts = new RequestCounts(store);
    private final FaultScript faults = new FaultScript(store);
    private final OrgDispatcher dispatcher;
    private final MockWebServer server;

    private SalesforceEmulator() {
        tokens = new TokenEndpoint(store, this::myDomainUrl, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
        dispatcher = new OrgDispatcher(store, tokens, limits, counts, faults);
        server = LoopbackServer.start(dispatcher, "Salesforce emulator");
    }

    /**
     * Starts an empty org (one profile, "Standard User", on a "Salesforce" user license) on 127.0.0.1 and
     * a free port.
     *
     * @return the running org
     * @throws java.io.UncheckedIOException if no port can be opened
     */
    public static SalesforceEmulator start() {
        return new SalesforceEmulator();
    }

    /** Stops the org's server; its records stay readable. */
    @Override
    public void close() {
        server.close();
    }

    // ---- addresses, credentials, clock -------------------------------------------------------------

    /** @return the org's My Domain URL, {@code http://127.0.0.1:<port>}; also the {@code instance_url} it hands out */
    public URI myDomainUrl() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** @return the OAuth token endpoint, {@code /services/oauth2/token} on {@link #myDomainUrl()} */
    public URI tokenUri() {
        return myDomainUrl().resolve(TokenEndpoint.PATH);
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

    /**
     * Shifts the HTTP {@code Date} header of every answer by {@code skew} while {@code SystemModstamp} keeps
     * the org's clock: a proxy with a wrong clock in front of the org. {@link Duration#ZERO} undoes it.
     *
     * @param skew how far the header is off, either way
     */
    public void skewDateHeader(Duration skew) {
        dispatcher.skewDateHeader(skew);
    }

    /** @param clock the clock behind {@code SystemModstamp}, token times, the {@code Date} header and license expiry */
    public void setClock(Clock clock) {
        store.setClock(clock);
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
        dispatcher.setLatency(latency);
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

    // ---- validation rules, limits, tokens ----------------------------------------------------------

    /**
     * A validation rule: creating or updating a user with this email (case-insensitively) fails with
     * {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} and {@code message}, for that record only.
     *
     * @param email the email to reject
     * @param message the rule's error message
     */
    public void rejectUser(String email, String message) {
        store.rejectEmail(email, message);
    }

    /** Drops every {@link #rejectUser} rule. */
    public void clearValidationRules() {
        store.clearValidationRules();
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

    /** Invalidates every token issued so far: the next API call with one gets 401 {@code INVALID_SESSION_ID}. */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** @return the tokens issued so far, by either grant */
    public int tokensIssued() {
        return tokens.issued();
    }

    // ---- faults ------------------------------------------------------------------------------------

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
        faults.add(endpoint, times, Kind.STATUS, status, Duration.ZERO);
    }

    /** @param endpoint an endpoint name as in {@link #failNext}: its next request has its connection dropped halfway through the body */
    public void dropConnectionNext(String endpoint) {
        faults.add(endpoint, 1, Kind.DROP, 200, Duration.ZERO);
    }

    /** @param endpoint an endpoint name as in {@link #failNext}: its next request gets 200 with a body that is not JSON */
    public void malformedNext(String endpoint) {
        faults.add(endpoint, 1, Kind.MALFORMED, 200, Duration.ZERO);
    }

    /**
     * The next request to {@code endpoint} gets its normal answer, held back for {@code delay} before the
     * headers (past a client timeout, say).
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param delay how long the answer waits
     */
    public void slowNext(String endpoint, Duration delay) {
        faults.add(endpoint, 1, Kind.SLOW, 200, delay);
    }

    /**
     * The next query page that has more records after it says {@code done: false} but carries no
     * {@code nextRecordsUrl}; queries answered in one page before it are not affected.
     */
    public void truncateNextQueryPage() {
        faults.add("query*", 1, Kind.TRUNCATE, 200, Duration.ZERO);
    }

    /**
     * The next {@code times} requests to {@code endpoint} get 429 with {@code Retry-After}.
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param times how many requests
     * @param retryAfter the {@code Retry-After} value (whole seconds)
     */
    public void throttleNext(String endpoint, int times, Duration retryAfter) {
        faults.add(endpoint, times, Kind.THROTTLE, 429, retryAfter);
    }

    /**
     * The next {@code times} requests to {@code endpoint} get 403 {@code REQUEST_LIMIT_EXCEEDED} (no
     * {@code Retry-After}).
     *
     * @param endpoint an endpoint name as in {@link #failNext}
     * @param times how many requests
     */
    public void requestLimitNext(String endpoint, int times) {
        faults.add(endpoint, times, Kind.REQUEST_LIMIT, 403, Duration.ZERO);
    }

    /** Drops every pending fault, a pending query page truncation included. */
    public void clearFaults() {
        faults.clear();
    }

    // ---- request counts ----------------------------------------------------------------------------

    /**
     * @param endpoint the endpoint name (see the class comment), e.g. {@code "query"} or {@code "collections.create:User"}
     * @return the requests received for it, faults and rejections included; 0 for an endpoint never called
     */
    public int requestCount(String endpoint) {
        return counts.count(endpoint);
    }

    /** @return every endpoint's request count, by name, as an unmodifiable copy */
    public Map<String, Integer> requestCounts() {
        return counts.all();
    }

    /** @return the REST requests in all (token requests excluded; each counted once, not per object) */
    public int apiRequestCount() {
        return counts.api();
    }

    /** Forgets the request counts (not the daily API usage). */
    public void resetRequestCounts() {
        counts.reset();
    }
}
