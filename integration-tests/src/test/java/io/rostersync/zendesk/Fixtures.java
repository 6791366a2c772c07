package io.rostersync.zendesk;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.time.Duration;

/** Shared set-up: an emulator on loopback and a directory pointed at it. */
final class Fixtures {

    static final String EMAIL = "integration@abc-energy.test";
    static final String TOKEN = "s3cr3t-api-token-value";

    private Fixtures() {
    }

    /** Retries with jitter-free, tiny backoff so waits are exact. */
    static RetryPolicy fastRetry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    /** A directory on the emulator with API-token auth, no client-side limits, the clock's sleep for waits. */
    static ZendeskDirectory.Builder directory(ZendeskEmulator emulator, ManualClock clock) {
        return ZendeskDirectory.builder()
                .subdomain("abc-energy")
                .apiToken(EMAIL, Secret.of(TOKEN))
                .baseUriForTesting(emulator.baseUri())
                .withoutClientRateLimits()
                .http(http(clock).build())
                .jobPolling(Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** Jitter-free fast retries, the manual clock and its sleep, a 5 s request timeout. */
    static HttpSettings.Builder http(ManualClock clock) {
        return HttpSettings.builder()
                .retryPolicy(fastRetry(4))
                .clock(clock)
                .sleeper(clock::sleep)
                .requestTimeout(Duration.ofSeconds(5));
    }

    static ZendeskEmulator.Builder emulator(ManualClock clock) {
        return ZendeskEmulator.builder().apiToken(EMAIL, TOKEN).clock(clock);
    }
}
