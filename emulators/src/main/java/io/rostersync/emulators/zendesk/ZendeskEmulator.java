package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.model.UserProfile;
import io.rostersync.testkit.RosterGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A stateful Zendesk Support emulator on a loopback HTTP server, speaking the JSON shapes of
 * the endpoints a user sync needs:
 *
 * <ul>
 * <li>{@code GET /api/v2/users} with cursor pagination ({@code page[size]} up to 100, {@code page[after]},
 *     {@code meta.has_more}, {@code links.next}) and the {@code role}, {@code role[]} and
 *     {@code permission_set} filters; {@code GET|PUT|DELETE /api/v2/users/{id}} (delete is a soft delete:
 *     {@code active: false}); {@code POST /api/v2/users} (422 {@code RecordInvalid} with a
 *     {@code DuplicateValue} detail when another user holds the email or external id, as Zendesk answers);
 *     {@code GET /api/v2/users/show_many?ids=}; {@code GET /api/v2/users/search} by {@code email:} or
 *     {@code external_id};
 *     {@code GET /api/v2/users/me};</li>
 * <li>{@code POST /api/v2/users/create_or_update_many} and {@code PUT /api/v2/users/update_many} (both
 *     the {@code users} array and the {@code ids} + {@code user} forms), queuing a job whose
 *     {@code GET /api/v2/job_statuses/{id}} reports {@code queued} for {@link Builder#jobPollsBeforeDone}
 *     polls, then {@code completed} with one result per user (failures per item, see {@link #failBulkItem});</li>
 * <li>{@code GET /api/v2/custom_roles};</li>
 * <li>{@code GET /api/v2/incremental/users/cursor}: {@code start_time} (at least a minute in the past)
 *     or {@code cursor}, {@code per_page} up to 1000, {@code after_cursor}, {@code end_of_stream}. Every
 *     change moves a user to the end of the export, so a user changed while a client pages the export
 *     shows up again later in it, as in Zendesk. Deleted users are exported with {@code active: false}.
 *     (Simplification: Zendesk leaves out the most recent minute; the emulator does not.)</li>
 * <li>{@code POST /oauth/tokens} with the {@code client_credentials} grant (JSON body).</li>
 * </ul>
 *
 * Every request but the token request must authenticate with a configured API token
 * ({@code Basic base64(email/token:token)}) or a bearer token (configured, or issued and not expired).
 * Account-wide and incremental-export rate limits are counted per minute of the emulator's clock and
 * answered with 429 and {@code Retry-After}. Faults are injected per endpoint with {@link #inject}.
 * Requests are counted per endpoint ({@link #requestCounts()}), e.g. {@code "GET /api/v2/users"} or
 * {@code "PUT /api/v2/users/{id}"}.
 *
 * <pre>{@code
 * try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@acme.test", "t0ken").start()) {
 *     zendesk.seed(new RosterGenerator(42), 250);
 *     ZendeskDirectory dir = ZendeskDirectory.builder().subdomain("acme")
 *             .apiToken("admin@acme.test", Secret.of("t0ken")).baseUriForTesting(zendesk.baseUri()).build();
 *     ...
 *     assertThat(zendesk.requestCount("GET /api/v2/users")).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Faults ({@link #inject}, per endpoint or for any): an error status, 429 with {@code Retry-After}, a
 * connection dropped mid-body, malformed JSON, a slow response, a users page that says more follow without
 * a next link; a change between two pages ({@link #afterNextResponse}); bulk imports switched off or failing
 * for one user ({@link #disableBulkImports()}, {@link #failBulkItem}); issued tokens revoked
 * ({@link #expireIssuedTokens()}). Seeding and inspection use plain values: {@link #addUser},
 * {@link #addRawUser(Map)}, {@link #seed}, and {@link #user(long)} as a map.
 *
 * <p>Not emulated: tickets, groups and organizations as resources, identities, sideloads, offset
 * pagination, the search API beyond {@code email:} and {@code external_id}, and the authorization-code
 * grant.
 *
 * <p>Thread-safe: requests are served one at a time, and a test may seed, inspect and script faults while
 * a client is being served.
 */
public final class ZendeskEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,19}");
    private static final String INCREMENTAL = "GET /api/v2/incremental/users/cursor";

    private final Clock clock;
    private final Map<String, String> apiTokens;
    private final Set<String> staticBearerTokens;
    private final Map<String, String> oauthClients;
    private final Optional<Duration> tokenLifetime;
    private final int accountLimitPerMinute;
    private final int incrementalLimitPerMinute;
    private final int jobPollsBeforeDone;

    private final TreeMap<Long, ObjectNode> users = new TreeMap<>();
    private final Map<Long, Long> sequence = new HashMap<>();
    private final Map<Long, ObjectNode> customRoles = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, Instant> issuedTokens = new HashMap<>();
    private final Map<String, Deque<ZendeskFault>> faults = new HashMap<>();
    private final Map<String, Deque<Runnable>> afterResponse = new HashMap<>();
    private final Map<String, String> failingBulkEmails = new HashMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private long nextUserId = 1_000_001;
    private long nextRoleId = 9_001;
    private long nextSeq = 1;
    private int nextJob = 1;
    private int nextToken = 1;
    private boolean bulkDisabled;
    private long window = Long.MIN_VALUE;
    private int accountInWindow;
    private int incrementalInWindow;
    private @Nullable MockWebServer server;
    private final Routes routes = new Routes();

    private record Job(String id, List<ObjectNode> results, int[] pollsLeft) {
    }

    private final Duration latency;
    private int rateLimited;

    private ZendeskEmulator(Builder b) {
        this.clock = b.clock;
        this.apiTokens = Map.copyOf(b.apiTokens);
        this.staticBearerTokens = Set.copyOf(b.bearerTokens);
        this.oauthClients = Map.copyOf(b.oauthClients);
        this.tokenLifetime = b.tokenLifetime;
        this.accountLimitPerMinute = b.accountLimitPerMinute;
        this.incrementalLimitPerMinute = b.incrementalLimitPerMinute;
        this.jobPollsBeforeDone = b.jobPollsBeforeDone;
        this.latency = b.latency;
    }

    /**
     * Starts a configuration: no credential yet (at least one must be added), an account limit of 700
     * requests a minute, 10 a minute to the incremental export, jobs done after one poll, no latency.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----------------------------------------------------------------------------------

    /**
     * Starts a server on 127.0.0.1 and a free port, serving this emulator.
     *
     * @return this emulator
     * @throws IOException not thrown today (a port that cannot be opened is an {@link java.io.UncheckedIOException});
     *     declared so that callers need not change
     * @throws IllegalStateException if the server is already started
     */
    public synchronized ZendeskEmulator startServer() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = io.rostersync.emulators.internal.LoopbackServer.start(routes, "Zendesk emulator");
        return this;
    }

    /**
     * {@code http://127.0.0.1:<port>}, the base URI to give the client under test.
     *
     * @return the base URI
     * @throws IllegalStateException if the server is not started
     */
    public synchronized URI baseUri() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Stops the server, if started; the emulator's data stays readable. */
    @Override
    public void close() {
        MockWebServer running;
        synchronized (this) {
            running = server;
            server = null;
        }
        // Outside the lock: shutting down waits for connection threads, which may be waiting for dispatch().
        if (running != null) {
            running.close();
        }
    }

    // ---- data -----------------------------------------------------------------------------------------

    /**
     * Creates a custom role (role_type 0) if none has this name (case-insensitively).
     *
     * @param name the role's name
     * @return the role's id, new or existing
     */
    public synchronized long customRole(String name) {
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

    /**
     * Adds a user with a built-in role.
     *
     * @param name the full name
     * @param email the email
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @return the user's id
     */
    public synchronized long addUser(String name, String email, String role) {
        ObjectNode user = JSON.createObjectNode();
        user.put("name", name);
        user.put("email", email);
        user.put("role", role);
        return insert(user);
    }

    /**
     * Adds an agent holding the named custom role (created if needed).
     *
     * @param name the full name
     * @param email the email
     * @param customRoleName the custom role's name
     * @return the user's id
     */
    public synchronized long addAgentWithCustomRole(String name, String email, String customRoleName) {
        ObjectNode user = JSON.createObjectNode();
        user.put("name", name);
        user.put("email", email);
        user.put("role", "agent");
        user.put("custom_role_id", customRole(customRoleName));
        return insert(user);
    }

    /**
     * Adds a user object as given (merged over the defaults), for records a real account may hold that
     * a client must cope with: an invalid email, odd user fields. The fields are a JSON object as plain
     * Java values: nested {@code Map}s and {@code List}s, {@code String}, {@code Boolean}, numbers, and
     * {@code null} for JSON null.
     *
     * <pre>{@code
     * long id = zendesk.addRawUser(Map.of("name", "Bad Mail", "email", "not-an-address", "role", "agent",
     *         "tags", List.of("vip"), "user_fields", Map.of("employee_no", "E7")));
     * }</pre>
     *
     * @param fields the user's fields
     * @return the user's id
     * @throws IllegalArgumentException if a key is not a string or a value has no JSON form
     */
    public long addRawUser(Map<String, ?> fields) {
        ObjectNode user = JsonValues.object(fields);
        synchronized (this) {
            return insert(user);
        }
    }

    /**
     * Seeds {@code count} users from the generator: people with an "Admin" role become admins,
     * "Supervisor" roles become agents with a custom role of that name, other staff are agents, and
     * about one in five people are end-users (customers). Groups become tags; some users get an
     * {@code external_id}; everyone gets an {@code employee_no} user field.
     *
     * @param generator where the people come from (seeded, so the roster is repeatable)
     * @param count how many users
     * @return the new users' ids, in the order added
     */
    public synchronized List<Long> seed(RosterGenerator generator, int count) {
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
            heldUser(id).putObject("user_fields").put("employee_no", "E" + id);
            ids.add(id);
        }
        return ids;
    }

    /**
     * Renames a user, as an admin would in Zendesk; it moves to the end of the incremental export.
     *
     * @param id the user's id
     * @param name the new full name
     * @throws IllegalArgumentException if there is no such user
     */
    public synchronized void rename(long id, String name) {
        change(id, u -> u.put("name", name));
    }

    /**
     * Suspends or unsuspends a user, as an admin would.
     *
     * @param id the user's id
     * @param suspended whether the user is suspended
     * @throws IllegalArgumentException if there is no such user
     */
    public synchronized void setSuspended(long id, boolean suspended) {
        change(id, u -> u.put("suspended", suspended));
    }

    /**
     * Changes a user's built-in role, dropping any custom role.
     *
     * @param id the user's id
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @throws IllegalArgumentException if there is no such user
     */
    public synchronized void setRole(long id, String role) {
        change(id, u -> {
            u.put("role", role);
            u.putNull("custom_role_id");
            u.putNull("role_type");
        });
    }

    /**
     * Soft-deletes a user ({@code active: false}): gone from lists, still in the incremental export.
     *
     * @param id the user's id
     * @throws IllegalArgumentException if there is no such user
     */
    public synchronized void softDelete(long id) {
        change(id, u -> u.put("active", false));
    }

    /**
     * The user as the API would show it, deleted ones included, as an unmodifiable JSON view: objects are
     * {@code Map<String, Object>} in field order, arrays {@code List<Object>}, whole numbers {@code Long};
     * fields whose value is JSON null are left out.
     *
     * <pre>{@code
     * assertThat(zendesk.user(id).orElseThrow()).containsEntry("suspended", true);
     * }</pre>
     *
     * @param id the user's id
     * @return the user, or empty if there is none with this id
     */
    public synchronized Optional<Map<String, Object>> user(long id) {
        ObjectNode u = users.get(id);
        return u == null ? Optional.empty() : Optional.of(JsonValues.view(u));
    }

    /**
     * The ids of all users, deleted ones included.
     *
     * @return the ids, ascending
     */
    public synchronized List<Long> userIds() {
        return List.copyOf(users.keySet());
    }

    // ---- faults and behaviour -----------------------------------------------------------------------

    /**
     * Makes the next {@code times} requests to {@code endpoint} fail with {@code fault}. Faults queue up in
     * order; a request to an endpoint with no fault of its own takes one queued for {@code "*"}.
     *
     * @param endpoint a key as in {@link #requestCounts()} ({@code "GET /api/v2/users"},
     *     {@code "PUT /api/v2/users/{id}"}), or {@code "*"} for any request
     * @param fault what goes wrong
     * @param times how many requests it applies to
     */
    public synchronized void inject(String endpoint, ZendeskFault fault, int times) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fault, "fault");
        Deque<ZendeskFault> queue = faults.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    /**
     * Runs {@code change} right after the next response to {@code endpoint} is prepared: for "a user
     * changed while the client was paging". The change may call this emulator's methods.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @param change what to do, once
     */
    public synchronized void afterNextResponse(String endpoint, Runnable change) {
        afterResponse.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).add(Objects.requireNonNull(change, "change"));
    }

    /** Makes every bulk endpoint answer 403, as on accounts where bulk user imports are not enabled. */
    public synchronized void disableBulkImports() {
        bulkDisabled = true;
    }

    /**
     * Makes bulk jobs report a failure with {@code error} for the user with this email (case-insensitively),
     * while the other users of the job succeed.
     *
     * @param email the user's email
     * @param error the error the job status reports for that user
     */
    public synchronized void failBulkItem(String email, String error) {
        failingBulkEmails.put(email.toLowerCase(Locale.ROOT), error);
    }

    /** Forgets every pending {@link #inject injected fault} and every {@link #failBulkItem} rule. */
    public synchronized void clearFaults() {
        faults.clear();
        failingBulkEmails.clear();
    }

    /** Revokes every issued OAuth token, as when they expire: the next request with one gets 401. */
    public synchronized void expireIssuedTokens() {
        issuedTokens.clear();
    }

    // ---- counters -------------------------------------------------------------------------------------

    /**
     * Requests served, by endpoint key: the method and the path with ids as {@code {id}}, e.g.
     * {@code "GET /api/v2/users"} or {@code "PUT /api/v2/users/{id}"}.
     *
     * @return an unmodifiable copy of the counts
     */
    public synchronized Map<String, Integer> requestCounts() {
        return Map.copyOf(counts);
    }

    /**
     * Requests served to one endpoint.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @return how many; 0 for an endpoint never called
     */
    public synchronized int requestCount(String endpoint) {
        return counts.getOrDefault(endpoint, 0);
    }

    /**
     * All requests served, token requests and refused ones included.
     *
     * @return how many
     */
    public synchronized int requestCount() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Requests refused with 429 by the account or incremental-export limit (not injected faults).
     *
     * @return how many
     */
    public synchronized int rateLimitedCount() {
        return rateLimited;
    }

    /** Forgets the request counts and the 429 count. */
    public synchronized void resetCounts() {
        counts.clear();
        rateLimited = 0;
    }

    // ---- dispatch -------------------------------------------------------------------------------------

    /** Serves the emulator's server, one request at a time under the emulator's lock. */
    private final class Routes extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            return ZendeskEmulator.this.dispatch(request);
        }
    }

    private synchronized MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String key = request.getMethod() + " " + normalise(url.encodedPath());
        counts.merge(key, 1, Integer::sum);
        MockResponse response = route(request, url, key);
        Deque<Runnable> hooks = afterResponse.get(key);
        if (hooks != null && !hooks.isEmpty()) {
            hooks.poll().run();
        }
        return delayed(response, latency);
    }

    /** Adds the emulated network latency before the response's headers (on top of any injected delay). */
    private static MockResponse delayed(MockResponse response, Duration latency) {
        if (latency.isZero()) {
            return response;
        }
        return response.newBuilder().headersDelay(response.getHeadersDelayNanos() + latency.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS).build();
    }

    private MockResponse route(RecordedRequest request, HttpUrl url, String key) {
        if (key.equals("POST /oauth/tokens")) {
            return token(request);
        }
        if (!authenticated(request)) {
            return error(401, "Couldn't authenticate you", null);
        }
        Optional<MockResponse> limited = rateLimit(key);
        if (limited.isPresent()) {
            return limited.get();
        }
        ZendeskFault fault = nextFault(key);
        if (fault != null) {
            switch (fault.kind) {
                case STATUS:
                    return error(fault.status, fault.status >= 500 ? "ServiceUnavailable" : "InvalidRequest",
                            "injected failure");
                case RATE_LIMITED:
                    return json(429, obj("error", "TooManyRequests")).newBuilder()
                            .setHeader("Retry-After", Integer.toString(fault.retryAfterSeconds)).build();
                case MALFORMED_JSON:
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=utf-8")
                            .body("{\"users\": [{\"id\": 1, \"name\": \"Trunc").build();
                default:
                    break;
            }
        }
        MockResponse response;
        try {
            response = handle(request, url, key, fault);
        } catch (BadRequest e) {
            response = e.response;
        }
        if (fault != null && fault.kind == ZendeskFault.Kind.DROP_CONNECTION) {
            response = response.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        } else if (fault != null && fault.kind == ZendeskFault.Kind.SLOW) {
            response = response.newBuilder().headersDelay(fault.delay.toMillis(), TimeUnit.MILLISECONDS).build();
        }
        return response;
    }

    private MockResponse handle(RecordedRequest request, HttpUrl url, String key, @Nullable ZendeskFault fault) {
        List<String> segments = url.pathSegments();
        switch (key) {
            case "GET /api/v2/users":
                return listUsers(url, fault != null && fault.kind == ZendeskFault.Kind.TRUNCATED_PAGE);
            case "POST /api/v2/users":
                return createUser(body(request));
            case "GET /api/v2/users/me":
                return json(200, wrap("user", users.isEmpty() ? JSON.createObjectNode() : users.firstEntry().getValue()));
            case "GET /api/v2/users/show_many":
                return showMany(url);
            case "GET /api/v2/users/search":
                return searchUsers(url);
            case "GET /api/v2/users/{id}":
                return existing(segments.get(3)).map(u -> json(200, wrap("user", u))).orElseGet(ZendeskEmulator::notFound);
            case "PUT /api/v2/users/{id}":
                return updateUser(segments.get(3), body(request));
            case "DELETE /api/v2/users/{id}":
                return deleteUser(segments.get(3));
            case "POST /api/v2/users/create_or_update_many":
                return bulkDisabled ? bulkForbidden() : createOrUpdateMany(body(request));
            case "PUT /api/v2/users/update_many":
                return bulkDisabled ? bulkForbidden() : updateMany(url, body(request));
            case "GET /api/v2/job_statuses/{id}":
                return jobStatus(segments.get(3));
            case "GET /api/v2/custom_roles":
                return customRolesResponse();
            case INCREMENTAL:
                return incremental(url);
            default:
                return error(404, "InvalidEndpoint", "Not found");
        }
    }

    // ---- users ----------------------------------------------------------------------------------------

    private MockResponse listUsers(HttpUrl url, boolean truncate) {
        int size = intParam(url, "page[size]", 100, 1, 100);
        long after = 0;
        String afterParam = url.queryParameter("page[after]");
        if (afterParam != null) {
            after = decodeCursor(afterParam, "id");
        }
        Set<String> roles = new HashSet<>(url.queryParameterValues("role[]").stream().filter(Objects::nonNull).toList());
        String single = url.queryParameter("role");
        if (single != null) {
            roles.add(single);
        }
        String permissionSet = url.queryParameter("permission_set");
        ArrayNode page = JSON.createArrayNode();
        long last = after;
        boolean more = false;
        for (ObjectNode u : users.tailMap(after, false).values()) {
            if (!u.path("active").asBoolean(true)) {
                continue;
            }
            if (!roles.isEmpty() && !roles.contains(u.path("role").asText())) {
                continue;
            }
            if (permissionSet != null && !u.path("custom_role_id").asText().equals(permissionSet)) {
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(u);
            last = u.path("id").asLong();
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("users", page);
        ObjectNode meta = body.putObject("meta");
        meta.put("has_more", more);
        String afterCursor = encodeCursor("id", last);
        meta.put("after_cursor", afterCursor);
        meta.put("before_cursor", page.isEmpty() ? null : encodeCursor("id", page.get(0).path("id").asLong()));
        ObjectNode links = body.putObject("links");
        links.putNull("prev");
        if (more && !truncate) {
            HttpUrl.Builder next = url.newBuilder().removeAllQueryParameters("page[after]").addQueryParameter("page[after]", afterCursor);
            links.put("next", next.build().toString());
        } else {
            links.putNull("next");
        }
        if (truncate) {
            meta.put("has_more", true);
        }
        return json(200, body);
    }

    private MockResponse createUser(JsonNode body) {
        JsonNode user = body.path("user");
        if (!user.isObject()) {
            return error(400, "InvalidRequest", "user is required");
        }
        Optional<String> invalid = validate(user, true);
        if (invalid.isPresent()) {
            return recordInvalid(invalid.get());
        }
        String email = user.path("email").asText().toLowerCase(Locale.ROOT);
        if (byEmail(email).isPresent()) {
            return duplicate("email", "Email: " + email + " is already being used by another user");
        }
        String externalId = user.path("external_id").asText("");
        if (!externalId.isEmpty() && byExternalId(externalId).isPresent()) {
            return duplicate("external_id", "External ID: " + externalId + " has already been taken");
        }
        long id = insert(writable((ObjectNode) user));
        return json(201, wrap("user", heldUser(id)));
    }

    private MockResponse updateUser(String idText, JsonNode body) {
        Optional<ObjectNode> existing = existing(idText);
        if (existing.isEmpty()) {
            return notFound();
        }
        JsonNode user = body.path("user");
        if (!user.isObject()) {
            return error(400, "InvalidRequest", "user is required");
        }
        Optional<String> invalid = validate(user, false);
        if (invalid.isPresent()) {
            return recordInvalid(invalid.get());
        }
        long id = existing.get().path("id").asLong();
        if (user.has("email")) {
            Optional<ObjectNode> other = byEmail(user.path("email").asText().toLowerCase(Locale.ROOT));
            if (other.isPresent() && other.get().path("id").asLong() != id) {
                return duplicate("email", "Email: " + user.path("email").asText() + " is already being used by another user");
            }
        }
        change(id, u -> merge(u, writable((ObjectNode) user)));
        return json(200, wrap("user", heldUser(id)));
    }

    private MockResponse deleteUser(String idText) {
        Optional<ObjectNode> existing = existing(idText);
        if (existing.isEmpty()) {
            return notFound();
        }
        long id = existing.get().path("id").asLong();
        change(id, u -> u.put("active", false));
        return json(200, wrap("user", heldUser(id)));
    }

    private MockResponse showMany(HttpUrl url) {
        ArrayNode found = JSON.createArrayNode();
        String ids = url.queryParameter("ids");
        if (ids == null || ids.isBlank()) {
            return error(400, "InvalidValue", "ids is required");
        }
        String[] parts = ids.split(",");
        if (parts.length > 100) {
            return error(400, "InvalidValue", "at most 100 ids");
        }
        for (String part : parts) {
            if (NUMERIC.matcher(part.strip()).matches()) {
                ObjectNode u = users.get(Long.parseLong(part.strip()));
                if (u != null) {
                    found.add(u);
                }
            }
        }
        return json(200, wrap("users", found));
    }

    // ---- bulk jobs ------------------------------------------------------------------------------------

    private MockResponse createOrUpdateMany(JsonNode body) {
        JsonNode items = body.path("users");
        if (!items.isArray() || items.isEmpty() || items.size() > 100) {
            return error(400, "InvalidValue", "users must hold 1 to 100 users");
        }
        List<ObjectNode> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            ObjectNode result = JSON.createObjectNode();
            result.put("index", i);
            String email = item.path("email").asText("").toLowerCase(Locale.ROOT);
            Optional<String> invalid = item.isObject() ? validate(item, true) : Optional.of("InvalidValue");
            String injected = failingBulkEmails.get(email);
            if (invalid.isPresent() || injected != null) {
                result.put("action", "create");
                result.put("success", false);
                result.put("error", injected != null ? injected : invalid.get());
                result.put("details", "Email: " + (injected != null ? "rejected by the emulator" : "is invalid"));
                result.put("email", email);
                results.add(result);
                continue;
            }
            Optional<ObjectNode> existing = byEmail(email);
            if (existing.isPresent()) {
                long id = existing.get().path("id").asLong();
                change(id, u -> merge(u, writable((ObjectNode) item)));
                result.put("id", id).put("status", "Updated").put("email", email).put("action", "update").put("success", true);
            } else {
                long id = insert(writable((ObjectNode) item));
                result.put("id", id).put("status", "Created").put("email", email).put("action", "create").put("success", true);
            }
            results.add(result);
        }
        return queued(results);
    }

    private MockResponse updateMany(HttpUrl url, JsonNode body) {
        List<ObjectNode> results = new ArrayList<>();
        String ids = url.queryParameter("ids");
        if (ids != null) {
            JsonNode user = body.path("user");
            for (String part : ids.split(",")) {
                ObjectNode item = user.isObject() ? ((ObjectNode) user).deepCopy() : JSON.createObjectNode();
                if (NUMERIC.matcher(part.strip()).matches()) {
                    item.put("id", Long.parseLong(part.strip()));
                }
                results.add(updateOne(item));
            }
        } else {
            JsonNode items = body.path("users");
            if (!items.isArray() || items.isEmpty() || items.size() > 100) {
                return error(400, "InvalidValue", "users must hold 1 to 100 users");
            }
            items.forEach(i -> results.add(updateOne(i)));
        }
        return queued(results);
    }

    private ObjectNode updateOne(JsonNode item) {
        ObjectNode result = JSON.createObjectNode();
        long id = item.path("id").asLong(0);
        result.put("id", id).put("action", "update");
        ObjectNode target = users.get(id);
        if (target == null || !target.path("active").asBoolean(true)) {
            return result.put("success", false).put("error", "RecordNotFound").put("details", "User not found");
        }
        String injected = failingBulkEmails.get(target.path("email").asText("").toLowerCase(Locale.ROOT));
        Optional<String> invalid = item.isObject() ? validate(item, false) : Optional.of("InvalidValue");
        if (injected != null || invalid.isPresent()) {
            return result.put("success", false).put("error", injected != null ? injected : invalid.get())
                    .put("details", "rejected");
        }
        ObjectNode fields = writable((ObjectNode) item);
        fields.remove("id");
        change(id, u -> merge(u, fields));
        return result.put("success", true).put("status", "Updated");
    }

    private MockResponse queued(List<ObjectNode> results) {
        String id = String.format(Locale.ROOT, "emu%029x", nextJob++);
        Job job = new Job(id, results, new int[] {jobPollsBeforeDone});
        jobs.put(id, job);
        return json(200, wrap("job_status", jobJson(job, jobPollsBeforeDone > 0)));
    }

    private MockResponse jobStatus(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return notFound();
        }
        boolean running = job.pollsLeft()[0] > 0;
        if (running) {
            job.pollsLeft()[0]--;
        }
        return json(200, wrap("job_status", jobJson(job, running)));
    }

    private ObjectNode jobJson(Job job, boolean running) {
        ObjectNode status = JSON.createObjectNode();
        status.put("id", job.id());
        status.put("job_type", "Bulk Create or Update Users");
        status.put("url", base() + "/api/v2/job_statuses/" + job.id() + ".json");
        status.put("total", job.results().size());
        if (running) {
            status.put("status", "queued");
            status.put("progress", 0);
            status.putNull("message");
            status.putNull("results");
        } else {
            status.put("status", "completed");
            status.put("progress", job.results().size());
            status.put("message", "Completed at " + now());
            ArrayNode results = status.putArray("results");
            job.results().forEach(results::add);
        }
        return status;
    }

    private static MockResponse bulkForbidden() {
        return error(403, "Forbidden", "Bulk user imports are not enabled for this account");
    }

    // ---- custom roles and incremental export ------------------------------------------------------------

    private MockResponse customRolesResponse() {
        ArrayNode list = JSON.createArrayNode();
        customRoles.values().forEach(list::add);
        return json(200, wrap("custom_roles", list));
    }

    private MockResponse incremental(HttpUrl url) {
        int perPage = intParam(url, "per_page", 1000, 1, 1000);
        String cursor = url.queryParameter("cursor");
        String start = url.queryParameter("start_time");
        long afterSeq;
        long startEpoch = Long.MIN_VALUE;
        if (cursor != null) {
            afterSeq = decodeCursor(cursor, "seq");
        } else if (start != null && NUMERIC.matcher(start).matches()) {
            startEpoch = Long.parseLong(start);
            if (startEpoch > now().getEpochSecond() - 60) {
                return error(400, "InvalidValue", "start_time must be at least one minute in the past");
            }
            afterSeq = 0;
        } else {
            return error(400, "InvalidValue", "start_time or cursor is required");
        }
        List<Map.Entry<Long, Long>> order = new ArrayList<>(sequence.entrySet());
        order.sort(Map.Entry.comparingByValue());
        ArrayNode page = JSON.createArrayNode();
        long last = afterSeq;
        boolean more = false;
        for (Map.Entry<Long, Long> e : order) {
            if (e.getValue() <= afterSeq) {
                continue;
            }
            ObjectNode u = heldUser(e.getKey()); // users are never removed, so every sequenced id has one
            if (startEpoch != Long.MIN_VALUE && Instant.parse(u.path("updated_at").asText()).getEpochSecond() < startEpoch) {
                continue;
            }
            if (page.size() == perPage) {
                more = true;
                break;
            }
            page.add(u);
            last = e.getValue();
        }
        if (page.isEmpty() && cursor == null) {
            last = nextSeq - 1;
        }
        ObjectNode body = JSON.createObjectNode();
        String after = encodeCursor("seq", last);
        body.put("after_cursor", after);
        body.put("after_url", base() + "/api/v2/incremental/users/cursor.json?cursor=" + after);
        body.putNull("before_cursor");
        body.putNull("before_url");
        body.put("end_of_stream", !more);
        body.set("users", page);
        return json(200, body);
    }

    // ---- auth and limits ----------------------------------------------------------------------------------

    private MockResponse token(RecordedRequest request) {
        JsonNode body = body(request);
        String clientId = body.path("client_id").asText("");
        String secret = body.path("client_secret").asText("");
        if (!body.path("grant_type").asText("").equals("client_credentials")) {
            return json(400, obj("error", "unsupported_grant_type"));
        }
        if (!oauthClients.containsKey(clientId) || !oauthClients.get(clientId).equals(secret)) {
            return json(401, obj("error", "invalid_client"));
        }
        String token = "emu-oauth-" + (nextToken++) + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Instant expires = tokenLifetime.map(now()::plus).orElse(Instant.MAX);
        issuedTokens.put(token, expires);
        ObjectNode response = JSON.createObjectNode();
        response.put("access_token", token);
        response.put("token_type", "bearer");
        response.put("scope", body.path("scope").asText("read"));
        tokenLifetime.ifPresent(l -> response.put("expires_in", l.toSeconds()));
        return json(200, response);
    }

    private boolean authenticated(RecordedRequest request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null) {
            return false;
        }
        if (header.startsWith("Bearer ")) {
            String token = header.substring(7).strip();
            if (staticBearerTokens.contains(token)) {
                return true;
            }
            Instant expires = issuedTokens.get(token);
            return expires != null && now().isBefore(expires);
        }
        if (header.startsWith("Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int sep = decoded.indexOf("/token:");
            if (sep < 0) {
                return false;
            }
            String email = decoded.substring(0, sep).toLowerCase(Locale.ROOT);
            return Objects.equals(apiTokens.get(email), decoded.substring(sep + 7));
        }
        return false;
    }

    private Optional<MockResponse> rateLimit(String key) {
        long minute = Math.floorDiv(now().getEpochSecond(), 60);
        if (minute != window) {
            window = minute;
            accountInWindow = 0;
            incrementalInWindow = 0;
        }
        int retryAfter = (int) (60 - Math.floorMod(now().getEpochSecond(), 60));
        if (accountLimitPerMinute > 0 && ++accountInWindow > accountLimitPerMinute) {
            return Optional.of(tooMany(retryAfter, "account"));
        }
        if (key.equals(INCREMENTAL) && incrementalLimitPerMinute > 0 && ++incrementalInWindow > incrementalLimitPerMinute) {
            return Optional.of(tooMany(retryAfter, "incremental export"));
        }
        return Optional.empty();
    }

    private MockResponse tooMany(int retryAfter, String which) {
        rateLimited++;
        ObjectNode body = obj("error", "APIRateLimitExceeded");
        body.put("description", "Number of allowed " + which + " API requests per minute exceeded");
        return json(429, body).newBuilder().setHeader("Retry-After", Integer.toString(retryAfter)).build();
    }

    private @Nullable ZendeskFault nextFault(String key) {
        Deque<ZendeskFault> specific = faults.get(key);
        if (specific != null && !specific.isEmpty()) {
            return specific.poll();
        }
        Deque<ZendeskFault> any = faults.get("*");
        return any != null ? any.poll() : null;
    }

    // ---- state helpers --------------------------------------------------------------------------------

    private long insert(ObjectNode fields) {
        long id = nextUserId++;
        Instant now = now();
        ObjectNode u = JSON.createObjectNode();
        u.put("id", id);
        u.put("url", base() + "/api/v2/users/" + id + ".json");
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
        return id;
    }

    /** A user the emulator holds: one just inserted or changed, or one with a change sequence (never removed). */
    private ObjectNode heldUser(long id) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalStateException("no user " + id);
        }
        return u;
    }

    private void change(long id, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        edit.accept(u);
        u.put("updated_at", now().toString());
        sequence.put(id, nextSeq++);
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
    private static ObjectNode writable(ObjectNode in) {
        ObjectNode out = JSON.createObjectNode();
        for (String f : List.of("id", "name", "email", "role", "custom_role_id", "suspended", "external_id", "tags",
                "user_fields", "phone", "time_zone", "locale", "alias", "details", "notes", "verified")) {
            if (in.has(f)) {
                out.set(f, in.get(f).deepCopy());
            }
        }
        out.remove("id");
        return out;
    }

    private Optional<String> validate(JsonNode user, boolean creating) {
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

    private Optional<ObjectNode> existing(String idText) {
        if (!NUMERIC.matcher(idText).matches()) {
            return Optional.empty();
        }
        ObjectNode u = users.get(Long.parseLong(idText));
        return u == null || !u.path("active").asBoolean(true) ? Optional.empty() : Optional.of(u);
    }

    private Optional<ObjectNode> byExternalId(String externalId) {
        for (ObjectNode u : users.values()) {
            if (u.path("active").asBoolean(true) && u.path("external_id").asText("").equalsIgnoreCase(externalId)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code GET /api/v2/users/search}: {@code external_id=} (exact, case-insensitive), or {@code query=}
     * with {@code email:} terms (exact, quoted or not; other terms match the name). One page, no offset
     * paging; soft-deleted users are not found.
     */
    private MockResponse searchUsers(HttpUrl url) {
        String externalId = url.queryParameter("external_id");
        String query = url.queryParameter("query");
        ArrayNode found = JSON.createArrayNode();
        if (externalId != null) {
            byExternalId(externalId.strip()).ifPresent(found::add);
        } else if (query != null && !query.isBlank()) {
            java.util.regex.Matcher m = Pattern.compile("email:(\"[^\"]*\"|\\S+)").matcher(query);
            if (m.find()) {
                String email = m.group(1).replace("\"", "");
                byEmail(email).ifPresent(found::add);
            } else {
                String term = query.strip().toLowerCase(Locale.ROOT);
                for (ObjectNode u : users.values()) {
                    if (u.path("active").asBoolean(true) && u.path("name").asText("").toLowerCase(Locale.ROOT).contains(term)) {
                        found.add(u);
                    }
                }
            }
        } else {
            return error(400, "InvalidValue", "query or external_id is required");
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("users", found.deepCopy());
        body.putNull("next_page");
        body.putNull("previous_page");
        body.put("count", found.size());
        return json(200, body);
    }

    private Optional<ObjectNode> byEmail(String email) {
        for (ObjectNode u : users.values()) {
            if (u.path("active").asBoolean(true) && u.path("email").asText("").equalsIgnoreCase(email)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private String base() {
        return server == null ? "http://127.0.0.1" : "http://127.0.0.1:" + server.getPort();
    }

    // ---- JSON helpers ---------------------------------------------------------------------------------

    /** Thrown inside handlers for a request that cannot be served; carries the response. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient MockResponse response;

        BadRequest(MockResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private static JsonNode body(RecordedRequest request) {
        ByteString bytes = request.getBody();
        if (bytes == null || bytes.size() == 0) {
            throw new BadRequest(error(400, "InvalidRequest", "a JSON body is required"));
        }
        try {
            return JSON.readTree(bytes.utf8());
        } catch (IOException e) {
            throw new BadRequest(error(400, "InvalidJSON", "the body is not JSON"));
        }
    }

    private static int intParam(HttpUrl url, String name, int dflt, int min, int max) {
        String v = url.queryParameter(name);
        if (v == null) {
            return dflt;
        }
        if (!NUMERIC.matcher(v).matches() || v.length() > 6) {
            throw new BadRequest(error(400, "InvalidPaginationParameter", name + " must be a number"));
        }
        return Math.max(min, Math.min(max, Integer.parseInt(v)));
    }

    private static String encodeCursor(String kind, long value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeCursor(String cursor, String kind) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(kind + ":") && NUMERIC.matcher(decoded.substring(kind.length() + 1)).matches()) {
                return Long.parseLong(decoded.substring(kind.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequest(error(400, "InvalidCursor", "the cursor is not valid"));
    }

    private static String normalise(String path) {
        String p = path.endsWith(".json") ? path.substring(0, path.length() - 5) : path;
        String[] parts = p.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i == 4 && parts.length == 5 && (parts[3].equals("users") || parts[3].equals("job_statuses"))
                    && !parts[4].equals("me") && !parts[4].equals("show_many") && !parts[4].equals("update_many")
                    && !parts[4].equals("search")
                    && !parts[4].equals("create_or_update_many") && !parts[4].isEmpty()) {
                parts[i] = "{id}";
            }
        }
        return String.join("/", parts);
    }

    private static ObjectNode wrap(String field, JsonNode value) {
        ObjectNode body = JSON.createObjectNode();
        body.set(field, value.deepCopy());
        return body;
    }

    private static ObjectNode obj(String field, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put(field, value);
        return body;
    }

    private static MockResponse notFound() {
        return error(404, "RecordNotFound", "Not found");
    }

    /** Zendesk's answer to a create or update whose unique field another user holds. */
    private static MockResponse duplicate(String field, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        ObjectNode detail = JSON.createObjectNode();
        detail.put("description", description);
        detail.put("error", "DuplicateValue");
        body.putObject("details").putArray(field).add(detail);
        return json(422, body);
    }

    private static MockResponse recordInvalid(String code) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        ObjectNode detail = JSON.createObjectNode();
        detail.put("error", code);
        detail.put("description", code.equals("DuplicateValue") ? "Email is already being used by another user" : "Value is invalid");
        body.putObject("details").putArray("base").add(detail);
        return json(422, body);
    }

    private static MockResponse error(int status, String error, @Nullable String description) {
        ObjectNode body = obj("error", error);
        if (description != null) {
            body.put("description", description);
        }
        return json(status, body);
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("X-Zendesk-Request-Id", "emu-" + Integer.toHexString(body.hashCode()))
                .body(body.toString())
                .build();
    }

    /** Configuration of a {@link ZendeskEmulator}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> apiTokens = new HashMap<>();
        private final Set<String> bearerTokens = new HashSet<>();
        private final Map<String, String> oauthClients = new HashMap<>();
        private Optional<Duration> tokenLifetime = Optional.empty();
        private int accountLimitPerMinute = 700;
        private int incrementalLimitPerMinute = 10;
        private int jobPollsBeforeDone = 1;
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        /**
         * Accepts {@code Basic base64(email/token:token)}.
         *
         * @param email the agent's email
         * @param token the API token
         * @return this builder
         */
        public Builder apiToken(String email, String token) {
            apiTokens.put(email.toLowerCase(Locale.ROOT), token);
            return this;
        }

        /**
         * Accepts {@code Bearer token}, as for a token from the authorization-code flow; it never expires.
         *
         * @param token the token
         * @return this builder
         */
        public Builder oauthToken(String token) {
            bearerTokens.add(token);
            return this;
        }

        /**
         * Issues tokens at {@code POST /oauth/tokens} for this client (client_credentials grant).
         *
         * @param clientId the OAuth client's id
         * @param secret its secret
         * @return this builder
         */
        public Builder oauthClient(String clientId, String secret) {
            oauthClients.put(clientId, secret);
            return this;
        }

        /**
         * Issued tokens expire after this long (and {@code expires_in} says so); default: never.
         *
         * @param lifetime how long an issued token is valid
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Optional.of(lifetime);
            return this;
        }

        /**
         * The clock for timestamps, token expiry and rate-limit windows; default the system clock.
         *
         * @param clock the clock, e.g. a {@code ManualClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Requests per minute for the whole account (default 700, Enterprise); 0 for no limit.
         *
         * @param limit requests a minute
         * @return this builder
         */
        public Builder accountLimitPerMinute(int limit) {
            this.accountLimitPerMinute = limit;
            return this;
        }

        /**
         * Requests per minute to the incremental export (default 10, as documented); 0 for no limit.
         *
         * @param limit requests a minute
         * @return this builder
         */
        public Builder incrementalLimitPerMinute(int limit) {
            this.incrementalLimitPerMinute = limit;
            return this;
        }

        /**
         * How many status polls a job stays {@code queued} before it is {@code completed} (default 1).
         *
         * @param polls how many polls
         * @return this builder
         */
        public Builder jobPollsBeforeDone(int polls) {
            this.jobPollsBeforeDone = polls;
            return this;
        }

        /**
         * Emulated network latency: every response waits this long before its headers are sent, outside
         * the emulator's lock (default none). For benchmarks; tests keep it zero to stay fast.
         *
         * @param latency the delay, not negative
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative");
            }
            this.latency = latency;
            return this;
        }

        /**
         * Builds the emulator without starting its server; {@link ZendeskEmulator#startServer()} starts it.
         *
         * @return the emulator
         * @throws IllegalStateException if no credential is configured
         */
        public ZendeskEmulator build() {
            if (apiTokens.isEmpty() && bearerTokens.isEmpty() && oauthClients.isEmpty()) {
                throw new IllegalStateException("configure at least one credential");
            }
            return new ZendeskEmulator(this);
        }

        /**
         * Builds the emulator and starts its server on 127.0.0.1.
         *
         * @return the running emulator
         * @throws IOException as {@link ZendeskEmulator#startServer()}
         * @throws IllegalStateException if no credential is configured
         */
        public ZendeskEmulator start() throws IOException {
            return build().startServer();
        }
    }
}
