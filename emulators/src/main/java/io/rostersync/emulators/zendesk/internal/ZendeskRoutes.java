package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.body;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.VendorHooks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The Zendesk side of the shared emulator engine: serves a request (token endpoint, credential, rate
 * limits, then the endpoint) and shapes the faults the engine plans as Zendesk would answer them. Every
 * response waits the emulated latency before its headers. One request at a time: this object is the
 * emulator's lock, which the public facade takes too.
 */
public final class ZendeskRoutes implements VendorHooks {

    /** The incremental export's endpoint key. */
    static final String INCREMENTAL = "GET /api/v2/incremental/users/cursor";

    private final ZendeskStore store;
    private final ZendeskAuth auth;
    private final RateLimits limits;
    private final UserRoutes users;
    private final BulkJobs bulk;
    private final IncrementalExport export;
    private final Duration latency;
    private final List<Route> listRoutes;
    private final List<Route> batchRoutes;

    /**
     * Routes for an emulator configured so.
     *
     * @param listRoutes the users list and the incremental export, where list faults apply
     * @param batchRoutes the bulk endpoints, where a partial batch failure applies
     */
    public ZendeskRoutes(ZendeskSettings settings, List<Route> listRoutes, List<Route> batchRoutes) {
        this.store = new ZendeskStore(settings.clock());
        this.auth = new ZendeskAuth(store, settings);
        this.limits = new RateLimits(store, settings.accountLimitPerMinute(), settings.incrementalLimitPerMinute(),
                settings.rateLimitWindow().toSeconds());
        this.users = new UserRoutes(store);
        this.bulk = new BulkJobs(store, settings.jobPollsBeforeDone());
        this.export = new IncrementalExport(store);
        this.latency = settings.latency();
        this.listRoutes = List.copyOf(listRoutes);
        this.batchRoutes = List.copyOf(batchRoutes);
    }

    /** The account's data; use it holding this object's lock. */
    public ZendeskStore store() {
        return store;
    }

    /** Requests refused by the account or export limit; use it holding this object's lock. */
    public int rateLimitedCount() {
        return limits.refusedCount();
    }

    @Override
    public synchronized MockResponse serve(RecordedRequest request) {
        return delayed(route(request, Set.of(), ""));
    }

    @Override
    public synchronized MockResponse partialBatchFailure(RecordedRequest request, Fault.PartialBatchFailure fault) {
        Set<String> failing = fault.failingItems().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return delayed(route(request, failing, fault.error()));
    }

    /**
     * Zendesk's error body for a status: {@code RecordNotFound} for 404, {@code RecordInvalid} for 422,
     * {@code APIRateLimitExceeded} for 429, {@code ServiceUnavailable} for 5xx, and so on.
     */
    @Override
    public MockResponse error(int status, String detail) {
        String code = switch (status) {
            case 401 -> "Couldn't authenticate you";
            case 403 -> "Forbidden";
            case 404 -> "RecordNotFound";
            case 422 -> "RecordInvalid";
            case 429 -> "APIRateLimitExceeded";
            default -> status >= 500 ? "ServiceUnavailable" : "InvalidRequest";
        };
        return delayed(ZendeskJson.error(status, code, detail));
    }

    /**
     * For a bearer token: OAuth's {@code invalid_token} 401, and the token is revoked (an issued one), so
     * the client must fetch another. For an API token: Zendesk's plain 401 (an API token does not expire).
     */
    @Override
    public synchronized MockResponse tokenExpired(RecordedRequest request) {
        String header = request.getHeaders().get("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            auth.revoke(header.substring(7).strip());
            ObjectNode body = JSON.createObjectNode();
            body.put("error", "invalid_token");
            body.put("error_description", "The access token provided is expired, revoked, malformed or invalid for other reasons.");
            return delayed(json(401, body));
        }
        return delayed(ZendeskAuth.unauthorized());
    }

    @Override
    public List<Route> listRoutes() {
        return listRoutes;
    }

    /** An empty users page (no more, no next link), or an empty export page that ends the stream. */
    @Override
    public synchronized MockResponse emptyList(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        boolean incremental = ZendeskJson.endpoint(request.getMethod(), url.encodedPath()).equals(INCREMENTAL);
        return delayed(incremental ? export.empty(url) : users.emptyPage());
    }

    @Override
    public List<Route> batchRoutes() {
        return batchRoutes;
    }

    /** Adds the emulated network latency before the response's headers (on top of any fault's delay). */
    private MockResponse delayed(MockResponse response) {
        if (latency.isZero()) {
            return response;
        }
        return response.newBuilder().headersDelay(response.getHeadersDelayNanos() + latency.toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    private MockResponse route(RecordedRequest request, Set<String> failingItems, String itemError) {
        HttpUrl url = request.getUrl();
        String key = ZendeskJson.endpoint(request.getMethod(), url.encodedPath());
        try {
            if (key.equals("POST /oauth/tokens")) {
                return auth.token(request);
            }
            if (!auth.authenticated(request)) {
                return ZendeskAuth.unauthorized();
            }
            Optional<MockResponse> limited = limits.check(key.equals(INCREMENTAL));
            if (limited.isPresent()) {
                return limited.get();
            }
            return handle(request, url, key, failingItems, itemError);
        } catch (ZendeskJson.BadRequest e) {
            return e.response();
        }
    }

    private MockResponse handle(RecordedRequest request, HttpUrl url, String key, Set<String> failingItems, String itemError) {
        List<String> segments = url.pathSegments();
        switch (key) {
            case "GET /api/v2/users":
                return users.list(url);
            case "POST /api/v2/users":
                return users.create(body(request));
            case "GET /api/v2/users/me":
                return users.me();
            case "GET /api/v2/users/show_many":
                return users.showMany(url);
            case "GET /api/v2/users/search":
                return users.search(url);
            case "GET /api/v2/users/{id}":
                return users.show(segments.get(3));
            case "PUT /api/v2/users/{id}":
                return users.update(segments.get(3), body(request));
            case "DELETE /api/v2/users/{id}":
                return users.delete(segments.get(3));
            case "POST /api/v2/users/create_or_update_many":
                return bulk.createOrUpdateMany(body(request), failingItems, itemError);
            case "PUT /api/v2/users/update_many":
                return bulk.updateMany(url, body(request), failingItems, itemError);
            case "GET /api/v2/job_statuses/{id}":
                return bulk.status(segments.get(3));
            case "GET /api/v2/custom_roles":
                return users.customRoles();
            case INCREMENTAL:
                return export.page(url);
            default:
                return ZendeskJson.error(404, "InvalidEndpoint", "Not found");
        }
    }
}
