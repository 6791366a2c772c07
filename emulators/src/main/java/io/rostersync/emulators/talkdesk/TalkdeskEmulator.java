package io.rostersync.emulators.talkdesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.EmbeddedScim;
import io.rostersync.emulators.internal.FaultQueue;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.emulators.scim.EmulatorFaults;
import io.rostersync.emulators.scim.ScimEmulator;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
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
 * <p>Faults ({@link #faults()}: error statuses, 429, a connection dropped mid-body, a malformed or slow
 * body, matched by path prefix on any of the three hosts), an expired-token switch ({@link #expireTokens()}),
 * a truncated REST page ({@link #truncateNextUsersPage()}), a list that changes between two pages
 * ({@link #changeListAfterPage}) and request counts per endpoint are there for failure and cost tests. The
 * stored users can be read and changed through {@link #scim()}.
 *
 * <p>Not emulated: the rest of the Talkdesk API (calls, contacts, teams as resources, attributes), SCIM
 * PATCH and Groups, REST writes, the authorization-code grant and refresh tokens; one server plays every
 * account and region.
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may seed, inspect and script faults while a
 * client is being served.
 *
 * <pre>{@code
 * try (TalkdeskEmulator talkdesk = TalkdeskEmulator.builder().seats(10).build()) {
 *     talkdesk.start();
 *     String id = talkdesk.add(UserProfile.builder().email("ann@example.com").role("Agent").build());
 *     TalkdeskUserDirectory dir = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
 *             .clientCredentials(talkdesk.clientId(), Secret.of(talkdesk.clientSecret()))
 *             .endpoints(talkdesk.apiBaseUri(), talkdesk.tokenUri())
 *             .http(HttpSettings.builder().allowInsecureLoopback().build()).build();
 *     ...
 * }
 * }</pre>
 */
public final class TalkdeskEmulator implements AutoCloseable {

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
    private final FaultQueue faults = new FaultQueue();
    private final Routes routes = new Routes();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private int tokenSerial;
    /** Changes to make right after a list page is served, keyed by list and page. */
    private final Map<String, Runnable> betweenPages = new ConcurrentHashMap<>();
    private @Nullable MockWebServer server;
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
        ScimEmulator.Builder sb = ScimEmulator.builder()
                .basePath("/scim/v2")
                .patchSupported(false)
                .maxPageSize(100)
                .clock(b.clock)
                .nanoTime(b.nanoTime)
                .requestsPerSecond(b.scimRequestsPerSecond)
                .authorizer(token -> access(token, SCIM));
        b.seats.ifPresent(sb::seats);
        this.scim = sb.build();
        this.scimSide = EmbeddedScim.of(scim);
    }

    /**
     * Starts a configuration: client {@code talkdesk-client} / {@code talkdesk-secret} holding
     * {@code users:read} and {@code scim}, tokens valid for an hour, SCIM limited to 4 requests per second,
     * no seat limit, no latency.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * Starts a server on 127.0.0.1 and a free port, serving all three Talkdesk hosts.
     *
     * @return the REST API base URI, as {@link #apiBaseUri()}
     * @throws IllegalStateException if already started
     * @throws java.io.UncheckedIOException if no port can be opened
     */
    public synchronized URI start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        MockWebServer s = io.rostersync.emulators.internal.LoopbackServer.start(routes, "Talkdesk emulator");
        server = s;
        origin = "http://127.0.0.1:" + s.getPort();
        scimSide.servedAt(origin);
        return apiBaseUri();
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

    /** Stops the server, if started; the account's data stays readable. */
    @Override
    public void close() {
        // MockWebServer.close() closes its dispatcher too, i.e. calls back here: take the server first.
        MockWebServer running;
        synchronized (this) {
            running = server;
            server = null;
        }
        if (running != null) {
            running.close();
        }
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
     * It is served by this emulator's server: do not start it on its own. Its faults and request counts
     * stay unused: SCIM requests are counted and faulted by this emulator ({@link #requestCounts()},
     * {@link #faults()}).
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
     * Faults to inject into upcoming responses of any of the three hosts, matched by path prefix
     * ({@code "/users"}, {@code "/scim/v2/Users"}, {@code "/oauth/token"}).
     *
     * @return the fault plan of this emulator
     */
    public EmulatorFaults faults() {
        return faults;
    }

    /** Makes every token issued so far invalid, as if it expired: the next call with it gets 401. */
    public synchronized void expireTokens() {
        tokens.clear();
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
     * The next REST users page says more pages follow but carries no next link. Pending until a page has
     * more after it; {@code faults().clear()} drops it.
     */
    public void truncateNextUsersPage() {
        faults.truncateNextList();
    }

    /** A list that pages by position: Talkdesk's REST users list or its SCIM users list. */
    public enum UserList {
        /** {@code GET /users?page=…}: pages are numbered. */
        REST,
        /** {@code GET /scim/v2/Users?startIndex=…}: pages start at an index. */
        SCIM
    }

    /**
     * Runs {@code change} once, right after the given page of the list has been served and before the
     * next request is answered: the list changes between two pages of a read, as when an admin deletes
     * or adds a user while a sync pages through. For SCIM, page {@code n} is the list request whose
     * {@code startIndex} is the {@code n}th of a read ({@code startIndex=1} starts a read). Pending until
     * that page is served; {@code faults().clear()} does not drop it, {@link #clearListChanges()} does.
     *
     * @param list which list
     * @param page the page after which to change, from 1
     * @param change what to do, e.g. {@code () -> talkdesk.delete(id)}
     * @throws IllegalArgumentException if {@code page} is below 1
     */
    public void changeListAfterPage(UserList list, int page, Runnable change) {
        if (page < 1) {
            throw new IllegalArgumentException("pages count from 1");
        }
        betweenPages.put(list + "#" + page, Objects.requireNonNull(change, "change"));
    }

    /** Drops every pending {@link #changeListAfterPage} change. */
    public void clearListChanges() {
        betweenPages.clear();
        scimPagesServed.set(0);
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

    private final AtomicInteger scimPagesServed = new AtomicInteger();

    private void afterPage(UserList list, int page) {
        Runnable change = betweenPages.remove(list + "#" + page);
        if (change != null) {
            change.run();
        }
    }

    /**
     * Requests seen per endpoint: the method and the path with ids as {@code {id}}, e.g.
     * {@code "GET /users"}, {@code "POST /scim/v2/Users"}, {@code "POST /oauth/token"}.
     *
     * @return a sorted copy of the counts
     */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * Requests seen for one endpoint.
     *
     * @param endpoint a key as in {@link #requestCounts()}
     * @return how many; 0 for an endpoint never called
     */
    public int requestCount(String endpoint) {
        AtomicInteger n = counts.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /**
     * Requests seen under {@code /scim/v2}, refused ones included.
     *
     * @return how many
     */
    public int scimRequests() {
        int n = 0;
        for (Map.Entry<String, AtomicInteger> e : counts.entrySet()) {
            if (e.getKey().contains(" /scim/v2/")) {
                n += e.getValue().get();
            }
        }
        return n;
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

    /** Serves the emulator's server: counts, faults and latency around {@link #respond}. */
    private final class Routes extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String key = endpointKey(request.getMethod(), path);
            counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return delayed(faults.apply(path, () -> respond(request)).orElseGet(() -> respond(request)), latency);
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

    private MockResponse respond(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod() == null ? "" : request.getMethod();
        if (path.startsWith("/scim/v2/")) {
            MockResponse r = scimSide.respond(request);
            if (method.equals("GET") && path.equals("/scim/v2/Users") && r.getCode() == 200
                    && request.getUrl().queryParameter("filter") == null) {
                String start = request.getUrl().queryParameter("startIndex");
                int page = start == null || start.strip().equals("1") ? scimPagesServed.updateAndGet(n -> 1)
                        : scimPagesServed.incrementAndGet();
                afterPage(UserList.SCIM, page);
            }
            return r;
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
            MockResponse page = usersPage(request.getUrl());
            afterPage(UserList.REST, Math.max(1, intParam(request.getUrl().queryParameter("page"), 1)));
            return page;
        }
        return restError(404, "not_found", "no such endpoint");
    }

    private synchronized MockResponse token(RecordedRequest request) {
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

    private @Nullable MockResponse restAuth(RecordedRequest request) {
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

    private MockResponse usersPage(HttpUrl url) {
        int page = Math.max(1, intParam(url.queryParameter("page"), 1));
        int perPage = Math.min(100, Math.max(1, intParam(url.queryParameter("per_page"), 20)));
        List<ObjectNode> all = scimSide.resources();
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        int from = Math.min((page - 1) * perPage, all.size());
        int to = Math.min(from + perPage, all.size());
        boolean truncate = page < totalPages && faults.takeListTruncation();
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
        if (page < totalPages && !truncate) {
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
         * Builds the emulator; {@link TalkdeskEmulator#start()} starts its server.
         *
         * @return the emulator
         */
        public TalkdeskEmulator build() {
            return new TalkdeskEmulator(this);
        }
    }
}
