package io.rostersync.talkdesk;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A directory wired to a running emulator; retry waits are recorded, not slept. */
final class TalkdeskFixtures {

    /** SCIM rate used where a test is not about the 4 rps limit, so that suites stay fast. */
    static final int FAST_RPS = 200;

    static final List<Duration> WAITS = new CopyOnWriteArrayList<>();

    private TalkdeskFixtures() {
    }

    static TalkdeskEmulator.Builder fastEmulator() {
        return TalkdeskEmulator.builder().scimRequestsPerSecond(FAST_RPS);
    }

    static TalkdeskUserDirectory.Builder directory(TalkdeskEmulator emulator) {
        return TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri())
                .http(http().build())
                .scimRequestsPerSecond(FAST_RPS);
    }

    /** Loopback http, retry waits recorded instead of slept, a 5 s request timeout. */
    static HttpSettings.Builder http() {
        return HttpSettings.builder()
                .allowInsecureLoopback()
                .sleeper(WAITS::add)
                .requestTimeout(Duration.ofSeconds(5));
    }
}
