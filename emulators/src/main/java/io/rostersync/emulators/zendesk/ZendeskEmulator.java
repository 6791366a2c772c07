package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.Emulator;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.EmulatorEngine;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.emulators.zendesk.internal.ZendeskAccounts;
import io.rostersync.emulators.zendesk.internal.ZendeskRoutes;
import io.rostersync.emulators.zendesk.internal.ZendeskSettings;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A stateful Zendesk Support emulator on a loopback HTTP server, speaking the JSON shapes of the
 * endpoints a user sync needs; each has a {@link Route} constant for planning faults:
 *
 * <ul>
 * <li>{@link #LIST_USERS} with cursor pagination ({@code page[size]} up to 100, {@code page[after]},
 *     {@code meta.has_more}, {@code links.next}) and the {@code role}, {@code role[]} and
 *     {@code permission_set} filters; {@link #SHOW_USER}, {@link #UPDATE_USER}, {@link #DELETE_USER} (a soft
 *     delete: {@code active: false}); {@link #CREATE_USER} (422 {@code RecordInvalid} with a
 *     {@code DuplicateValue} detail when another user holds the email or external id, as Zendesk answers);
 *     {@link #SHOW_MANY}; {@link #SEARCH} by {@code email:} or {@code external_id}; {@link #ME};</li>
 * <li>{@link #CREATE_OR_UPDATE_MANY} and {@link #UPDATE_MANY} (both the {@code users} array and the
 *     {@code ids} + {@code user} forms), queuing a job whose {@link #JOB_STATUS} reports {@code queued} for
 *     {@link Builder#jobPollsBeforeDone} polls, then {@code completed} with one result per user;</li>
 * <li>{@link #CUSTOM_ROLES};</li>
 * <li>{@link #INCREMENTAL_USERS}: {@code start_time} (at least a minute in the past) or {@code cursor},
 *     {@code per_page} up to 1000, {@code after_cursor}, {@code end_of_stream}. Every change moves a user
 *     to the end of the export, so a user changed while a client pages the export shows up again later in
 *     it, as in Zendesk. Deleted users are exported with {@code active: false}. (Simplification: Zendesk
 *     leaves out the most recent minute; the emulator does not.)</li>
 * <li>{@link #TOKEN} with the {@code client_credentials} grant (JSON body).</li>
 * </ul>
 *
 * Every request but the token request must authenticate with a configured API token
 * ({@code Basic base64(email/token:token)}) or a bearer token (configured, or issued and not expired).
 * Account-wide and incremental-export rate limits are counted per minute of the emulator's clock and
 * answered with 429 and {@code Retry-After}.
 *
 * <p>Script, exercise, verify:
 *
 * <pre>{@code
 * try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
 *     zendesk.seed(new RosterGenerator(42), 250);
 *     zendesk.faults().next(ZendeskEmulator.LIST_USERS, Fault.status(503));
 *
 *     List<UserRecord> users = readAll(zendesk.directory().build());
 *
 *     assertThat(zendesk.requests()).filteredOn(r -> ZendeskEmulator.LIST_USERS.matches(r.method(), r.path()))
 *             .hasSize(4); // the 503, then three pages of 100
 * }
 * }</pre>
 *
 * <p>Faults ({@link #faults()}), as Zendesk shows them: {@code Fault.Status} with Zendesk's error body
 * ({@code {"error": "ServiceUnavailable", "description": ...}}; {@code APIRateLimitExceeded} for 429,
 * {@code RecordNotFound} for 404, {@code RecordInvalid} for 422, {@code Forbidden} for 403, as on an
 * account without bulk imports) and {@code Retry-After} as planned; a reset, slow, trickled, malformed or
 * truncated body; an empty list and a list changed between pages on {@link #LIST_USERS} and
 * {@link #INCREMENTAL_USERS}; an expired token (for a bearer token: 401 {@code invalid_token}, and an
 * issued token is revoked, so the client must fetch another; for an API token: 401
 * {@code Couldn't authenticate you}); a partial batch failure on {@link #CREATE_OR_UPDATE_MANY} and
 * {@link #UPDATE_MANY}, whose job then reports {@code success: false} and the error for the named items (by
 * email or external id; for {@code update_many} also by user id) and runs the others. Seeding and
 * inspection use plain values: {@link #addUser}, {@link #addRawUser(Map)}, {@link #seed}, and
 * {@link #user(long)} as a map. Recorded requests ({@link #requests()}, {@link #takeRequest()}) show the
 * {@code Authorization} header and the token request's {@code client_secret} masked.
 *
 * <p>Not emulated: tickets, groups and organizations as resources, identities, sideloads, offset
 * pagination, {@code create_many}, the search API beyond {@code email:} and {@code external_id}, and the
 * authorization-code grant.
 *
 * <p>More accounts on the same server ({@link #addAccount}, each reached with its own API token) let a
 * benchmark or a multi-tenant test sync many Zendesk accounts through one loopback server; the methods above
 * work on the emulator's own account.
 *
 * <p>Thread-safe: each account serves one request at a time, and a test may seed, inspect and plan faults
 * while a client is being served.
 */
public final class ZendeskEmulator implements Emulator<ZendeskDirectory.Builder> {

    /** {@code GET /api/v2/users}, the cursor-paginated users list (a list route). */
    public static final Route LIST_USERS = Route.of("GET", "/api/v2/users");
    /** {@code POST /api/v2/users}, creating one user. */
    public static final Route CREATE_USER = Route.of("POST", "/api/v2/users");
    /**
     * {@code GET /api/v2/users/{id}}, one user. As a route's {@code *} matches any segment, it also matches
     * {@link #ME}, {@link #SHOW_MANY} and {@link #SEARCH}.
     */
    public static final Route SHOW_USER = Route.of("GET", "/api/v2/users/*");
    /** {@code PUT /api/v2/users/{id}}, updating one user; it also matches {@link #UPDATE_MANY}. */
    public static final Route UPDATE_USER = Route.of("PUT", "/api/v2/users/*");
    /** {@code DELETE /api/v2/users/{id}}, a soft delete. */
    public static final Route DELETE_USER = Route.of("DELETE", "/api/v2/users/*");
    /** {@code GET /api/v2/users/me}. */
    public static final Route ME = Route.of("GET", "/api/v2/users/me");
    /** {@code GET /api/v2/users/show_many?ids=}. */
    public static final Route SHOW_MANY = Route.of("GET", "/api/v2/users/show_many");
    /** {@code GET /api/v2/users/search}. */
    public static final Route SEARCH = Route.of("GET", "/api/v2/users/search");
    /** {@code POST /api/v2/users/create_or_update_many}, a bulk job (a batch route). */
    public static final Route CREATE_OR_UPDATE_MANY = Route.of("POST", "/api/v2/users/create_or_update_many");
    /** {@code PUT /api/v2/users/update_many}, a bulk job (a batch route). */
    public static final Route UPDATE_MANY = Route.of("PUT", "/api/v2/users/update_many");
    /** {@code GET /api/v2/job_statuses/{id}}, a bulk job's status and, once completed, its per-user results. */
    public static final Route JOB_STATUS = Route.of("GET", "/api/v2/job_statuses/*");
    /** {@code GET /api/v2/custom_roles}. */
    public static final Route CUSTOM_ROLES = Route.of("GET", "/api/v2/custom_roles");
    /** {@code GET /api/v2/incremental/users/cursor}, the incremental user export (a list route). */
    public static final Route INCREMENTAL_USERS = Route.of("GET", "/api/v2/incremental/users/cursor");
    /** {@code POST /oauth/tokens}, the token endpoint. */
    public static final Route TOKEN = Route.of("POST", "/oauth/tokens");

    /** The agent email of the API token {@link #start()} configures. */
    public static final String DEFAULT_EMAIL = "admin@emulator.zendesk.test";
    /** The API token {@link #start()} configures; not a secret (an emulator's). */
    public static final String DEFAULT_API_TOKEN = "emulator-api-token";

    private final ZendeskSettings settings;
    private final ZendeskAccounts accounts;
    private final ZendeskAccount first;
    private final EmulatorEngine engine;
    private @Nullable ZendeskWebhooks webhooks;

    private ZendeskEmulator(ZendeskSettings settings, boolean recordRequests) {
        this.settings = settings;
        this.accounts = new ZendeskAccounts(routes(settings));
        this.first = new ZendeskAccount(accounts.first(), "", this::directory);
        this.engine = new EmulatorEngine("Zendesk emulator", accounts, recordRequests);
    }

    private static ZendeskRoutes routes(ZendeskSettings settings) {
        return new ZendeskRoutes(settings, List.of(LIST_USERS, INCREMENTAL_USERS), List.of(CREATE_OR_UPDATE_MANY, UPDATE_MANY));
    }

    /**
     * Starts a configuration: no credential yet (at least one must be added), an account limit of 700
     * requests a minute, 10 a minute to the incremental export, jobs done after one poll, no latency, the
     * system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with the defaults of {@link #builder()} and one API token
     * ({@link #DEFAULT_EMAIL}, {@link #DEFAULT_API_TOKEN}), which {@link #directory()} uses.
     *
     * @return the running emulator
     * @throws java.io.UncheckedIOException if no port can be opened on 127.0.0.1
     */
    public static ZendeskEmulator start() {
        return builder().apiToken(DEFAULT_EMAIL, DEFAULT_API_TOKEN).start();
    }

    /**
     * A JUnit 5 extension that starts {@link #start()} per test (instance field) or per class (static
     * field); for another configuration use {@code EmulatorExtension.of(() -> ZendeskEmulator.builder()...start())}.
     *
     * @return the extension, for {@code @RegisterExtension}
     */
    public static EmulatorExtension<ZendeskEmulator> extension() {
        return EmulatorExtension.of(ZendeskEmulator::start);
    }

    private ZendeskEmulator started() {
        engine.start();
        servedAt(origin());
        return this;
    }

    private void servedAt(String origin) {
        for (ZendeskRoutes account : accounts.all()) {
            synchronized (account) {
                account.store().servedAt(origin);
            }
        }
    }

    /**
     * Adds another account to this emulator's server, reached with its own API token, for hosts with many
     * tenants: see {@link ZendeskAccount}. It has the emulator's clock, latency, rate limits and job polls,
     * and no users yet.
     *
     * <pre>{@code
     * ZendeskAccount acme = zendesk.addAccount("admin@acme.test", "acme-token");
     * acme.seed(new RosterGenerator(7), 30);
     * ZendeskDirectory directory = acme.directory().build(); // reads acme's 30 users only
     * }</pre>
     *
     * @param email the agent email of the account's API token; no other account of this emulator may use it
     * @param apiToken the account's API token
     * @return the new account
     * @throws IllegalArgumentException if the email or token is blank, or another account (the emulator's
     *     own included) has an API token for this email
     * @throws IllegalStateException if the emulator was closed
     */
    public ZendeskAccount addAccount(String email, String apiToken) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(apiToken, "apiToken");
        if (email.isBlank() || apiToken.isBlank()) {
            throw new IllegalArgumentException("an account needs a non-blank email and API token");
        }
        if (!engine.started()) {
            throw new IllegalStateException("the Zendesk emulator was closed; start a new one");
        }
        String key = email.toLowerCase(Locale.ROOT);
        ZendeskSettings own = new ZendeskSettings(settings.clock(), Map.of(key, apiToken), Set.of(), Map.of(), Optional.empty(),
                settings.accountLimitPerMinute(), settings.incrementalLimitPerMinute(), settings.jobPollsBeforeDone(),
                settings.latency(), settings.rateLimitWindow());
        ZendeskRoutes routes = routes(own);
        synchronized (routes) {
            routes.store().servedAt(origin());
        }
        accounts.add(key, routes, settings.apiTokens());
        return new ZendeskAccount(routes, key, () -> directoryBase().apiToken(key, Secret.of(apiToken)));
    }

    // ---- Emulator -----------------------------------------------------------------------------------

    /**
     * {@code http://127.0.0.1:<port>}, the base URI to give the client under test.
     *
     * @return the base URI
     * @throws IllegalStateException if the emulator was closed
     */
    @Override
    public URI baseUri() {
        return URI.create(origin());
    }

    private String origin() {
        return "http://127.0.0.1:" + engine.uri("/").getPort();
    }

    /**
     * A new directory builder pointed at this emulator: subdomain {@code emulator}, the first configured
     * credential (an API token, else an OAuth client with scope {@code read write}, else a bearer token; by
     * name order), no client-side rate limits, job polls every 20 ms for up to a minute, a 5 s request
     * timeout, and 4 attempts with jitter-free backoff from 10 ms doubling up to 100 ms. If the emulator's
     * clock is a {@link ManualClock}, the directory uses it and its {@link ManualClock#sleep sleep}, so
     * retries and {@code Retry-After} waits pass on that clock, instantly.
     *
     * @return a new builder, which the caller may change further
     */
    @Override
    public ZendeskDirectory.Builder directory() {
        ZendeskDirectory.Builder b = directoryBase();
        if (!settings.apiTokens().isEmpty()) {
            Map.Entry<String, String> t = new TreeMap<>(settings.apiTokens()).firstEntry();
            return b.apiToken(t.getKey(), Secret.of(t.getValue()));
        }
        if (!settings.oauthClients().isEmpty()) {
            Map.Entry<String, String> c = new TreeMap<>(settings.oauthClients()).firstEntry();
            return b.oauthClientCredentials(c.getKey(), Secret.of(c.getValue()), "read write");
        }
        return b.oauthToken(Secret.of(new TreeSet<>(settings.bearerTokens()).first()));
    }

    /** The directory settings every account's {@code directory()} starts from, without a credential. */
    private ZendeskDirectory.Builder directoryBase() {
        HttpSettings.Builder http = HttpSettings.builder()
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(100), Duration.ofMinutes(5)))
                .requestTimeout(Duration.ofSeconds(5));
        if (settings.clock() instanceof ManualClock manual) {
            http.clock(manual).sleeper(manual::sleep);
        }
        return ZendeskDirectory.builder().subdomain("emulator").baseUriForTesting(baseUri())
                .withoutClientRateLimits().jobPolling(Duration.ofMillis(20), Duration.ofMinutes(1)).http(http.build());
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

    /** Stops the server; idempotent. The emulator's data stays readable. */
    @Override
    public void close() {
        synchronized (this) {
            if (webhooks != null) {
                webhooks.close();
            }
        }
        engine.close();
        servedAt("http://127.0.0.1");
    }

    /**
     * Webhooks subscribed to this emulator's user events (its own account), created on first use.
     *
     * @return the webhooks
     */
    public synchronized ZendeskWebhooks webhooks() {
        if (webhooks == null) {
            webhooks = new ZendeskWebhooks(accounts.first(), settings.clock());
        }
        return webhooks;
    }

    /**
     * Requests refused with 429 by the account or incremental-export limit (not planned faults).
     *
     * @return how many
     */
    public int rateLimitedCount() {
        return first.rateLimitedCount();
    }

    // ---- data -----------------------------------------------------------------------------------------

    /**
     * Creates a custom role (role_type 0) if none has this name (case-insensitively).
     *
     * @param name the role's name
     * @return the role's id, new or existing
     */
    public long customRole(String name) {
        return first.customRole(name);
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
        return first.addUser(name, email, role);
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
        return first.addAgentWithCustomRole(name, email, customRoleName);
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
        return first.addRawUser(fields);
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
        return first.seed(generator, count);
    }

    /**
     * Renames a user, as an admin would in Zendesk; it moves to the end of the incremental export.
     *
     * @param id the user's id
     * @param name the new full name
     * @throws IllegalArgumentException if there is no such user
     */
    public void rename(long id, String name) {
        first.rename(id, name);
    }

    /**
     * Suspends or unsuspends a user, as an admin would.
     *
     * @param id the user's id
     * @param suspended whether the user is suspended
     * @throws IllegalArgumentException if there is no such user
     */
    public void setSuspended(long id, boolean suspended) {
        first.setSuspended(id, suspended);
    }

    /**
     * Changes a user's built-in role, dropping any custom role.
     *
     * @param id the user's id
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @throws IllegalArgumentException if there is no such user
     */
    public void setRole(long id, String role) {
        first.setRole(id, role);
    }

    /**
     * Soft-deletes a user ({@code active: false}): gone from lists, still in the incremental export.
     *
     * @param id the user's id
     * @throws IllegalArgumentException if there is no such user
     */
    public void softDelete(long id) {
        first.softDelete(id);
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
        return first.user(id);
    }

    /**
     * The ids of all users, deleted ones included.
     *
     * @return the ids, ascending
     */
    public List<Long> userIds() {
        return first.userIds();
    }

    /**
     * Configuration of a {@link ZendeskEmulator}: credentials, clock, rate limits, job polls and latency;
     * {@link #start()} starts it. Not thread-safe.
     */
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
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private boolean recordRequests = true;

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
         * The window both limits count in (default a minute, as Zendesk counts): with one second, a limit of
         * {@code n} "per minute" allows {@code n} requests in each second of the clock, for tests that reach it fast.
         *
         * @param window whole seconds, at least one
         * @return this builder
         * @throws IllegalArgumentException if it is shorter than a second or not whole seconds
         */
        public Builder rateLimitWindow(Duration window) {
            if (window.toSeconds() < 1 || !window.equals(Duration.ofSeconds(window.toSeconds()))) {
                throw new IllegalArgumentException("rate-limit window must be whole seconds, at least one");
            }
            this.rateLimitWindow = window;
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
         * Counts requests without keeping them, for long benchmarks whose millions of requests would fill the
         * heap: {@link ZendeskEmulator#requestCount()} still counts every request, while
         * {@link ZendeskEmulator#requests()} stays empty and {@link ZendeskEmulator#takeRequest()} finds
         * nothing. Default: every request is kept.
         *
         * @return this builder
         */
        public Builder withoutRecordedRequests() {
            this.recordRequests = false;
            return this;
        }

        /**
         * Builds the emulator and starts its server on 127.0.0.1 and a free port.
         *
         * @return the running emulator; closing it stops the server
         * @throws IllegalStateException if no credential is configured
         * @throws java.io.UncheckedIOException if no port can be opened on 127.0.0.1
         */
        public ZendeskEmulator start() {
            if (apiTokens.isEmpty() && bearerTokens.isEmpty() && oauthClients.isEmpty()) {
                throw new IllegalStateException("configure at least one credential: apiToken, oauthToken or oauthClient");
            }
            return new ZendeskEmulator(new ZendeskSettings(clock, apiTokens, bearerTokens, oauthClients, tokenLifetime,
                    accountLimitPerMinute, incrementalLimitPerMinute, jobPollsBeforeDone, latency, rateLimitWindow), recordRequests).started();
        }
    }
}
