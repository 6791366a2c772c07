package io.rostersync.emulators.salesforce.internal;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import java.time.Duration;

/** The HTTP settings of the connections the Salesforce emulator hands out: loopback http, short retries and timeouts. */
public final class TestHttp {

    private TestHttp() {
    }

    /** Loopback http allowed, 4 attempts 10 ms apart doubling to at most 200 ms (2 s in all), a 10 s request timeout. */
    public static HttpSettings settings() {
        return HttpSettings.builder()
                .allowInsecureLoopback()
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(4)
                        .withBackoff(Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(200))
                        .withMaxTotalWait(Duration.ofSeconds(2)))
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }
}
