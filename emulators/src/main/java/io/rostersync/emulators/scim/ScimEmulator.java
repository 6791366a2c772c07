package io.rostersync.emulators.scim;

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
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.emulators.internal.TestHttp;
import io.rostersync.emulators.internal.VendorHooks;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.Secret;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.Username;
import io.rostersync.scim.ScimUserDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A stateful SCIM 2.0 service provider (RFC 7643/7644, User resource only) on a loopback HTTP server,
 * for testing SCIM clients offline: bearer auth, {@code /ServiceProviderConfig},
 * list with {@code startIndex}/{@code count} and {@code filter=attr eq "value"}, create with
 * {@code 409 uniqueness} on a taken {@code userName} (case-insensitive, as RFC 7643 declares it), get,
 * replace (PUT), PATCH (or 501 when configured without it; value filter paths such as
 * {@code emails[primary eq true].value} and {@code roles[value eq "x"]}, 400 {@code noTarget} when nothing
 * matches), delete, schema extensions stored as sent, optional ETags ({@code meta.version}, {@code ETag},
 * 412 to a stale {@code If-Match}), an optional strict Content-Type check ({@code application/scim+json}),
 * an optional case-sensitive userName filter (a common deviation from RFC 7643), an optional seat limit (a
 * user that would exceed it is stored deactivated, the way Talkdesk does), and an optional
 * requests-per-second limit answered with 429 and {@code Retry-After}.
 *
 * <p>A test scripts it, exercises its code, then verifies what the emulator received:
 *
 * <pre>{@code
 * try (ScimEmulator scim = ScimEmulator.start()) {
 *     scim.add(UserProfile.builder().email("ann@example.com").firstName("Ann").build());
 *     scim.faults().next(ScimEmulator.CREATE_USER, Fault.status(503));
 *
 *     ScimUserDirectory directory = scim.directory().build();
 *     ... exercise the code under test with directory ...
 *
 *     assertThat(scim.requests()).filteredOn(r -> ScimEmulator.CREATE_USER.matches(r.method(), r.path())).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Seeding and inspection work on plain Java values: {@link #add(UserProfile)} from a profile,
 * {@link #addResource(Map)} for a raw resource, {@link #user(String)} and {@link #attribute(String, String)}
 * to read what was stored, {@link #edit(String, String, Object)} for an admin's change behind the client's
 * back, {@link #remove(String)} and {@link #insertFirst(Map)} for changes while a client pages.
 *
 * <p>Faults ({@link #faults()}) on its routes ({@link #LIST_USERS}, {@link #CREATE_USER}, {@link #USER},
 * {@link #USERS}, {@link #SERVICE_PROVIDER_CONFIG}): every {@link io.rostersync.emulators.Fault} but
 * {@link io.rostersync.emulators.Fault.PartialBatchFailure} (this emulator has no {@code /Bulk}). Its
 * shapes: an error status answers a SCIM error body; {@link io.rostersync.emulators.Fault.EmptyList} on
 * {@link #LIST_USERS} is a page without {@code Resources} whose {@code totalResults} still counts every
 * match (a short read a client must notice); {@link io.rostersync.emulators.Fault.TokenExpired} is 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}. The route constants are for the default base path
 * {@code /scim/v2}; with {@link Builder#basePath(String)} build routes under that path.
 *
 * <p>Not emulated: Groups, {@code /Bulk}, {@code /.search}, sorting, {@code attributes} and
 * {@code excludedAttributes}, filters other than {@code attr eq "value"}, and the {@code /Schemas} and
 * {@code /ResourceTypes} discovery endpoints.
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may seed, inspect and plan faults while
 * a client is being served.
 */
public final class ScimEmulator implements Emulator<ScimUserDirectory.Builder> {

    /** Every call on the users endpoint and below it: {@code * /scim/v2/Users/**}. */
    public static final Route USERS = Route.of("*", "/scim/v2/Users/**");
    /** A page of the users list (a filtered lookup included): {@code GET /scim/v2/Users}. */
    public static final Route LIST_USERS = Route.of("GET", "/scim/v2/Users");
    /** A create: {@code POST /scim/v2/Users}. */
    public static final Route CREATE_USER = Route.of("POST", "/scim/v2/Users");
    /** A call on one user (get, replace, patch, delete): {@code * /scim/v2/Users/*}. */
    public static final Route USER = Route.of("*", "/scim/v2/Users/*");
    /** The discovery document: {@code GET /scim/v2/ServiceProviderConfig}. */
    public static final Route SERVICE_PROVIDER_CONFIG = Route.of("GET", "/scim/v2/ServiceProviderConfig");

    static {
        EmbeddedScim.install(new EmbeddedScim.Access() {
            @Override
            public EmbeddedScim open(ScimEmulator scim) {
                return scim.embedding;
            }

            @Override
            public ScimEmulator embed(Builder builder, EmulatorEngine host) {
                return new ScimEmulator(builder, host);
            }
        });
    }

    /** The SCIM core user schema URN. */
    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static final Pattern FILTER = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9.]*)\\s+(?i:eq)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    /** What an authorizer decides about a bearer token. */
    public enum Access {
        /** Go ahead. */
        GRANTED,
        /** Unknown or expired token: 401. */
        UNAUTHENTICATED,
        /** Valid token without the needed scope: 403. */
        FORBIDDEN
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final String basePath;
    private final Function<String, Access> authorizer;
    private final boolean patchSupported;
    private final int maxPageSize;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final OptionalInt requestsPerSecond;
    private final boolean etags;
    private final boolean strictMediaType;
    private final boolean caseExactUserNameFilter;
    private final boolean valueFilterPaths;
    private final String directoryToken;
    private final Embedding embedding = new Embedding();
    private final EmulatorEngine engine;
    /** Served by another emulator's server and engine (Talkdesk): not started or closed on its own. */
    private final boolean embedded;
    private long versionSerial;

    private final LinkedHashMap<String, ObjectNode> users = new LinkedHashMap<>();
    private OptionalInt seats;
    private long idSerial;
    private int rateLimited;
    // Token bucket for the requests-per-second limit: holds up to one second's worth of requests.
    private double bucket;
    private long bucketRefilledAt;

    private @Nullable String origin;

    private ScimEmulator(Builder b, @Nullable EmulatorEngine host) {
        this.directoryToken = b.directoryToken;
        this.basePath = b.basePath;
        this.authorizer = b.authorizer;
        this.patchSupported = b.patchSupported;
        this.maxPageSize = b.maxPageSize;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
        this.requestsPerSecond = b.requestsPerSecond;
        this.etags = b.etags;
        this.strictMediaType = b.strictMediaType;
        this.caseExactUserNameFilter = b.caseExactUserNameFilter;
        this.valueFilterPaths = b.valueFilterPaths;
        this.seats = b.seats;
        this.bucket = requestsPerSecond.orElse(0);
        this.bucketRefilledAt = nanoTime.getAsLong();
        this.embedded = host != null;
        this.engine = host != null ? host : new EmulatorEngine("SCIM emulator", new Hooks());
    }

    /**
     * Starts a configuration: bearer token {@code "scim-token"}, base path {@code /scim/v2}, PATCH
     * supported, pages of up to 100, value filter paths, no ETags, no seat or rate limit.
     *
     * @return a new builder; {@link Builder#start()} starts the emulator
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator with the defaults of {@link #builder()} on 127.0.0.1 and a free port.
     *
     * @return the running emulator; close it to stop it
     * @throws java.io.UncheckedIOException if no port can be opened
     */
    public static ScimEmulator start() {
        return builder().start();
    }

    /**
     * A JUnit 5 extension that starts an emulator with the defaults per test (instance field) or per class
     * (static field); for another configuration use {@code EmulatorExtension.of(() -> ScimEmulator.builder()...start())}.
     *
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static EmulatorExtension<ScimEmulator> extension() {
        return EmulatorExtension.of(ScimEmulator::start);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    private ScimEmulator started() {
        MockWebServer s = engine.start();
        servedAt("http://127.0.0.1:" + s.getPort());
        return this;
    }

    /**
     * The SCIM base URI, with a trailing slash.
     *
     * @return the base URI, for example {@code http://127.0.0.1:41234/scim/v2/}
     */
    @Override
    public synchronized URI baseUri() {
        if (origin == null) {
            throw new IllegalStateException("the SCIM emulator is not served yet");
        }
        return URI.create(origin + basePath + "/");
    }

    /**
     * A new builder of a {@link ScimUserDirectory} named {@code "scim-emulator"} on {@link #baseUri()}, with
     * the bearer token of {@link Builder#bearerToken(String)} (default {@code "scim-token"}), pages of
     * the emulator's maximum page size, and test-friendly HTTP settings (loopback http, short retries).
     * With a custom {@link Builder#authorizer(Function)}, set the directory's auth yourself.
     *
     * @return a new directory builder
     * @throws IllegalStateException if this SCIM emulator is embedded in a Talkdesk emulator (use its
     *     {@code directory()})
     */
    @Override
    public ScimUserDirectory.Builder directory() {
        if (embedded) {
            throw new IllegalStateException("this SCIM emulator is served by a Talkdesk emulator, whose tokens it takes: "
                    + "use TalkdeskEmulator.directory()");
        }
        return ScimUserDirectory.builder("scim-emulator", baseUri())
                .auth(HttpAuth.bearer(Secret.of(directoryToken)))
                .pageSize(maxPageSize)
                .http(TestHttp.settings().build());
    }

    /**
     * The faults planned for the next responses, per route. For a SCIM emulator embedded in a Talkdesk
     * emulator, the Talkdesk emulator's plan.
     *
     * @return the fault plan
     */
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
     * Tells the emulator the origin it is served at when another emulator embeds it (used for
     * {@code meta.location} and {@code Location} headers).
     */
    private synchronized void servedAt(String origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** Stops the server; the stored users stay readable. Idempotent; does nothing to an embedded emulator. */
    @Override
    public void close() {
        if (!embedded) {
            engine.close();
        }
    }

    // ---- seeding and inspection --------------------------------------------------------------

    /**
     * Adds a user from a profile, as if it had always been there: userName is the username or else the
     * email, the email also goes to {@code emails} (primary), roles to the core {@code roles}, the status to
     * {@code active}. The seat limit does not apply.
     *
     * @param profile the person; needs a username or an email
     * @return the new user's id
     * @throws IllegalArgumentException if the profile has neither a username nor an email
     */
    public String add(UserProfile profile) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        user.put("userName", profile.username().map(Username::value)
                .or(() -> profile.email().map(EmailAddress::value))
                .orElseThrow(() -> new IllegalArgumentException("a SCIM user needs a username or an email")));
        ObjectNode name = user.putObject("name");
        name.put("givenName", profile.firstName());
        name.put("familyName", profile.lastName());
        profile.email().ifPresent(e -> user.putArray("emails").addObject().put("value", e.value()).put("primary", true));
        user.put("active", profile.status().holdsSeat());
        if (!profile.roles().isEmpty()) {
            ArrayNode roles = user.putArray("roles");
            profile.roles().forEach(r -> roles.addObject().put("value", r));
        }
        return addNode(user);
    }

    /**
     * Adds a user resource exactly as given, as if it had always been there: for records a real service
     * may hold that a client must cope with (a missing email, an odd extension). The resource is a JSON
     * object as plain Java values: nested {@code Map}s and {@code List}s, {@code String}, {@code Boolean},
     * numbers, and {@code null} for JSON null. An {@code id} in it is kept; {@code meta} is set.
     *
     * <pre>{@code
     * String id = scim.addResource(Map.of("userName", "not-an-email", "active", true,
     *         "name", Map.of("givenName", "Bad", "familyName", "Address")));
     * }</pre>
     *
     * @param resource the resource's attributes
     * @return its id
     * @throws IllegalArgumentException if a key is not a string or a value has no JSON form
     */
    public String addResource(Map<String, ?> resource) {
        return addNode(JsonValues.object(resource));
    }

    private synchronized String addNode(ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        String id = copy.path("id").isTextual() ? copy.get("id").asText() : newId();
        copy.put("id", id);
        stamp(copy, null);
        users.put(id, copy);
        return id;
    }

    /**
     * The stored user as the emulator would return it (with {@code schemas} and {@code meta}), as an
     * unmodifiable JSON view: objects are {@code Map<String, Object>} in attribute order, arrays
     * {@code List<Object>}, whole numbers {@code Long}; attributes whose value is JSON null are left out.
     * For one attribute, {@link #attribute(String, String)} is shorter.
     *
     * <pre>{@code
     * assertThat(scim.user(id).orElseThrow()).containsEntry("active", false).containsKey("emails");
     * }</pre>
     *
     * @param id the user's id
     * @return the user, or empty if there is none with this id
     */
    public Optional<Map<String, Object>> user(String id) {
        return node(id).map(JsonValues::view);
    }

    /**
     * Every stored user, in list order, each as {@link #user(String)} returns it.
     *
     * @return the users; empty if there are none
     */
    public List<Map<String, Object>> users() {
        return nodes().stream().map(JsonValues::view).toList();
    }

    private synchronized Optional<ObjectNode> node(String id) {
        ObjectNode u = users.get(id);
        return u == null ? Optional.empty() : Optional.of(render(u));
    }

    private synchronized List<ObjectNode> nodes() {
        List<ObjectNode> out = new ArrayList<>();
        users.values().forEach(u -> out.add(render(u)));
        return out;
    }

    /**
     * Changes one attribute of a stored user behind the client's back, as an admin edit in the vendor's UI
     * would: {@code meta.lastModified} (and the version, with ETags on) moves on.
     *
     * <pre>{@code
     * scim.edit(id, "name.familyName", "Edited");
     * scim.edit(id, TalkdeskEmulator.EXTENSION + ":rolesString", "Agent;Admin");
     * }</pre>
     *
     * @param id the user's id
     * @param attribute a top-level attribute ({@code "userName"}), a sub-attribute ({@code "name.familyName"}),
     *     an extension's attribute after its schema URN ({@code "urn:…:User:rolesString"}), or the URN of an
     *     extension the user holds; a missing parent object is created
     * @param value the new value, as plain Java values (see {@link #addResource(Map)})
     * @throws IllegalArgumentException if there is no such user, the path is malformed, its parent is not
     *     an object, or the value has no JSON form
     */
    public synchronized void edit(String id, String attribute, Object value) {
        Objects.requireNonNull(value, "value");
        ObjectNode u = stored(id);
        List<String> path = attributePath(u, attribute);
        ObjectNode parent = u;
        for (String name : path.subList(0, path.size() - 1)) {
            JsonNode existing = parent.get(name);
            if (existing == null || existing.isNull()) {
                parent = parent.putObject(name);
            } else if (existing.isObject()) {
                parent = (ObjectNode) existing;
            } else {
                throw new IllegalArgumentException(name + " is not an object in the stored user, so " + attribute
                        + " cannot be set");
            }
        }
        parent.set(path.get(path.size() - 1), JsonValues.node(value, attribute));
        stamp(u, u.path("meta").path("created").asText(null));
    }

    /**
     * One attribute of a stored user, as {@link #user(String)} shows it: a {@code String}, {@code Boolean},
     * {@code Long}, {@code Double}, or a {@code Map}/{@code List} for a complex or multi-valued attribute.
     *
     * <pre>{@code
     * assertThat(scim.attribute(id, "name.givenName")).contains("Ada");
     * }</pre>
     *
     * @param id the user's id
     * @param attribute an attribute path, as for {@link #edit(String, String, Object)}
     * @return the value, or empty if the user has no such attribute (or it is null)
     * @throws IllegalArgumentException if there is no such user or the path is malformed
     */
    public synchronized Optional<Object> attribute(String id, String attribute) {
        ObjectNode user = stored(id);
        JsonNode node = render(user);
        for (String name : attributePath(user, attribute)) {
            node = node.path(name);
        }
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        ObjectNode holder = mapper.createObjectNode();
        holder.set("value", node);
        return Optional.ofNullable(JsonValues.view(holder).get("value"));
    }

    private ObjectNode stored(String id) {
        Objects.requireNonNull(id, "id");
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        return u;
    }

    /**
     * The member names from the user down to the attribute: [schema URN,] attribute[, sub-attribute]; an
     * extension's URN on its own names the whole extension object the user holds.
     */
    private static List<String> attributePath(ObjectNode user, String attribute) {
        Objects.requireNonNull(attribute, "attribute");
        if (attribute.startsWith("urn:") && user.has(attribute)) {
            return List.of(attribute);
        }
        List<String> path = new ArrayList<>();
        String rest = attribute;
        int colon = attribute.lastIndexOf(':');
        if (colon >= 0) {
            path.add(attribute.substring(0, colon));
            rest = attribute.substring(colon + 1);
        }
        int dot = rest.indexOf('.');
        if (dot >= 0) {
            path.add(rest.substring(0, dot));
            rest = rest.substring(dot + 1);
        }
        path.add(rest);
        if (path.stream().anyMatch(String::isEmpty) || rest.indexOf('.') >= 0) {
            throw new IllegalArgumentException("not an attribute path: \"" + attribute
                    + "\"; use name, name.subName or urn:...:name");
        }
        return path;
    }

    /**
     * The number of stored users, active or not.
     *
     * @return how many users there are
     */
    public synchronized int size() {
        return users.size();
    }

    /**
     * Users whose {@code active} is true: with a seat limit, the seats in use.
     *
     * @return how many
     */
    public synchronized int activeCount() {
        int n = 0;
        for (ObjectNode u : users.values()) {
            if (u.path("active").asBoolean(false)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sets or lifts the seat limit for the writes that follow: a user that would make more than
     * {@code seats} active is stored deactivated.
     *
     * @param seats the seats, or empty for no limit
     */
    public synchronized void seats(OptionalInt seats) {
        this.seats = Objects.requireNonNull(seats, "seats");
    }

    /**
     * Deletes a user behind the client's back.
     *
     * @param id the user's id
     * @return whether there was such a user
     */
    public synchronized boolean remove(String id) {
        return users.remove(id) != null;
    }

    /**
     * Moves a user to the end of the list order, same id and data (as a service whose list order follows a
     * changing field would): everyone after it shifts one position down.
     *
     * @param id the user's id
     * @return whether there was such a user
     */
    public synchronized boolean moveToEnd(String id) {
        ObjectNode u = users.remove(Objects.requireNonNull(id, "id"));
        if (u == null) {
            return false;
        }
        users.put(id, u);
        return true;
    }

    /**
     * Adds a user resource, as {@link #addResource(Map)} does, at the front of the list order.
     *
     * @param resource the resource's attributes
     * @return its id
     * @throws IllegalArgumentException if a key is not a string or a value has no JSON form
     */
    public String insertFirst(Map<String, ?> resource) {
        return insertFirst(JsonValues.object(resource));
    }

    private synchronized String insertFirst(ObjectNode resource) {
        String id = addNode(resource);
        ObjectNode u = users.remove(id);
        LinkedHashMap<String, ObjectNode> reordered = new LinkedHashMap<>();
        reordered.put(id, u);
        reordered.putAll(users);
        users.clear();
        users.putAll(reordered);
        return id;
    }

    /**
     * Requests answered 429 by the requests-per-second limit so far (not injected faults).
     *
     * @return how many
     */
    public synchronized int rateLimitedCount() {
        return rateLimited;
    }

    /**
     * Requests received per endpoint, counted from {@link #requests()}: the method and the path with ids as
     * {@code {id}}, e.g. {@code "POST /scim/v2/Users"}, {@code "GET /scim/v2/Users/{id}"}. Faulted and refused
     * requests count.
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

    // ---- dispatch ----------------------------------------------------------------------------

    /** How the shared engine serves this emulator and shapes its faults. */
    private final class Hooks implements VendorHooks {

        @Override
        public MockResponse serve(mockwebserver3.RecordedRequest request) {
            return respond(request);
        }

        @Override
        public MockResponse error(int status, String detail) {
            return ScimEmulator.this.error(status, null, detail);
        }

        @Override
        public MockResponse tokenExpired(mockwebserver3.RecordedRequest request) {
            return expiredToken();
        }

        @Override
        public List<Route> listRoutes() {
            return List.of(Route.of("GET", basePath + "/Users"));
        }

        @Override
        public MockResponse emptyList(mockwebserver3.RecordedRequest request) {
            return ScimEmulator.this.emptyList(request);
        }

        @Override
        public String jsonContentType() {
            return "application/scim+json";
        }
    }

    /** The 401 of an expired bearer token (RFC 6750 section 3.1). */
    private MockResponse expiredToken() {
        return error(401, null, "The access token expired").newBuilder()
                .setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token expired\"")
                .build();
    }

    private MockResponse emptyList(mockwebserver3.RecordedRequest request) {
        try {
            synchronized (this) {
                return list(request.getUrl(), true);
            }
        } catch (BadRequest e) {
            return error(e.status, e.scimType, e.detail);
        }
    }

    /** Lends the embedding side to the Talkdesk emulator. */
    private final class Embedding implements EmbeddedScim {

        @Override
        public MockResponse respond(mockwebserver3.RecordedRequest request) {
            return ScimEmulator.this.respond(request);
        }

        @Override
        public MockResponse emptyList(mockwebserver3.RecordedRequest request) {
            return ScimEmulator.this.emptyList(request);
        }

        @Override
        public MockResponse error(int status, String detail) {
            return ScimEmulator.this.error(status, null, detail);
        }

        @Override
        public MockResponse expiredToken() {
            return ScimEmulator.this.expiredToken();
        }

        @Override
        public void servedAt(String origin) {
            ScimEmulator.this.servedAt(origin);
        }

        @Override
        public String add(ObjectNode resource) {
            return addNode(resource);
        }

        @Override
        public Optional<ObjectNode> resource(String id) {
            return node(id);
        }

        @Override
        public List<ObjectNode> resources() {
            return nodes();
        }
    }

    private MockResponse respond(mockwebserver3.RecordedRequest request) {
        String path = pathOf(request);
        if (!path.startsWith(basePath + "/")) {
            return error(404, null, "no such endpoint");
        }
        String header = request.getHeaders().get("Authorization");
        Access access = header != null && header.startsWith("Bearer ")
                ? authorizer.apply(header.substring("Bearer ".length()).strip()) : Access.UNAUTHENTICATED;
        if (access == Access.UNAUTHENTICATED) {
            return error(401, null, "missing or invalid authorization");
        }
        if (access == Access.FORBIDDEN) {
            return error(403, null, "the token does not grant this operation");
        }
        if (!takePermit()) {
            return error(429, null, "Too many requests").newBuilder().setHeader("Retry-After", "1").build();
        }
        String rest = path.substring(basePath.length());
        String method = request.getMethod() == null ? "" : request.getMethod();
        try {
            synchronized (this) {
                return route(method, rest, request);
            }
        } catch (BadRequest e) {
            return error(e.status, e.scimType, e.detail);
        }
    }

    private MockResponse route(String method, String rest, mockwebserver3.RecordedRequest request) {
        if (strictMediaType && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            String type = request.getHeaders().get("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/scim+json")) {
                return error(400, "invalidSyntax", "Content-Type must be application/scim+json, was " + type);
            }
        }
        if (rest.equals("/ServiceProviderConfig") && method.equals("GET")) {
            return ok(200, serviceProviderConfig());
        }
        if (rest.equals("/Users")) {
            if (method.equals("GET")) {
                return list(request.getUrl(), false);
            }
            if (method.equals("POST")) {
                return create(body(request));
            }
            return error(405, null, "method not allowed");
        }
        if (rest.startsWith("/Users/") && rest.indexOf('/', "/Users/".length()) < 0) {
            String id = java.net.URLDecoder.decode(rest.substring("/Users/".length()), StandardCharsets.UTF_8);
            ObjectNode existing = users.get(id);
            if (existing == null) {
                return error(404, null, "Resource " + id + " not found");
            }
            if (method.equals("GET")) {
                return okUser(200, render(existing));
            }
            String ifMatch = request.getHeaders().get("If-Match");
            if (etags && ifMatch != null && !ifMatch.strip().equals("*")
                    && !ifMatch.strip().equals(existing.path("meta").path("version").asText(""))) {
                return error(412, null, "the resource has changed (If-Match " + ifMatch + ")");
            }
            if (method.equals("PUT")) {
                return replace(existing, body(request));
            }
            if (method.equals("PATCH")) {
                if (!patchSupported) {
                    return error(501, null, "PATCH is not supported");
                }
                return patch(existing, body(request));
            }
            if (method.equals("DELETE")) {
                users.remove(id);
                return new MockResponse.Builder().code(204).build();
            }
            return error(405, null, "method not allowed");
        }
        return error(404, null, "no such endpoint");
    }

    private ObjectNode serviceProviderConfig() {
        ObjectNode c = mapper.createObjectNode();
        c.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        c.putObject("patch").put("supported", patchSupported);
        c.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        c.putObject("filter").put("supported", true).put("maxResults", maxPageSize);
        c.putObject("changePassword").put("supported", false);
        c.putObject("sort").put("supported", false);
        c.putObject("etag").put("supported", etags);
        return c;
    }

    private MockResponse list(HttpUrl url, boolean empty) {
        int startIndex = intParam(url, "startIndex", 1);
        int count = Math.min(intParam(url, "count", maxPageSize), maxPageSize);
        if (startIndex < 1) {
            startIndex = 1;
        }
        if (count < 0) {
            count = 0;
        }
        String filter = url.queryParameter("filter");
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode u : users.values()) {
            if (filter == null || matches(u, filter)) {
                matching.add(u);
            }
        }
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(LIST);
        body.put("totalResults", matching.size());
        ArrayNode resources = body.putArray("Resources");
        int from = Math.min(startIndex - 1, matching.size());
        int to = Math.min(from + count, matching.size());
        if (empty) {
            to = from;
        }
        for (ObjectNode u : matching.subList(from, to)) {
            resources.add(render(u));
        }
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", to - from);
        return ok(200, body);
    }

    private boolean matches(ObjectNode user, String filter) {
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw new BadRequest(400, "invalidFilter", "only 'attribute eq \"value\"' filters are supported");
        }
        String attr = m.group(1);
        String value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
        switch (attr.toLowerCase(Locale.ROOT)) {
            case "username":
                return caseExactUserNameFilter ? user.path("userName").asText("").equals(value)
                        : user.path("userName").asText("").equalsIgnoreCase(value);
            case "externalid":
                return user.path("externalId").asText("").equals(value);
            case "id":
                return user.path("id").asText("").equals(value);
            case "emails", "emails.value":
                for (JsonNode e : user.path("emails")) {
                    if (e.path("value").asText("").equalsIgnoreCase(value)) {
                        return true;
                    }
                }
                return false;
            default:
                throw new BadRequest(400, "invalidFilter", "filtering on " + attr + " is not supported");
        }
    }

    private MockResponse create(ObjectNode body) {
        validate(body, null);
        ObjectNode user = body.deepCopy();
        user.remove("meta");
        String id = newId();
        user.put("id", id);
        applySeatRule(user, false);
        stamp(user, null);
        users.put(id, user);
        return okUser(201, render(user)).newBuilder().setHeader("Location", location(id)).build();
    }

    private MockResponse replace(ObjectNode existing, ObjectNode body) {
        String id = existing.get("id").asText();
        validate(body, id);
        ObjectNode user = body.deepCopy();
        user.remove("meta");
        user.put("id", id);
        applySeatRule(user, existing.path("active").asBoolean(false));
        stamp(user, existing.path("meta").path("created").asText(null));
        users.put(id, user);
        return okUser(200, render(user));
    }

    private MockResponse patch(ObjectNode existing, ObjectNode body) {
        JsonNode ops = body.path("Operations");
        if (!ops.isArray() || ops.isEmpty()) {
            throw new BadRequest(400, "invalidSyntax", "a PatchOp needs Operations");
        }
        ObjectNode user = existing.deepCopy();
        for (JsonNode op : ops) {
            applyOperation(user, op);
        }
        String id = existing.get("id").asText();
        validate(user, id);
        applySeatRule(user, existing.path("active").asBoolean(false));
        stamp(user, existing.path("meta").path("created").asText(null));
        users.put(id, user);
        return okUser(200, render(user));
    }

    private void applyOperation(ObjectNode user, JsonNode op) {
        String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
        if (!kind.equals("add") && !kind.equals("replace") && !kind.equals("remove")) {
            throw new BadRequest(400, "invalidSyntax", "unknown patch op '" + kind + "'");
        }
        JsonNode value = op.path("value");
        if (!op.hasNonNull("path")) {
            if (kind.equals("remove") || !value.isObject()) {
                throw new BadRequest(400, "noTarget", "an operation without path needs an object value");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getValue().isObject() && user.path(f.getKey()).isObject()) {
                    ((ObjectNode) user.get(f.getKey())).setAll((ObjectNode) f.getValue());
                } else {
                    user.set(f.getKey(), f.getValue());
                }
            }
            return;
        }
        String path = op.get("path").asText();
        if (path.contains("[")) {
            if (!valueFilterPaths) {
                throw new BadRequest(400, "invalidPath", "value filters in paths are not supported");
            }
            applyFiltered(user, kind, path, value);
            return;
        }
        ObjectNode container = user;
        String attr = path;
        if (path.startsWith("urn:")) {
            int colon = path.lastIndexOf(':');
            String urn = path.substring(0, colon);
            attr = path.substring(colon + 1);
            if (urn.equals(CORE_USER)) {
                container = user;
            } else {
                container = user.has(urn) && user.get(urn).isObject() ? (ObjectNode) user.get(urn) : user.putObject(urn);
            }
        }
        int dot = attr.indexOf('.');
        if (dot > 0) {
            String parent = attr.substring(0, dot);
            attr = attr.substring(dot + 1);
            container = container.has(parent) && container.get(parent).isObject()
                    ? (ObjectNode) container.get(parent) : container.putObject(parent);
        }
        if (kind.equals("remove")) {
            container.remove(attr);
        } else if (kind.equals("add") && container.path(attr).isArray() && value.isArray()) {
            ((ArrayNode) container.get(attr)).addAll((ArrayNode) value);
        } else {
            container.set(attr, value);
        }
    }

    private static final Pattern VALUE_PATH = Pattern.compile(
            "([A-Za-z][A-Za-z0-9]*)\\[\\s*([A-Za-z][A-Za-z0-9]*)\\s+(?i:eq)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|true|false)\\s*\\](?:\\.([A-Za-z][A-Za-z0-9]*))?");

    /**
     * An operation on {@code attr[sub eq value]} or {@code attr[sub eq value].sub2} of a multi-valued core
     * attribute (RFC 7644 section 3.5.2): replace/add set the selected values (or their sub-attribute),
     * remove drops them (or their sub-attribute); no selected value is 400 {@code noTarget}.
     */
    private static void applyFiltered(ObjectNode user, String kind, String path, JsonNode value) {
        Matcher m = VALUE_PATH.matcher(path);
        if (!m.matches()) {
            throw new BadRequest(400, "invalidPath", "unsupported path " + path);
        }
        String attr = m.group(1);
        String sub = m.group(2);
        String literal = m.group(3);
        String subAttr = m.group(4);
        JsonNode wanted = literal.startsWith("\"")
                ? JsonNodeFactory.instance.textNode(literal.substring(1, literal.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"))
                : JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(literal));
        JsonNode values = user.path(attr);
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; values.isArray() && i < values.size(); i++) {
            JsonNode have = values.get(i).path(sub);
            boolean same = wanted.isTextual() ? have.isTextual() && have.asText().equalsIgnoreCase(wanted.asText())
                    : have.isBoolean() && have.asBoolean() == wanted.asBoolean();
            if (same && values.get(i).isObject()) {
                selected.add(i);
            }
        }
        if (selected.isEmpty()) {
            if (kind.equals("remove")) {
                return;
            }
            throw new BadRequest(400, "noTarget", "no value of " + attr + " matches " + path);
        }
        ArrayNode array = (ArrayNode) values;
        for (int k = selected.size() - 1; k >= 0; k--) {
            int i = selected.get(k);
            ObjectNode element = (ObjectNode) array.get(i);
            if (kind.equals("remove")) {
                if (subAttr == null) {
                    array.remove(i);
                } else {
                    element.remove(subAttr);
                }
            } else if (subAttr != null) {
                element.set(subAttr, value);
            } else if (value.isObject()) {
                element.setAll((ObjectNode) value);
            } else {
                throw new BadRequest(400, "invalidValue", "a filtered " + kind + " without a sub-attribute needs an object value");
            }
        }
    }

    private void validate(ObjectNode user, @Nullable String selfId) {
        JsonNode userName = user.path("userName");
        if (!userName.isTextual() || userName.asText().isBlank()) {
            throw new BadRequest(400, "invalidValue", "userName is required");
        }
        for (ObjectNode other : users.values()) {
            if (!other.get("id").asText().equals(selfId) && other.path("userName").asText("").equalsIgnoreCase(userName.asText())) {
                throw new BadRequest(409, "uniqueness", "userName is already taken");
            }
        }
    }

    private void applySeatRule(ObjectNode user, boolean wasActive) {
        if (seats.isEmpty() || wasActive || !user.path("active").asBoolean(true)) {
            return;
        }
        if (activeCount() >= seats.getAsInt()) {
            user.put("active", false);
        } else {
            user.put("active", true);
        }
    }

    private boolean takePermit() {
        if (requestsPerSecond.isEmpty()) {
            return true;
        }
        synchronized (this) {
            int rate = requestsPerSecond.getAsInt();
            long now = nanoTime.getAsLong();
            bucket = Math.min(rate, bucket + (now - bucketRefilledAt) / 1e9 * rate);
            bucketRefilledAt = now;
            if (bucket >= 1.0) {
                bucket -= 1.0;
                return true;
            }
            rateLimited++;
            return false;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String newId() {
        return UUID.nameUUIDFromBytes(("scim-user-" + (++idSerial)).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void stamp(ObjectNode user, @Nullable String created) {
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        ObjectNode meta = user.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", created == null ? now : created);
        meta.put("lastModified", now);
        if (etags) {
            meta.put("version", "W/\"" + (++versionSerial) + "\"");
        }
    }

    /** A 200/201 with a user resource, with its version as {@code ETag} when ETags are on. */
    private MockResponse okUser(int status, ObjectNode rendered) {
        MockResponse r = ok(status, rendered);
        String version = rendered.path("meta").path("version").asText("");
        return etags && !version.isEmpty() ? r.newBuilder().setHeader("ETag", version).build() : r;
    }

    private ObjectNode render(ObjectNode stored) {
        ObjectNode out = mapper.createObjectNode();
        ArrayNode schemas = out.putArray("schemas");
        schemas.add(CORE_USER);
        for (Iterator<String> it = stored.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.startsWith("urn:")) {
                schemas.add(f);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("schemas")) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        ((ObjectNode) out.get("meta")).put("location", location(stored.get("id").asText()));
        return out;
    }

    private String location(String id) {
        return (origin == null ? "" : origin) + basePath + "/Users/" + id;
    }

    private ObjectNode body(mockwebserver3.RecordedRequest request) {
        try {
            JsonNode node = request.getBody() == null ? null : mapper.readTree(request.getBody().utf8());
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, "invalidSyntax", "the body must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new BadRequest(400, "invalidSyntax", "the body is not valid JSON");
        }
    }

    private static int intParam(HttpUrl url, String name, int fallback) {
        String v = url.queryParameter(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "invalidValue", name + " must be an integer");
        }
    }

    private MockResponse ok(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/scim+json")
                .body(body.toString()).build();
    }

    private MockResponse error(int status, @Nullable String scimType, String detail) {
        ObjectNode e = mapper.createObjectNode();
        e.putArray("schemas").add(ERROR);
        e.put("status", String.valueOf(status));
        if (scimType != null) {
            e.put("scimType", scimType);
        }
        e.put("detail", detail);
        return ok(status, e);
    }

    static String pathOf(mockwebserver3.RecordedRequest request) {
        return request.getUrl().encodedPath();
    }

    /** The counting key: method and path with ids replaced by {@code {id}}. */
    static String endpointKey(@Nullable String method, String path) {
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String prev = parts[i - 1];
            boolean isId = prev.equals("Users") || prev.equals("users");
            sb.append('/').append(isId ? "{id}" : parts[i]);
        }
        return (method == null ? "?" : method) + " " + (sb.length() == 0 ? "/" : sb.toString());
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final @Nullable String scimType;
        final String detail;

        BadRequest(int status, @Nullable String scimType, String message) {
            super(message, null, false, false);
            this.detail = message;
            this.status = status;
            this.scimType = scimType;
        }
    }

    /** Configuration of a {@link ScimEmulator}. */
    public static final class Builder {
        private String basePath = "/scim/v2";
        private String directoryToken = "scim-token";
        private Function<String, Access> authorizer = t -> t.equals("scim-token") ? Access.GRANTED : Access.UNAUTHENTICATED;
        private boolean patchSupported = true;
        private int maxPageSize = 100;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private OptionalInt requestsPerSecond = OptionalInt.empty();
        private OptionalInt seats = OptionalInt.empty();
        private boolean etags;
        private boolean strictMediaType;
        private boolean caseExactUserNameFilter;
        private boolean valueFilterPaths = true;

        private Builder() {
        }

        /**
         * Whether PATCH paths may hold value filters ({@code emails[primary eq true].value}); without, they
         * get 400 {@code invalidPath}. Default on.
         *
         * @param supported whether they are supported
         * @return this builder
         */
        public Builder valueFilterPaths(boolean supported) {
            this.valueFilterPaths = supported;
            return this;
        }

        /**
         * Versions users ({@code meta.version}, {@code ETag} header), says {@code etag.supported} in
         * ServiceProviderConfig, and answers a PUT, PATCH or DELETE whose {@code If-Match} names another version
         * with 412. Default off.
         *
         * @param on whether ETags are on
         * @return this builder
         */
        public Builder etags(boolean on) {
            this.etags = on;
            return this;
        }

        /**
         * Answers a POST, PUT or PATCH whose Content-Type is not {@code application/scim+json} with 400, as
         * strict servers do. Default off.
         *
         * @param on whether the check is on
         * @return this builder
         */
        public Builder strictMediaType(boolean on) {
            this.strictMediaType = on;
            return this;
        }

        /**
         * Compares {@code userName} in filters case-sensitively, as some servers do although RFC 7643 says
         * otherwise. Default off.
         *
         * @param on whether the comparison is case-sensitive
         * @return this builder
         */
        public Builder caseExactUserNameFilter(boolean on) {
            this.caseExactUserNameFilter = on;
            return this;
        }

        /**
         * The one bearer token accepted; any other gets 401.
         *
         * @param token the token
         * @return this builder
         */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            this.directoryToken = token;
            return authorizer(t -> t.equals(token) ? Access.GRANTED : Access.UNAUTHENTICATED);
        }

        /**
         * Decides each request's bearer token (for emulators that issue tokens themselves); replaces
         * {@link #bearerToken(String)}.
         *
         * @param authorizer from the token to what it may do
         * @return this builder
         */
        public Builder authorizer(Function<String, Access> authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /**
         * The path the SCIM endpoints live under; default {@code /scim/v2}.
         *
         * @param path starts with {@code /} and does not end with one
         * @return this builder
         * @throws IllegalArgumentException if it does not start with, or ends with, {@code /}
         */
        public Builder basePath(String path) {
            if (!path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("base path starts with '/' and does not end with one");
            }
            this.basePath = path;
            return this;
        }

        /**
         * Whether PATCH works; without it PATCH answers 501 and ServiceProviderConfig says so. Default on.
         *
         * @param supported whether PATCH is supported
         * @return this builder
         */
        public Builder patchSupported(boolean supported) {
            this.patchSupported = supported;
            return this;
        }

        /**
         * The most users one list page returns, whatever {@code count} asks for; default 100.
         *
         * @param size at least 1
         * @return this builder
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder maxPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("page size must be at least 1");
            }
            this.maxPageSize = size;
            return this;
        }

        /**
         * The clock for {@code meta.created} and {@code meta.lastModified}; default the system clock.
         *
         * @param clock the clock, e.g. a {@code ManualClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Allows {@code perSecond} requests a second (a burst of that many, refilled evenly); more get 429
         * with {@code Retry-After: 1}. Default no limit.
         *
         * @param perSecond at least 1
         * @return this builder
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder requestsPerSecond(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("requests per second must be at least 1");
            }
            this.requestsPerSecond = OptionalInt.of(perSecond);
            return this;
        }

        /**
         * The time source of the rate limit, in nanoseconds; tests may drive it by hand.
         *
         * @param nanoTime the time source
         * @return this builder
         */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * At most {@code seats} active users: a create or reactivation beyond them is stored deactivated.
         * Default no limit.
         *
         * @param seats not negative
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
         * Starts an emulator with this configuration on 127.0.0.1 and a free port.
         *
         * @return the running emulator; close it to stop it
         * @throws java.io.UncheckedIOException if no port can be opened
         */
        public ScimEmulator start() {
            return new ScimEmulator(this, null).started();
        }
    }
}
