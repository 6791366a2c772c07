package io.rostersync.scim;

import io.rostersync.http.HttpAuth;
import io.rostersync.http.JsonHttpClient;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Clients for tests: bearer auth, loopback http, retries that record their waits instead of sleeping. */
final class ScimFixtures {

    static final String TOKEN = "scim-test-token-4f9a1c";

    /** Waits the client asked for, in order. */
    static final List<Duration> WAITS = new CopyOnWriteArrayList<>();

    private ScimFixtures() {
    }

    static JsonHttpClient client(URI base, String token) {
        return JsonHttpClient.builder("scim", base)
                .auth(HttpAuth.bearer(Secret.of(token)))
                .retryPolicy(RetryPolicy.defaults())
                .sleeper(WAITS::add)
                .requestTimeout(Duration.ofSeconds(5))
                .allowInsecureLoopback()
                .build();
    }
}
