package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.emulators.internal.LoopbackServer;
import io.rostersync.emulators.zendesk.internal.ZendeskRoutes;
import io.rostersync.emulators.zendesk.internal.ZendeskSettings;
import io.rostersync.testkit.RosterGenerator;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
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

    private final ZendeskRoutes routes;
    private @Nullable MockWebServer server;

    private ZendeskEmulator(ZendeskSettings settings) {
        this.routes = new ZendeskRoutes(settings);
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
    public ZendeskEmulator startServer() throws IOException {
        synchronized (routes) {
            if (server != null) {
                throw new IllegalStateException("already started");
            }
            server = LoopbackServer.start(routes, "Zendesk emulator");
            routes.store().servedAt("http://127.0.0.1:" + server.getPort());
            return this;
        }
    }

    /**
     * {@code http://127.0.0.1:<port>}, the base URI to give the client under test.
     *
     * @return the base URI
     * @throws IllegalStateException if the server is not started
     */
    public URI baseUri() {
        synchronized (routes) {
            if (server == null) {
                throw new IllegalStateException("not started");
            }
            return URI.create("http://127.0.0.1:" + server.getPort());
        }
    }

    /** Stops the server, if started; the emulator's data stays readable. */
    @Override
    public void close() {
        MockWebServer running;
        synchronized (routes) {
            running = server;
            server = null;
            routes.store().servedAt("http://127.0.0.1");
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
    public long customRole(String name) {
        synchronized (routes) {
            return routes.store().customRole(name);
        }
    }

    /**
     * Adds a user with a built-in role.
     *
     * @param name the full name
     * @param email the email
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @return the user's id
     */
    public long addUser(String name, String email, String role) {
        synchronized (routes) {
            return routes.store().addUser(name, email, role);
        }
    }

    /**
     * Adds an agent holding the named custom role (created if needed).
     *
     * @param name the full name
     * @param email the email
     * @param customRoleName the custom role's name
     * @return the user's id
     */
    public long addAgentWithCustomRole(String name, String email, String customRoleName) {
        synchronized (routes) {
            return routes.store().addAgentWithCustomRole(name, email, customRoleName);
        }
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
        synchronized (routes) {
            return routes.store().addRaw(user);
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
    public List<Long> seed(RosterGenerator generator, int count) {
        synchronized (routes) {
            return routes.store().seed(generator, count);
        }
    }

    /**
     * Renames a user, as an admin would in Zendesk; it moves to the end of the incremental export.
     *
     * @param id the user's id
     * @param name the new full name
     * @throws IllegalArgumentException if there is no such user
     */
    public void rename(long id, String name) {
        change(id, u -> u.put("name", name));
    }

    /**
     * Suspends or unsuspends a user, as an admin would.
     *
     * @param id the user's id
     * @param suspended whether the user is suspended
     * @throws IllegalArgumentException if there is no such user
     */
    public void setSuspended(long id, boolean suspended) {
        change(id, u -> u.put("suspended", suspended));
    }

    /**
     * Changes a user's built-in role, dropping any custom role.
     *
     * @param id the user's id
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @throws IllegalArgumentException if there is no such user
     */
    public void setRole(long id, String role) {
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
    public void softDelete(long id) {
        change(id, u -> u.put("active", false));
    }

    private void change(long id, Consumer<ObjectNode> edit) {
        synchronized (routes) {
            routes.store().change(id, edit);
        }
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
    public Optional<Map<String, Object>> user(long id) {
        synchronized (routes) {
            return routes.store().view(id);
        }
    }

    /**
     * The ids of all users, deleted ones included.
     *
     * @return the ids, ascending
     */
    public List<Long> userIds() {
        synchronized (routes) {
            return routes.store().ids();
        }
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
    public void inject(String endpoint, ZendeskFault fault, int times) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fault, "fault");
        synchronized (routes) {
            routes.inject(endpoint, fault.spec(), times);
        }
    }

    /**
     * Runs {@code change} right after the next response to {@code endpoint} is prepared: for "a user
     * changed while the client was paging". The change may call this emulator's methods.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @param change what to do, once
     */
    public void afterNextResponse(String endpoint, Runnable change) {
        Objects.requireNonNull(change, "change");
        synchronized (routes) {
            routes.afterNextResponse(endpoint, change);
        }
    }

    /** Makes every bulk endpoint answer 403, as on accounts where bulk user imports are not enabled. */
    public void disableBulkImports() {
        synchronized (routes) {
            routes.disableBulkImports();
        }
    }

    /**
     * Makes bulk jobs report a failure with {@code error} for the user with this email (case-insensitively),
     * while the other users of the job succeed.
     *
     * @param email the user's email
     * @param error the error the job status reports for that user
     */
    public void failBulkItem(String email, String error) {
        synchronized (routes) {
            routes.failBulkItem(email, error);
        }
    }

    /** Forgets every pending {@link #inject injected fault} and every {@link #failBulkItem} rule. */
    public void clearFaults() {
        synchronized (routes) {
            routes.clearFaults();
        }
    }

    /** Revokes every issued OAuth token, as when they expire: the next request with one gets 401. */
    public void expireIssuedTokens() {
        synchronized (routes) {
            routes.expireIssuedTokens();
        }
    }

    // ---- counters -------------------------------------------------------------------------------------

    /**
     * Requests served, by endpoint key: the method and the path with ids as {@code {id}}, e.g.
     * {@code "GET /api/v2/users"} or {@code "PUT /api/v2/users/{id}"}.
     *
     * @return an unmodifiable copy of the counts
     */
    public Map<String, Integer> requestCounts() {
        synchronized (routes) {
            return routes.counts();
        }
    }

    /**
     * Requests served to one endpoint.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @return how many; 0 for an endpoint never called
     */
    public int requestCount(String endpoint) {
        return requestCounts().getOrDefault(endpoint, 0);
    }

    /**
     * All requests served, token requests and refused ones included.
     *
     * @return how many
     */
    public int requestCount() {
        return requestCounts().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Requests refused with 429 by the account or incremental-export limit (not injected faults).
     *
     * @return how many
     */
    public int rateLimitedCount() {
        synchronized (routes) {
            return routes.rateLimitedCount();
        }
    }

    /** Forgets the request counts and the 429 count. */
    public void resetCounts() {
        synchronized (routes) {
            routes.resetCounts();
        }
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
            return new ZendeskEmulator(new ZendeskSettings(clock, apiTokens, bearerTokens, oauthClients, tokenLifetime,
                    accountLimitPerMinute, incrementalLimitPerMinute, jobPollsBeforeDone, latency));
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
