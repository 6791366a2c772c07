package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.error;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.obj;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.jspecify.annotations.Nullable;

/**
 * Scripted faults per endpoint key (or {@code "*"} for any), taken in order, and changes to run after the
 * next response of an endpoint. Not thread-safe: the caller holds the emulator's lock.
 */
final class ZendeskFaults {

    private final Map<String, Deque<InjectedFault>> faults = new HashMap<>();
    private final Map<String, Deque<Runnable>> afterResponse = new HashMap<>();

    void inject(String endpoint, InjectedFault fault, int times) {
        Deque<InjectedFault> queue = faults.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    void afterNextResponse(String endpoint, Runnable change) {
        afterResponse.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).add(Objects.requireNonNull(change, "change"));
    }

    void clear() {
        faults.clear();
    }

    /** The next fault for the endpoint, its own before one for any endpoint; consumed. */
    @Nullable InjectedFault next(String endpoint) {
        Deque<InjectedFault> specific = faults.get(endpoint);
        if (specific != null && !specific.isEmpty()) {
            return specific.poll();
        }
        Deque<InjectedFault> any = faults.get("*");
        return any != null ? any.poll() : null;
    }

    /** The response that replaces the real one without serving the request, for faults that do. */
    static Optional<MockResponse> instead(InjectedFault fault) {
        switch (fault.kind()) {
            case STATUS:
                return Optional.of(error(fault.status(), fault.status() >= 500 ? "ServiceUnavailable" : "InvalidRequest",
                        "injected failure"));
            case RATE_LIMITED:
                return Optional.of(json(429, obj("error", "TooManyRequests")).newBuilder()
                        .setHeader("Retry-After", Integer.toString(fault.retryAfterSeconds())).build());
            case MALFORMED_JSON:
                return Optional.of(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json; charset=utf-8")
                        .body("{\"users\": [{\"id\": 1, \"name\": \"Trunc").build());
            default:
                return Optional.empty();
        }
    }

    /** The real response as the fault delivers it (dropped mid-body, late). */
    static MockResponse deliver(MockResponse response, @Nullable InjectedFault fault) {
        if (fault != null && fault.kind() == InjectedFault.Kind.DROP_CONNECTION) {
            return response.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (fault != null && fault.kind() == InjectedFault.Kind.SLOW) {
            return response.newBuilder().headersDelay(fault.delay().toMillis(), TimeUnit.MILLISECONDS).build();
        }
        return response;
    }

    /** Runs the next change waiting for a response of this endpoint, if any. */
    void runAfterResponse(String endpoint) {
        Deque<Runnable> hooks = afterResponse.get(endpoint);
        if (hooks != null && !hooks.isEmpty()) {
            hooks.poll().run();
        }
    }
}
