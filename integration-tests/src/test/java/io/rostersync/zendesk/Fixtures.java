package io.rostersync.zendesk;

import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Shared set-up: an emulator on loopback on a manual clock, and counting what it received. */
final class Fixtures {

    static final String EMAIL = "integration@abc-energy.test";
    static final String TOKEN = "s3cr3t-api-token-value";

    private static final Set<String> NAMED = Set.of("me", "show_many", "search", "update_many", "create_or_update_many");

    private Fixtures() {
    }

    /** Retries with jitter-free, tiny backoff so waits are exact (as the emulator's directory() has them). */
    static RetryPolicy fastRetry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    /** Jitter-free fast retries, the manual clock and its sleep, a 5 s request timeout. */
    static HttpSettings.Builder http(ManualClock clock) {
        return HttpSettings.builder()
                .retryPolicy(fastRetry(4))
                .clock(clock)
                .sleeper(clock::sleep)
                .requestTimeout(Duration.ofSeconds(5));
    }

    /** An emulator with one API token on the manual clock: its directory() waits on that clock. */
    static ZendeskEmulator.Builder emulator(ManualClock clock) {
        return ZendeskEmulator.builder().apiToken(EMAIL, TOKEN).clock(clock);
    }

    /** The endpoint of a request: its method and path, a user's or job's id as {@code {id}}. */
    static String endpoint(RecordedRequest r) {
        String[] parts = r.path().split("/", -1);
        if (parts.length == 5 && (parts[3].equals("users") && !NAMED.contains(parts[4]) || parts[3].equals("job_statuses"))) {
            parts[4] = "{id}";
        }
        return r.method() + " " + String.join("/", parts);
    }

    /** Requests by endpoint, e.g. {@code "GET /api/v2/users" -> 3}. */
    static Map<String, Integer> byEndpoint(List<RecordedRequest> requests) {
        Map<String, Integer> out = new TreeMap<>();
        requests.forEach(r -> out.merge(endpoint(r), 1, Integer::sum));
        return out;
    }

    /** How many requests the emulator received for one endpoint, e.g. {@code "PUT /api/v2/users/{id}"}. */
    static int count(ZendeskEmulator emulator, String endpoint) {
        return byEndpoint(emulator.requests()).getOrDefault(endpoint, 0);
    }
}
