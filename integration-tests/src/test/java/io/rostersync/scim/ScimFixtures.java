package io.rostersync.scim;

import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.http.internal.JsonHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Directories and clients for tests: bearer auth, loopback http, retries that record their waits instead of sleeping. */
final class ScimFixtures {

    static final String TOKEN = "scim-test-token-4f9a1c";

    /** Waits the client asked for, in order. */
    static final List<Duration> WAITS = new CopyOnWriteArrayList<>();

    private ScimFixtures() {
    }

    /** Default retries whose waits are recorded, a 5 s request timeout, loopback http. */
    static HttpSettings http() {
        return HttpSettings.builder()
                .retryPolicy(RetryPolicy.defaults())
                .sleeper(WAITS::add)
                .requestTimeout(Duration.ofSeconds(5))
                .allowInsecureLoopback()
                .build();
    }

    /** A directory on {@code base} with bearer auth and {@link #http()}. */
    static ScimUserDirectory.Builder directory(String name, URI base, String token) {
        return ScimUserDirectory.builder(name, base).auth(HttpAuth.bearer(Secret.of(token))).http(http());
    }

    /** A client like the directory's, for requests a test sends itself. */
    static JsonHttpClient client(URI base, String token) {
        return JsonHttpClient.builder("scim", base).auth(HttpAuth.bearer(Secret.of(token))).settings(http()).build();
    }
}
