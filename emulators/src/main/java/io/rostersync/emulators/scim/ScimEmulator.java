package io.rostersync.emulators.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.Username;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A stateful SCIM 2.0 service provider (RFC 7643/7644, User resource only) as a MockWebServer
 * {@link Dispatcher}, for testing SCIM clients offline: bearer auth, {@code /ServiceProviderConfig},
 * list with {@code startIndex}/{@code count} and {@code filter=attr eq "value"}, create with
 * {@code 409 uniqueness} on a taken {@code userName} (case-insensitive, as RFC 7643 declares it), get,
 * replace (PUT), PATCH (or 501 when configured without it; value filter paths such as
 * {@code emails[primary eq true].value} and {@code roles[value eq "x"]}, 400 {@code noTarget} when nothing
 * matches), delete, schema extensions stored as sent, optional ETags ({@code meta.version}, {@code ETag},
 * 412 to a stale {@code If-Match}), an optional strict Content-Type check ({@code application/scim+json}),
 * an optional case-sensitive userName filter (a common deviation from RFC 7643), changes of the list
 * between two page requests ({@link #changeListBetweenPages}), an optional seat limit (a user that would exceed it is stored deactivated, the way Talkdesk does), an
 * optional requests-per-second limit answered with 429 and {@code Retry-After}, injectable faults, and
 * request counts per endpoint.
 *
 * <pre>{@code
 * try (ScimEmulator scim = ScimEmulator.builder().bearerToken("t0ken").build()) {
 *     URI base = scim.start();                      // http://127.0.0.1:<port>/scim/v2/
 *     scim.add(UserProfile.builder().email("ann@example.com").firstName("Ann").build());
 *     scim.faults().failNext("/scim/v2/Users", 1, 503);
 *     ... exercise the client against base ...
 *     assertThat(scim.requestCount("POST /scim/v2/Users")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe: MockWebServer may dispatch concurrent requests.
 */
public final class ScimEmulator extends Dispatcher implements AutoCloseable {

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
    private final EmulatorFaults faults = new EmulatorFaults();
    private final java.util.ArrayDeque<java.util.function.Consumer<ScimEmulator>> betweenPages = new java.util.ArrayDeque<>();
    private long versionSerial;
    private long churnSerial;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    private final LinkedHashMap<String, ObjectNode> users = new LinkedHashMap<>();
    private OptionalInt seats;
    private long idSerial;
    private int rateLimited;
    // Token bucket for the requests-per-second limit: holds up to one second's worth of requests.
    private double bucket;
    private long bucketRefilledAt;

    private @Nullable MockWebServer server;
    private @Nullable String origin;

    private ScimEmulator(Builder b) {
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
    }

    /** Starts a configuration: token {@code "scim-token"}, base path {@code /scim/v2}, PATCH supported, pages of up to 100. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * Starts an own MockWebServer on 127.0.0.1 (a free port) serving this emulator.
     *
     * @return the SCIM base URI, for example {@code http://127.0.0.1:41234/scim/v2/}
     */
    public synchronized URI start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        MockWebServer s = io.rostersync.emulators.internal.LoopbackServer.start(this, "SCIM emulator");
        server = s;
        origin = "http://127.0.0.1:" + s.getPort();
        return baseUri();
    }

    /** The SCIM base URI once started. */
    public synchronized URI baseUri() {
        if (origin == null) {
            throw new IllegalStateException("not started");
        }
        return URI.create(origin + basePath + "/");
    }

    /**
     * Tells the emulator the origin it is served at when another dispatcher embeds it (used for
     * {@code meta.location} and {@code Location} headers).
     */
    public synchronized void servedAt(String origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** Stops the server started by {@link #start()}, if any. */
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

    // ---- seeding and inspection --------------------------------------------------------------

    /** Faults to inject into upcoming responses. */
    public EmulatorFaults faults() {
        return faults;
    }

    /**
     * Adds a user from a profile, as if it had always been there: userName is the username or else the
     * email, the email also goes to {@code emails}, roles to the core {@code roles}. Returns the id.
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
        return addResource(user);
    }

    /** Adds a user resource exactly as given (an {@code id} in it is kept); returns its id. */
    public synchronized String addResource(ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        String id = copy.path("id").isTextual() ? copy.get("id").asText() : newId();
        copy.put("id", id);
        stamp(copy, null);
        users.put(id, copy);
        return id;
    }

    /** A copy of the stored user, as the emulator would return it. */
    public synchronized Optional<ObjectNode> user(String id) {
        ObjectNode u = users.get(id);
        return u == null ? Optional.empty() : Optional.of(render(u));
    }

    /** Copies of every stored user, in creation order. */
    public synchronized List<ObjectNode> users() {
        List<ObjectNode> out = new ArrayList<>();
        users.values().forEach(u -> out.add(render(u)));
        return out;
    }

    /** Changes a stored user behind the client's back (an admin edit in the vendor UI). */
    public synchronized void edit(String id, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        change.accept(u);
        stamp(u, u.path("meta").path("created").asText(null));
    }

    public synchronized int size() {
        return users.size();
    }

    /** Users whose {@code active} is true. */
    public synchronized int activeCount() {
        int n = 0;
        for (ObjectNode u : users.values()) {
            if (u.path("active").asBoolean(false)) {
                n++;
            }
        }
        return n;
    }

    /** Sets or lifts the seat limit: a user that would make more than {@code seats} active is stored deactivated. */
    public synchronized void seats(OptionalInt seats) {
        this.seats = Objects.requireNonNull(seats, "seats");
    }

    /**
     * The next list request gets an empty page although {@code totalResults} says more follow. Pending until
     * a list has more to give; {@code faults().clear()} drops it.
     */
    public void truncateNextList() {
        faults.truncateNextList();
    }

    /**
     * Changes the store right before each of the next {@code times} list requests that continue a read
     * (a {@code startIndex} above 1, no filter), as someone working in the vendor's UI would between two
     * page requests. {@link #clearListChanges()} drops what is still pending.
     */
    public synchronized void changeListBetweenPages(int times, java.util.function.Consumer<ScimEmulator> change) {
        Objects.requireNonNull(change, "change");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        for (int i = 0; i < times; i++) {
            betweenPages.addLast(change);
        }
    }

    /** Between the next {@code times} page requests, the first user in list order (already listed) is deleted. */
    public void deleteFirstUserBetweenPages(int times) {
        changeListBetweenPages(times, e -> e.users.keySet().stream().findFirst().ifPresent(e::remove));
    }

    /** Between the next {@code times} page requests, a new user is inserted at the front of the list. */
    public void insertUserBetweenPages(int times) {
        changeListBetweenPages(times, e -> {
            ObjectNode u = JsonNodeFactory.instance.objectNode();
            String email = "churn-" + (++e.churnSerial) + "@list-change.example";
            u.put("userName", email).put("active", true);
            u.putObject("name").put("givenName", "Churn").put("familyName", "User");
            u.putArray("emails").addObject().put("value", email).put("primary", true);
            e.insertFirst(u);
        });
    }

    /**
     * Between the next {@code times} page requests, the first user in list order moves to the end (same id
     * and data): the total stays, everyone after it shifts one position down.
     */
    public void moveFirstUserToEndBetweenPages(int times) {
        changeListBetweenPages(times, e -> e.users.keySet().stream().findFirst().ifPresent(id -> {
            ObjectNode u = e.users.remove(id);
            e.users.put(id, u);
        }));
    }

    /**
     * Between the next {@code times} page requests, the first user in list order is deleted and a new one is
     * appended: {@code totalResults} stays the same while the list shifts.
     */
    public void replaceFirstUserBetweenPages(int times) {
        changeListBetweenPages(times, e -> {
            e.users.keySet().stream().findFirst().ifPresent(e::remove);
            String email = "churn-" + (++e.churnSerial) + "@list-change.example";
            ObjectNode u = JsonNodeFactory.instance.objectNode();
            u.put("userName", email).put("active", true);
            u.putArray("emails").addObject().put("value", email).put("primary", true);
            e.addResource(u);
        });
    }

    /** Drops pending {@link #changeListBetweenPages list changes}. */
    public synchronized void clearListChanges() {
        betweenPages.clear();
    }

    /** Deletes a user behind the client's back; false if there was none. */
    public synchronized boolean remove(String id) {
        return users.remove(id) != null;
    }

    /** Adds a user resource at the front of the list order; returns its id. */
    public synchronized String insertFirst(ObjectNode resource) {
        String id = addResource(resource);
        ObjectNode u = users.remove(id);
        LinkedHashMap<String, ObjectNode> reordered = new LinkedHashMap<>();
        reordered.put(id, u);
        reordered.putAll(users);
        users.clear();
        users.putAll(reordered);
        return id;
    }

    /** Requests answered 429 by the requests-per-second limit so far. */
    public synchronized int rateLimitedCount() {
        return rateLimited;
    }

    /** Requests seen per endpoint, e.g. {@code "POST /scim/v2/Users"}, {@code "GET /scim/v2/Users/{id}"}. */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Requests seen for one endpoint key (see {@link #requestCounts()}). */
    public int requestCount(String endpoint) {
        AtomicInteger n = counts.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /** Requests seen in all. */
    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    // ---- dispatch ----------------------------------------------------------------------------

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = pathOf(request);
        counts.computeIfAbsent(endpointKey(request.getMethod(), path), k -> new AtomicInteger()).incrementAndGet();
        return faults.apply(path, () -> respond(request)).orElseGet(() -> respond(request));
    }

    /**
     * For emulators that embed this one: the response to a request under the base path (auth, rate
     * limit and SCIM semantics; no fault injection or counting, which the embedding dispatcher does).
     */
    public MockResponse respond(RecordedRequest request) {
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

    private MockResponse route(String method, String rest, RecordedRequest request) {
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
                return list(request.getUrl());
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

    private MockResponse list(HttpUrl url) {
        int startIndex = intParam(url, "startIndex", 1);
        int count = Math.min(intParam(url, "count", maxPageSize), maxPageSize);
        if (startIndex < 1) {
            startIndex = 1;
        }
        if (count < 0) {
            count = 0;
        }
        String filter = url.queryParameter("filter");
        if (startIndex > 1 && filter == null && !betweenPages.isEmpty()) {
            betweenPages.removeFirst().accept(this);
        }
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
        if (from < matching.size() && faults.takeListTruncation()) {
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

    private ObjectNode body(RecordedRequest request) {
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
        return EmulatorFaults.json(status, body.toString()).build();
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

    static String pathOf(RecordedRequest request) {
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

        /** Whether PATCH paths may hold value filters ({@code emails[primary eq true].value}); without, they get 400 {@code invalidPath}. */
        public Builder valueFilterPaths(boolean supported) {
            this.valueFilterPaths = supported;
            return this;
        }

        /**
         * Versions users ({@code meta.version}, {@code ETag} header), says {@code etag.supported} in
         * ServiceProviderConfig, and answers a PUT, PATCH or DELETE whose {@code If-Match} names another version
         * with 412.
         */
        public Builder etags(boolean on) {
            this.etags = on;
            return this;
        }

        /** Answers a POST, PUT or PATCH whose Content-Type is not {@code application/scim+json} with 400, as strict servers do. */
        public Builder strictMediaType(boolean on) {
            this.strictMediaType = on;
            return this;
        }

        /** Compares {@code userName} in filters case-sensitively, as some servers do although RFC 7643 says otherwise. */
        public Builder caseExactUserNameFilter(boolean on) {
            this.caseExactUserNameFilter = on;
            return this;
        }

        /** The one bearer token accepted. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return authorizer(t -> t.equals(token) ? Access.GRANTED : Access.UNAUTHENTICATED);
        }

        /** Decides each request's bearer token (for emulators that issue tokens themselves). */
        public Builder authorizer(Function<String, Access> authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        /** The path the SCIM endpoints live under, such as {@code /scim/v2}. */
        public Builder basePath(String path) {
            if (!path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("base path starts with '/' and does not end with one");
            }
            this.basePath = path;
            return this;
        }

        /** Whether PATCH works; without it PATCH answers 501 and ServiceProviderConfig says so. */
        public Builder patchSupported(boolean supported) {
            this.patchSupported = supported;
            return this;
        }

        /** The most users one list page returns, whatever {@code count} asks for. */
        public Builder maxPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("page size must be at least 1");
            }
            this.maxPageSize = size;
            return this;
        }

        /** The clock for {@code meta.created} and {@code meta.lastModified}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Allows {@code perSecond} requests a second (a burst of that many, refilled evenly); more get 429. */
        public Builder requestsPerSecond(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("requests per second must be at least 1");
            }
            this.requestsPerSecond = OptionalInt.of(perSecond);
            return this;
        }

        /** The time source of the rate limit, in nanoseconds; tests may drive it by hand. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** At most {@code seats} active users; one more is stored deactivated. */
        public Builder seats(int seats) {
            if (seats < 0) {
                throw new IllegalArgumentException("seats must not be negative");
            }
            this.seats = OptionalInt.of(seats);
            return this;
        }

        public ScimEmulator build() {
            return new ScimEmulator(this);
        }
    }
}
