package io.rostersync.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An independent, strict SCIM 2.0 server for interoperability tests: the request handling, schema
 * validation, filtering, paging, PATCH and ETag checks of {@code de.captaingoldfish:scim-sdk-server}, hosted
 * on a JDK {@link HttpServer} on 127.0.0.1. This class only keeps users in memory (unique userNames, ignoring
 * case as RFC 7643 declares), checks a bearer token and counts requests; everything SCIM is the SDK's, at its
 * defaults (strict {@code application/scim+json} Content-Type checking included). The host switches on what
 * a service provider declares for itself: filtering, PATCH (unless told not to) and ETags.
 */
final class ScimSdkServer implements AutoCloseable {

    private final String token;
    private final HttpServer http;
    private final ResourceEndpoint endpoint;
    private final Users users = new Users();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final URI base;

    private ScimSdkServer(String token, boolean patch) throws IOException {
        this.token = token;
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(200).build())
                .patchConfig(PatchConfig.builder().supported(patch).build())
                .eTagConfig(ETagConfig.builder().supported(true).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder().name("OAuth Bearer Token")
                        .description("a bearer token").type("oauthbearertoken").build()))
                .build();
        endpoint = new ResourceEndpoint(provider);
        ResourceType users = endpoint.registerEndpoint(new UserEndpointDefinition(this.users));
        // The handler hands over every user; the SDK filters and pages them.
        users.getFeatures().setAutoFiltering(true);
        // ETags are declared for the provider and switched on for the Users resource type.
        users.getFeatures().getETagFeature().setEnabled(true);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/scim/v2/", this::handle);
        http.start();
        base = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/scim/v2/");
    }

    /** Starts a server with PATCH (or without it, so that clients must PUT). */
    static ScimSdkServer start(String token, boolean patch) {
        try {
            return new ScimSdkServer(token, patch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUri() {
        return base;
    }

    /** Requests seen for a key such as {@code "GET /Users/{id}"} or {@code "PATCH /Users/{id}"}. */
    int requests(String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    void resetCounts() {
        counts.clear();
    }

    /** The stored user as JSON, as the SDK would list it (without meta.location). */
    User user(String id) {
        return users.copy(id);
    }

    /** Adds a user behind the client's back (an admin in the provider's UI). */
    String add(User user) {
        return users.put(user);
    }

    /** Changes a stored user behind the client's back; its version changes. */
    void edit(String id, java.util.function.Consumer<User> change) {
        users.edit(id, change);
    }

    int size() {
        return users.size();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring("/scim/v2".length());
            String key = exchange.getRequestMethod() + " " + path.replaceAll("^/Users/[^/]+$", "/Users/{id}");
            counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            if (!("Bearer " + token).equals(headers.get("Authorization"))) {
                send(exchange, 401, Map.of("Content-Type", "application/scim+json"),
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\"}");
                return;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + exchange.getRequestURI().toString();
            ScimResponse response = endpoint.handleRequest(url, HttpMethod.valueOf(exchange.getRequestMethod().toUpperCase(Locale.ROOT)),
                    body, headers, new Context(null));
            send(exchange, response.getHttpStatus(), response.getHttpHeaders(), response.isEmpty() ? "" : response.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The users in memory, in creation order, each with its own version. */
    static final class Users extends ResourceHandler<User> {
        private final LinkedHashMap<String, User> stored = new LinkedHashMap<>();
        private long serial;

        synchronized String put(User user) {
            User u = copyOf(user);
            String id = u.getId().orElseGet(() -> UUID.randomUUID().toString());
            u.setId(id);
            clash(u, id);
            stamp(u, Instant.now());
            stored.put(id, u);
            return id;
        }

        synchronized void edit(String id, java.util.function.Consumer<User> change) {
            User u = stored.get(id);
            if (u == null) {
                throw new IllegalArgumentException("no user " + id);
            }
            change.accept(u);
            stamp(u, u.getMeta().flatMap(Meta::getCreated).orElseGet(Instant::now));
        }

        synchronized User copy(String id) {
            User u = stored.get(id);
            return u == null ? null : copyOf(u);
        }

        synchronized int size() {
            return stored.size();
        }

        @Override
        public synchronized User createResource(User resource, Context context) {
            String id = UUID.randomUUID().toString();
            User u = copyOf(resource);
            u.setId(id);
            clash(u, id);
            stamp(u, Instant.now());
            stored.put(id, u);
            return copyOf(u);
        }

        @Override
        public synchronized User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
                Context context) {
            User u = stored.get(id);
            return u == null ? null : copyOf(u);
        }

        @Override
        public synchronized PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
                SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
                List<SchemaAttribute> excludedAttributes, Context context) {
            List<User> all = new ArrayList<>();
            stored.values().forEach(u -> all.add(copyOf(u)));
            return PartialListResponse.<User>builder().resources(all).totalResults(all.size()).build();
        }

        @Override
        public synchronized User updateResource(User resource, Context context) {
            String id = resource.getId().orElseThrow(() -> new ResourceNotFoundException("no id"));
            User existing = stored.get(id);
            if (existing == null) {
                throw new ResourceNotFoundException("Resource " + id + " not found");
            }
            User u = copyOf(resource);
            clash(u, id);
            stamp(u, existing.getMeta().flatMap(Meta::getCreated).orElseGet(Instant::now));
            stored.put(id, u);
            return copyOf(u);
        }

        @Override
        public synchronized void deleteResource(String id, Context context) {
            if (stored.remove(id) == null) {
                throw new ResourceNotFoundException("Resource " + id + " not found");
            }
        }

        private void clash(User u, String id) {
            String name = u.getUserName().orElse("");
            for (User other : stored.values()) {
                if (!other.getId().orElse("").equals(id) && other.getUserName().orElse("").equalsIgnoreCase(name)) {
                    throw new ConflictException("userName " + name + " is already taken", "uniqueness");
                }
            }
        }

        private void stamp(User u, Instant created) {
            u.remove("meta");
            u.setMeta(Meta.builder().resourceType("User").created(created).lastModified(Instant.now())
                    .version(String.valueOf(++serial)).build());
        }

        private static User copyOf(User u) {
            User c = new User();
            u.fields().forEachRemaining(f -> c.set(f.getKey(), f.getValue().deepCopy()));
            return c;
        }
    }
}
