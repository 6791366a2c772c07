package io.rostersync.emulators.talkdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.Emulator;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.EmbeddedScim;
import io.rostersync.emulators.internal.EmulatorEngine;
import io.rostersync.emulators.internal.TestHttp;
import io.rostersync.emulators.internal.VendorHooks;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.http.Secret;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A stateful Talkdesk account on a loopback HTTP server, for testing the Talkdesk provider
 * (or a host's own Talkdesk integration) offline. One server plays all three Talkdesk hosts:
 *
 * <ul>
 *   <li>{@code POST /oauth/token}: OAuth2 client credentials with HTTP Basic client authentication,
 *       tokens with an {@code expires_in} for the space-separated {@code scope} asked for (by default the
 *       client holds {@code users:read} and {@code scim}; a token lacking an API's scope gets 403 there);</li>
 *   <li>{@code GET /users}, {@code GET /users/{id}}: the read-only REST API, HAL pages
 *       ({@code _embedded.users}, {@code _links.next}) driven by {@code page}/{@code per_page};</li>
 *   <li>{@code /scim/v2/...}: the SCIM 2.0 API (a {@link ScimEmulator}) with the Talkdesk user extension
 *       ({@code rolesString}, {@code teamsString}), no PATCH (Talkdesk documents PUT only), 4 requests
 *       per second answered with 429 and {@code Retry-After: 1} beyond that, and the seat rule: with
 *       seats configured, a user that would exceed them is stored deactivated.</li>
 * </ul>
 *
 * <p>Faults ({@link #faults()}) on its routes ({@link #TOKEN}, {@link #LIST_USERS}, {@link #GET_USER},
 * {@link #SCIM_LIST_USERS}, {@link #SCIM_CREATE_USER}, {@link #SCIM_USER}, {@link #SCIM_API}): every
 * {@link io.rostersync.emulators.Fault} but {@link io.rostersync.emulators.Fault.PartialBatchFailure} (no
 * batch API). Their Talkdesk shapes: an error status answers the REST error body ({@code code},
 * {@code message}) on the REST API and a SCIM error on the SCIM API;
 * {@link io.rostersync.emulators.Fault.TokenExpired} answers 401 and revokes the token the request carried, so
 * the client must fetch a new one; {@link io.rostersync.emulators.Fault.EmptyList} on {@link #LIST_USERS} is a
 * page without users and without a next link while {@code total_pages} still says more, on
 * {@link #SCIM_LIST_USERS} a page without {@code Resources} while {@code totalResults} counts every user.
 * The stored users can be read and changed through {@link #scim()}.
 *
 * <p>Not emulated: the rest of the Talkdesk API (calls, contacts, teams as resources, attributes), SCIM
 * PATCH and Groups, REST writes, the authorization-code grant and refresh tokens; one server plays every
 * account and region.
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may seed, inspect and plan faults while a
 * client is being served.
 *
 * <pre>{@code
 * try (TalkdeskEmulator talkdesk = TalkdeskEmulator.builder().seats(10).start()) {
 *     String id = talkdesk.add(UserProfile.builder().email("ann@example.com").role("Agent").build());
 *     talkdesk.faults().next(TalkdeskEmulator.LIST_USERS, Fault.tokenExpired());
 *     TalkdeskUserDirectory dir = talkdesk.directory().build();
 *     ...
 *     assertThat(talkdesk.requests()).extracting(RecordedRequest::requestLine).contains("POST /oauth/token");
 * }
 * }</pre>
 */
public final class TalkdeskEmulator implements Emulator<TalkdeskUserDirectory.Builder> {

    /** The OAuth token endpoint: {@code POST /oauth/token}. */
    public static final Route TOKEN = Route.of("POST", "/oauth/token");
    /** A page of the REST users list: {@code GET /users}. */
    public static final Route LIST_USERS = Route.of("GET", "/users");
    /** One user of the REST API: {@code GET /users/*}. */
    public static final Route GET_USER = Route.of("GET", "/users/*");
    /** A page of the SCIM users list (a filtered lookup included): {@code GET /scim/v2/Users}. */
    public static final Route SCIM_LIST_USERS = Route.of("GET", "/scim/v2/Users");
    /** A SCIM create: {@code POST /scim/v2/Users}. */
    public static final Route SCIM_CREATE_USER = Route.of("POST", "/scim/v2/Users");
    /** A SCIM call on one user (get, replace, delete): {@code * /scim/v2/Users/*}. */
    public static final Route SCIM_USER = Route.of("*", "/scim/v2/Users/*");
    /** Every call of the SCIM API: {@code * /scim/v2/**}. */
    public static final Route SCIM_API = Route.of("*", "/scim/v2/**");

    /** The Talkdesk SCIM user extension schema. */
    public static final String EXTENSION = "urn:ietf:params:scim:schemas:extension:talkdesk:2.0:User";
    /** The REST read scope. */
    public static final String USERS_READ = "users:read";
    /** The SCIM scope. */
    public static final String SCIM = "scim";

    private final ObjectMapper mapper = new ObjectMapper();
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final Set<String> clientScopes;
    private final Clock clock;
    private final ScimEmulator scim;
    private final EmbeddedScim scimSide;
    private final int scimRequestsPerSecond;
    private final EmulatorEngine engine;
    private final Map<String, Token> tokens = new HashMap<>();
    private int tokenSerial;
    private @Nullable String origin;

    private record Token(Set<String> scopes, Instant expiresAt) {
    }

    private final Duration latency;

    private TalkdeskEmulator(Builder b) {
        this.latency = b.latency;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.tokenLifetime = b.tokenLifetime;
        this.clientScopes = new LinkedHashSet<>(b.clientScopes);
        this.clock = b.clock;
        this.scimRequestsPerSecond = b.scimRequestsPerSecond;
        this.engine = new EmulatorEngine("Talkdesk emulator", new Hooks());
        ScimEmulator.Builder sb = ScimEmulator.builder()
                .basePath("/scim/v2")
                .patchSupported(false)
                .maxPageSize(100)
                .clock(b.clock)
                .nanoTime(b.nanoTime)
                .requestsPerSecond(b.scimRequestsPerSecond)
                .authorizer(token -> access(token, SCIM));
        b.seats.ifPresent(sb::seats);
        this.scim = EmbeddedScim.embed(sb, engine);
        this.scimSide = EmbeddedScim.of(scim);
    }

    /**
     * Starts a configuration: client {@code talkdesk-client} / {@code talkdesk-secret} holding
     * {@code users:read} and {@code scim}, tokens valid for an hour, SCIM limited to 4 requests per second,
     * no seat limit, no latency.
     *
     * @return a new builder; {@link Builder#start()} starts the emulator
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with the defaults of {@link #builder()} on 127.0.0.1 and a free port, serving all
     * three Talkdesk hosts.
     *
     * @return the running emulator; close it to stop it
     * @throws java.io.UncheckedIOException if no port can be opened
     */
    public static TalkdeskEmulator start() {
        return builder().start();
    }

    /**
     * A JUnit 5 extension that starts an emulator with the defaults per test (instance field) or per class
     * (static field); for another configuration use
     * {@code EmulatorExtension.of(() -> TalkdeskEmulator.builder()...start())}.
     *
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static EmulatorExtension<TalkdeskEmulator> extension() {
        return EmulatorExtension.of(TalkdeskEmulator::start);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    private TalkdeskEmulator started() {
        MockWebServer s = engine.start();
        synchronized (this) {
            origin = "http://127.0.0.1:" + s.getPort();
            scimSide.servedAt(origin);
        }
        return this;
    }

    /**
     * The REST API base URI, as {@link #apiBaseUri()}.
     *
     * @return {@code http://127.0.0.1:<port>/}
     */
    @Override
    public URI baseUri() {
        return apiBaseUri();
    }

    /**
     * A new builder of a {@link TalkdeskUserDirectory} for account {@code acme} in the US region, pointed at
     * this emulator ({@link #apiBaseUri()}, {@link #tokenUri()}) with its client credentials, the emulator's
     * SCIM rate as the client's, and test-friendly HTTP settings (loopback http, short retries).
     *
     * @return a new directory builder
     */
    @Override
    public TalkdeskUserDirectory.Builder directory() {
        return TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(clientId, Secret.of(clientSecret))
                .endpoints(apiBaseUri(), tokenUri())
                .scimRequestsPerSecond(scimRequestsPerSecond)
                .http(TestHttp.settings().build());
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
     * Where the REST API lives (stands in for {@code https://api.talkdeskapp.com/}).
     *
     * @return {@code http://127.0.0.1:<port>/}
     * @throws IllegalStateException if not started
     */
    public synchronized URI apiBaseUri() {
        return URI.create(requireOrigin() + "/");
    }

    /**
     * The token endpoint (stands in for {@code https://{account}.talkdeskid.com/oauth/token}).
     *
     * @return {@code http://127.0.0.1:<port>/oauth/token}
     * @throws IllegalStateException if not started
     */
    public synchronized URI tokenUri() {
        return URI.create(requireOrigin() + "/oauth/token");
    }

    /**
     * The SCIM base URI.
     *
     * @return {@code http://127.0.0.1:<port>/scim/v2/}
     * @throws IllegalStateException if not started
     */
    public synchronized URI scimBaseUri() {
        return URI.create(requireOrigin() + "/scim/v2/");
    }

    private String requireOrigin() {
        if (origin == null) {
            throw new IllegalStateException("not started");
        }
        return origin;
    }

    /** Stops the server; the account's data stays readable. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * The OAuth client id the token endpoint accepts.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * The OAuth client secret the token endpoint accepts.
     *
     * @return the client secret
     */
    public String clientSecret() {
        return clientSecret;
    }

    // ---- seeding and inspection --------------------------------------------------------------

    /**
     * Adds a user as if created in the Talkdesk admin: userName is the email, roles and groups go to the
     * Talkdesk extension as {@code rolesString} and {@code teamsString}, an {@code externalId} attribute
     * becomes the SCIM {@code externalId}. The seat rule does not apply: the status is stored as given.
     *
     * @param profile the person; needs an email
     * @return the new user's Talkdesk id
     * @throws IllegalArgumentException if the profile has no email
     */
    public String add(UserProfile profile) {
        return scimSide.add(resource(profile, Optional.empty()));
    }

    /**
     * Adds a user with a chosen id, as {@link #add(UserProfile)} does.
     *
     * @param id the Talkdesk id to give it
     * @param profile the person; needs an email
     * @return {@code id}
     * @throws IllegalArgumentException if the profile has no email
     */
    public String add(String id, UserProfile profile) {
        return scimSide.add(resource(profile, Optional.of(id)));
    }

    private static ObjectNode resource(UserProfile profile, Optional<String> id) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        id.ifPresent(i -> user.put("id", i));
        user.put("userName", profile.email().map(EmailAddress::value)
                .orElseThrow(() -> new IllegalArgumentException("a Talkdesk user needs an email")));
        ObjectNode name = user.putObject("name");
        name.put("givenName", profile.firstName());
        name.put("familyName", profile.lastName());
        user.put("active", profile.status().holdsSeat());
        profile.attribute("externalId").ifPresent(x -> user.put("externalId", x));
        ObjectNode ext = user.putObject(EXTENSION);
        ext.put("rolesString", String.join(";", profile.roles()));
        ext.put("teamsString", String.join(";", profile.groups()));
        return user;
    }

    /**
     * The embedded SCIM emulator, for seeding raw SCIM resources and inspecting or editing stored users.
     * It is served by this emulator's server and shares its fault plan and recorded requests.
     *
     * @return the SCIM emulator
     */
    public ScimEmulator scim() {
        return scim;
    }

    /**
     * Users whose {@code active} is true: the seats in use.
     *
     * @return how many
     */
    public int activeCount() {
        return scim.activeCount();
    }

    /**
     * Sets or lifts the seat limit for the writes that follow.
     *
     * @param seats the seats bought, or empty for no limit
     */
    public void seats(OptionalInt seats) {
        scim.seats(seats);
    }

    /**
     * Tokens issued so far by the token endpoint.
     *
     * @return how many
     */
    public synchronized int tokensIssued() {
        return tokenSerial;
    }

    /**
     * Deletes a user as an admin would (both APIs stop listing it; a SCIM {@code DELETE} behind the
     * client's back).
     *
     * @param id the user's Talkdesk id
     * @return whether there was such a user
     */
    public boolean delete(String id) {
        MockResponse r = scimSide.respond(internalRequest("DELETE", "/scim/v2/Users/" + id));
        return r.getCode() / 100 == 2;
    }

    /**
     * Moves a user to the end of both lists (as a vendor whose list order follows a changing field
     * would): the user is taken out and put back with the same id and data.
     *
     * @param id the user's Talkdesk id
     * @throws IllegalArgumentException if there is no such user
     */
    public void moveToEnd(String id) {
        ObjectNode u = scimSide.resource(id).orElseThrow(() -> new IllegalArgumentException("no user " + id));
        u.remove("meta");
        u.remove("schemas");
        delete(id);
        scimSide.add(u);
    }

    /**
     * Users in list order, by id.
     *
     * @return the ids; empty if there are none
     */
    public List<String> userIds() {
        return scimSide.resources().stream().map(u -> u.path("id").asText()).toList();
    }

    private mockwebserver3.RecordedRequest internalRequest(String method, String path) {
        String token;
        synchronized (this) {
            token = "td-internal-" + (++tokenSerial);
            tokens.put(token, new Token(Set.of(SCIM), clock.instant().plus(Duration.ofMinutes(1))));
        }
        HttpUrl url = HttpUrl.get(requireOrigin() + path);
        return new mockwebserver3.RecordedRequest(0, 0, null, List.of(), method, path, "HTTP/1.1", url,
                okhttp3.Headers.of("Authorization", "Bearer " + token), null, 0L, List.of(), null);
    }

    /**
     * Requests received per endpoint, counted from {@link #requests()}: the method and the path with ids as
     * {@code {id}}, e.g. {@code "GET /users"}, {@code "POST /scim/v2/Users"}, {@code "POST /oauth/token"}.
     *
     * @return a sorted copy of the counts
     */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new TreeMap<>();
        for (RecordedRequest r : requests()) {
            out.merge(endpointKey(r.method(), r.path()), 1, Integer::sum);
        }
        return out;
    }

    /**
     * Requests received for one endpoint, counted from {@link #requests()}.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @return how many; 0 for an endpoint never called
     */
    public int requestCount(String endpoint) {
        return requestCounts().getOrDefault(endpoint, 0);
    }

    /**
     * Requests received under {@code /scim/v2}, refused ones included.
     *
     * @return how many
     */
    public int scimRequests() {
        return (int) requests().stream().filter(r -> SCIM_API.matches(r.method(), r.path())).count();
    }

    /**
     * SCIM requests refused with 429 by the requests-per-second limit so far.
     *
     * @return how many
     */
    public int rateLimitedCount() {
        return scim.rateLimitedCount();
    }

    // ---- dispatch ----------------------------------------------------------------------------

    /** How the shared engine serves this emulator, shapes its faults and adds its latency. */
    private final class Hooks implements VendorHooks {

        @Override
        public MockResponse serve(mockwebserver3.RecordedRequest request) {
            return respond(request);
        }

        @Override
        public MockResponse error(int status, String detail) {
            return restError(status, status == 429 ? "too_many_requests" : "error", detail);
        }

        @Override
        public MockResponse error(mockwebserver3.RecordedRequest request, int status, String detail) {
            return request.getUrl().encodedPath().startsWith("/scim/v2/") ? scimSide.error(status, detail) : error(status, detail);
        }

        @Override
        public MockResponse tokenExpired(mockwebserver3.RecordedRequest request) {
            String auth = request.getHeaders().get("Authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                synchronized (TalkdeskEmulator.this) {
                    tokens.remove(auth.substring(7).strip());
                }
            }
            return request.getUrl().encodedPath().startsWith("/scim/v2/")
                    ? scimSide.expiredToken()
                    : restError(401, "unauthorized", "invalid or expired access token");
        }

        @Override
        public List<Route> listRoutes() {
            return List.of(LIST_USERS, SCIM_LIST_USERS);
        }

        @Override
        public List<Route> tokenRoutes() {
            return List.of(TOKEN);
        }

        @Override
        public MockResponse emptyList(mockwebserver3.RecordedRequest request) {
            if (request.getUrl().encodedPath().startsWith("/scim/v2/")) {
                return scimSide.emptyList(request);
            }
            MockResponse denied = restAuth(request);
            return denied != null ? denied : usersPage(request.getUrl(), true);
        }

        @Override
        public MockResponse finish(MockResponse response) {
            return delayed(response, latency);
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

    private MockResponse respond(mockwebserver3.RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod() == null ? "" : request.getMethod();
        if (path.startsWith("/scim/v2/")) {
            return scimSide.respond(request);
        }
        if (path.equals("/oauth/token")) {
            return method.equals("POST") ? token(request) : restError(405, "method_not_allowed", "use POST");
        }
        if (path.equals("/users") || path.startsWith("/users/")) {
            if (!method.equals("GET")) {
                return restError(405, "method_not_allowed", "the users API is read-only");
            }
            MockResponse denied = restAuth(request);
            if (denied != null) {
                return denied;
            }
            if (!path.equals("/users")) {
                return oneUser(path.substring("/users/".length()));
            }
            return usersPage(request.getUrl(), false);
        }
        return restError(404, "not_found", "no such endpoint");
    }

    private synchronized MockResponse token(mockwebserver3.RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Basic ") || !clientMatches(auth.substring(6).strip())) {
            return oauthError(401, "invalid_client", "client authentication failed");
        }
        Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "only client_credentials is supported");
        }
        // As RFC 6749 §3.3: the scopes asked for (space-separated) if the client holds them all, else every
        // scope the client holds; each API then refuses a token without its own scope (403).
        Set<String> granted = new LinkedHashSet<>(clientScopes);
        String scope = form.get("scope");
        if (scope != null && !scope.isBlank()) {
            Set<String> asked = new LinkedHashSet<>(Arrays.asList(scope.strip().split("\\s+")));
            if (!granted.containsAll(asked)) {
                return oauthError(400, "invalid_scope", "the client may not request that scope");
            }
            granted = asked;
        }
        String value = "td-access-" + (++tokenSerial) + "-" + java.util.UUID.randomUUID();
        tokens.put(value, new Token(Set.copyOf(granted), clock.instant().plus(tokenLifetime)));
        ObjectNode body = mapper.createObjectNode();
        body.put("access_token", value);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("scope", String.join(" ", granted));
        return json(200, body);
    }

    private boolean clientMatches(String basic) {
        try {
            String pair = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return false;
            }
            String id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            return id.equals(clientId) && secret.equals(clientSecret);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private synchronized ScimEmulator.Access access(String token, String scope) {
        Token t = tokens.get(token);
        if (t == null || !clock.instant().isBefore(t.expiresAt())) {
            return ScimEmulator.Access.UNAUTHENTICATED;
        }
        return t.scopes().contains(scope) ? ScimEmulator.Access.GRANTED : ScimEmulator.Access.FORBIDDEN;
    }

    private @Nullable MockResponse restAuth(mockwebserver3.RecordedRequest request) {
        String auth = request.getHeaders().get("Authorization");
        ScimEmulator.Access access = auth != null && auth.startsWith("Bearer ")
                ? access(auth.substring(7).strip(), USERS_READ) : ScimEmulator.Access.UNAUTHENTICATED;
        if (access == ScimEmulator.Access.UNAUTHENTICATED) {
            return restError(401, "unauthorized", "invalid or expired access token");
        }
        if (access == ScimEmulator.Access.FORBIDDEN) {
            return restError(403, "forbidden", "the access token lacks the users:read scope");
        }
        return null;
    }

    private MockResponse usersPage(HttpUrl url, boolean empty) {
        int page = Math.max(1, intParam(url.queryParameter("page"), 1));
        int perPage = Math.min(100, Math.max(1, intParam(url.queryParameter("per_page"), 20)));
        List<ObjectNode> all = scimSide.resources();
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        int from = Math.min((page - 1) * perPage, all.size());
        int to = empty ? from : Math.min(from + perPage, all.size());
        ObjectNode body = mapper.createObjectNode();
        body.put("count", to - from);
        body.put("total", all.size());
        body.put("page", page);
        body.put("per_page", perPage);
        body.put("total_pages", totalPages);
        ArrayNode users = body.putObject("_embedded").putArray("users");
        for (ObjectNode u : all.subList(from, to)) {
            users.add(restUser(u));
        }
        ObjectNode links = body.putObject("_links");
        links.putObject("self").put("href", pageHref(page, perPage));
        links.putObject("first").put("href", pageHref(1, perPage));
        links.putObject("last").put("href", pageHref(totalPages, perPage));
        if (page > 1) {
            links.putObject("prev").put("href", pageHref(page - 1, perPage));
        }
        if (page < totalPages && !empty) {
            links.putObject("next").put("href", pageHref(page + 1, perPage));
        }
        return json(200, body);
    }

    private MockResponse oneUser(String rawId) {
        String id = URLDecoder.decode(rawId, StandardCharsets.UTF_8);
        return scimSide.resource(id).<MockResponse>map(u -> json(200, restUser(u)))
                .orElseGet(() -> restError(404, "not_found", "user not found"));
    }

    private ObjectNode restUser(ObjectNode scimUser) {
        ObjectNode u = mapper.createObjectNode();
        String id = scimUser.path("id").asText();
        u.put("id", id);
        u.put("email", scimUser.path("userName").asText(""));
        JsonNode name = scimUser.path("name");
        u.put("name", (name.path("givenName").asText("") + " " + name.path("familyName").asText("")).strip());
        u.put("active", scimUser.path("active").asBoolean(false));
        u.putNull("gender");
        u.putNull("extension");
        u.putNull("external_phone_number");
        String created = scimUser.path("meta").path("created").asText("");
        try {
            u.put("created_at", Instant.parse(created).truncatedTo(ChronoUnit.SECONDS).toString());
        } catch (RuntimeException e) {
            u.putNull("created_at");
        }
        ObjectNode links = u.putObject("_links");
        links.putObject("self").put("href", requireOrigin() + "/users/" + id);
        links.putObject("account").put("href", requireOrigin() + "/account");
        return u;
    }

    private String pageHref(int page, int perPage) {
        return requireOrigin() + "/users?page=" + page + "&per_page=" + perPage;
    }

    private static int intParam(@Nullable String v, int fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "td-" + Integer.toHexString(body.hashCode())).body(body.toString()).build();
    }

    private MockResponse restError(int status, String code, String message) {
        ObjectNode e = mapper.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        return json(status, e);
    }

    private MockResponse oauthError(int status, String error, String description) {
        ObjectNode e = mapper.createObjectNode();
        e.put("error", error);
        e.put("error_description", description);
        return json(status, e);
    }

    private static String endpointKey(@Nullable String method, String path) {
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            boolean isId = parts[i - 1].equals("Users") || parts[i - 1].equals("users");
            sb.append('/').append(isId ? "{id}" : parts[i]);
        }
        return (method == null ? "?" : method) + " " + (sb.length() == 0 ? "/" : sb.toString());
    }

    /** Configuration of a {@link TalkdeskEmulator}. */
    public static final class Builder {
        private String clientId = "talkdesk-client";
        private String clientSecret = "talkdesk-secret";
        private Duration tokenLifetime = Duration.ofHours(1);
        private Set<String> clientScopes = new LinkedHashSet<>(List.of(USERS_READ, SCIM));
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private int scimRequestsPerSecond = 4;
        private OptionalInt seats = OptionalInt.empty();
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        /**
         * The OAuth client the token endpoint accepts (HTTP Basic client authentication).
         *
         * @param id the client id
         * @param secret the client secret
         * @return this builder
         */
        public Builder client(String id, String secret) {
            this.clientId = Objects.requireNonNull(id, "id");
            this.clientSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * The scopes the OAuth client was given (Talkdesk Builder, OAuth clients); default {@code users:read}
         * and {@code scim}. A token request for any other scope is refused with {@code invalid_scope}.
         *
         * @param scopes the scopes, single words, at least one
         * @return this builder
         * @throws IllegalArgumentException if there is none or one is blank or holds whitespace
         */
        public Builder clientScopes(String... scopes) {
            Set<String> s = new LinkedHashSet<>(Arrays.asList(scopes));
            if (s.isEmpty() || s.stream().anyMatch(x -> x.isBlank() || x.chars().anyMatch(Character::isWhitespace))) {
                throw new IllegalArgumentException("scopes must be non-blank single words, at least one");
            }
            this.clientScopes = s;
            return this;
        }

        /**
         * The {@code expires_in} of issued tokens, measured on {@link #clock(Clock)}; default an hour.
         *
         * @param lifetime how long a token is valid, positive
         * @return this builder
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("token lifetime must be positive");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * The clock for token expiry and {@code meta} timestamps; default the system clock.
         *
         * @param clock the clock, e.g. a {@code ManualClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The time source of the SCIM rate limit, in nanoseconds; tests may drive it by hand.
         *
         * @param nanoTime the time source
         * @return this builder
         */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * The SCIM limit, a burst of that many refilled evenly; Talkdesk documents 4 requests per second.
         *
         * @param perSecond requests a second, at least 1
         * @return this builder
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder scimRequestsPerSecond(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("requests per second must be at least 1");
            }
            this.scimRequestsPerSecond = perSecond;
            return this;
        }

        /**
         * Seats bought: a user that would make more than this many active is stored deactivated.
         *
         * @param seats the seats, not negative
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder seats(int seats) {
            if (seats < 0) {
                throw new IllegalArgumentException("seats must not be negative");
            }
            this.seats = OptionalInt.of(seats);
            return this;
        }

        /**
         * Emulated network latency: every response (REST, SCIM, token) waits this long before its
         * headers are sent (default none). For benchmarks; tests keep it zero to stay fast.
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
         * Starts an emulator with this configuration on 127.0.0.1 and a free port.
         *
         * @return the running emulator; close it to stop it
         * @throws java.io.UncheckedIOException if no port can be opened
         */
        public TalkdeskEmulator start() {
            return new TalkdeskEmulator(this).started();
        }
    }
}
