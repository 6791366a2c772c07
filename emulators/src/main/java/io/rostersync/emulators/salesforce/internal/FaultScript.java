package io.rostersync.emulators.salesforce.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.jspecify.annotations.Nullable;

/**
 * The org's scripted faults, per endpoint name ({@code "query"}, {@code "collections.create"}, or {@code "*"}),
 * taken in the order they were scripted. Guarded by the {@link OrgStore}'s monitor.
 */
public final class FaultScript {

    /** What a fault does to the response. */
    public enum Kind { STATUS, DROP, MALFORMED, SLOW, TRUNCATE, THROTTLE, REQUEST_LIMIT }

    /** One scripted fault. */
    record Fault(String endpoint, Kind kind, int status, Duration duration) {
    }

    private final Deque<Fault> faults = new ArrayDeque<>();
    private final OrgStore store;

    /** An empty script guarded by {@code store}'s monitor. */
    public FaultScript(OrgStore store) {
        this.store = store;
    }

    /** Adds {@code times} faults of {@code kind} for {@code endpoint}. */
    public void add(String endpoint, int times, Kind kind, int status, Duration duration) {
        synchronized (store) {
            for (int i = 0; i < times; i++) {
                faults.add(new Fault(endpoint, kind, status, duration));
            }
        }
    }

    /** Drops every pending fault. */
    public void clear() {
        synchronized (store) {
            faults.clear();
        }
    }

    /** Consumes a pending query page truncation, if any: asked only for a page that has more after it. */
    boolean takeTruncation() {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            if (it.next().kind() == Kind.TRUNCATE) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The first pending fault for a request to {@code endpoint}, consumed; truncations wait for a page to cut. */
    @Nullable Fault take(String endpoint) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.kind() == Kind.TRUNCATE) {
                continue;
            }
            boolean match = f.endpoint().equals("*") || f.endpoint().equals(endpoint)
                    || (f.endpoint().equals("query*") && endpoint.startsWith("query"));
            if (match) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    /**
     * The response for a fault that replaces the normal answer (with the {@code Sforce-Limit-Info} header from
     * {@code limits} where the org sends one), or null when the fault only modifies the normal answer.
     */
    static MockResponse.@Nullable Builder replacement(Fault f, DailyApiLimit limits) {
        switch (f.kind()) {
            case STATUS:
                return limits.withLimitInfo(Json.error(f.status(), f.status() >= 500 ? "UNKNOWN_EXCEPTION" : "BAD_REQUEST",
                        "An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)"));
            case DROP:
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"totalSize\":1,\"done\":true,\"records\":[" + "{}".repeat(4000) + "]}")
                        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE);
            case MALFORMED:
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"totalSize\": 3, \"done\": tru");
            case THROTTLE:
                return Json.error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests")
                        .setHeader("Retry-After", String.valueOf(f.duration().toSeconds()));
            case REQUEST_LIMIT:
                return limits.withLimitInfo(Json.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
            default:
                return null;
        }
    }

    /** Applies a fault that modifies the normal answer (a slow one) to it. */
    static MockResponse.Builder modify(@Nullable Fault f, MockResponse.Builder response) {
        if (f != null && f.kind() == Kind.SLOW) {
            response.headersDelay(f.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        return response;
    }
}
