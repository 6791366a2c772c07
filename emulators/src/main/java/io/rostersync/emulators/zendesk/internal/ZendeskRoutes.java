package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.body;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.error;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Serves a Zendesk emulator's server: counts the request by endpoint key, answers the token endpoint,
 * checks the credential and the rate limits, applies a scripted fault, routes to the endpoint, runs a
 * change scripted for after the response, and adds the emulated latency. One request at a time: this
 * object is the emulator's lock, which the public facade takes too.
 */
public final class ZendeskRoutes extends Dispatcher {

    /** The incremental export's endpoint key. */
    static final String INCREMENTAL = "GET /api/v2/incremental/users/cursor";

    private final ZendeskStore store;
    private final ZendeskAuth auth;
    private final RateLimits limits;
    private final ZendeskFaults faults = new ZendeskFaults();
    private final UserRoutes users;
    private final BulkJobs bulk;
    private final IncrementalExport export;
    private final Duration latency;
    private final Map<String, Integer> counts = new TreeMap<>();

    /** Routes for an emulator configured so. */
    public ZendeskRoutes(ZendeskSettings settings) {
        this.store = new ZendeskStore(settings.clock());
        this.auth = new ZendeskAuth(store, settings);
        this.limits = new RateLimits(store, settings.accountLimitPerMinute(), settings.incrementalLimitPerMinute());
        this.users = new UserRoutes(store);
        this.bulk = new BulkJobs(store, settings.jobPollsBeforeDone());
        this.export = new IncrementalExport(store);
        this.latency = settings.latency();
    }

    /** The account's data; use it holding this object's lock. */
    public ZendeskStore store() {
        return store;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String key = ZendeskJson.endpoint(request.getMethod(), url.encodedPath());
        counts.merge(key, 1, Integer::sum);
        MockResponse response = route(request, url, key);
        faults.runAfterResponse(key);
        return delayed(response);
    }

    /** Adds the emulated network latency before the response's headers (on top of any injected delay). */
    private MockResponse delayed(MockResponse response) {
        if (latency.isZero()) {
            return response;
        }
        return response.newBuilder().headersDelay(response.getHeadersDelayNanos() + latency.toNanos(), TimeUnit.NANOSECONDS)
                .build();
    }

    private MockResponse route(RecordedRequest request, HttpUrl url, String key) {
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
        } catch (ZendeskJson.BadRequest e) {
            return e.response();
        }
        InjectedFault fault = faults.next(key);
        if (fault != null) {
            Optional<MockResponse> instead = ZendeskFaults.instead(fault);
            if (instead.isPresent()) {
                return instead.get();
            }
        }
        MockResponse response;
        try {
            response = handle(request, url, key, fault);
        } catch (ZendeskJson.BadRequest e) {
            response = e.response();
        }
        return ZendeskFaults.deliver(response, fault);
    }

    private MockResponse handle(RecordedRequest request, HttpUrl url, String key, @Nullable InjectedFault fault) {
        List<String> segments = url.pathSegments();
        switch (key) {
            case "GET /api/v2/users":
                return users.list(url, fault != null && fault.kind() == InjectedFault.Kind.TRUNCATED_PAGE);
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
                return bulk.createOrUpdateMany(request);
            case "PUT /api/v2/users/update_many":
                return bulk.updateMany(request);
            case "GET /api/v2/job_statuses/{id}":
                return bulk.status(segments.get(3));
            case "GET /api/v2/custom_roles":
                return users.customRoles();
            case INCREMENTAL:
                return export.page(url);
            default:
                return error(404, "InvalidEndpoint", "Not found");
        }
    }

    // ---- scripting and inspection, for the facade (which holds this object's lock) ---------------------

    /** Queues a fault for the next {@code times} requests to the endpoint key (or {@code "*"}). */
    public void inject(String endpoint, InjectedFault fault, int times) {
        faults.inject(endpoint, fault, times);
    }

    /** Runs {@code change} after the next response to the endpoint key. */
    public void afterNextResponse(String endpoint, Runnable change) {
        faults.afterNextResponse(endpoint, change);
    }

    /** Bulk endpoints answer 403 from now on. */
    public void disableBulkImports() {
        bulk.disable();
    }

    /** Bulk jobs fail the user with this email. */
    public void failBulkItem(String email, String error) {
        bulk.failItem(email, error);
    }

    /** Forgets the queued faults and the failing bulk items. */
    public void clearFaults() {
        faults.clear();
        bulk.clearFailures();
    }

    /** Revokes every issued OAuth token. */
    public void expireIssuedTokens() {
        auth.expireIssuedTokens();
    }

    /** A copy of the request counts by endpoint key. */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** Requests refused by a rate limit. */
    public int rateLimitedCount() {
        return limits.refusedCount();
    }

    /** Forgets the request counts and the rate-limit count. */
    public void resetCounts() {
        counts.clear();
        limits.resetCount();
    }
}
