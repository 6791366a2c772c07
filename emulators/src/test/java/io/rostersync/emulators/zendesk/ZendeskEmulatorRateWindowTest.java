package io.rostersync.emulators.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.testkit.ManualClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A shorter rate-limit window counts the account limit per window and sends Retry-After up to its end. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZendeskEmulatorRateWindowTest {

    @Test
    void aOneSecondWindowRefusesTheThirdRequestOfASecondUntilTheNextSecond() throws Exception {
        ManualClock clock = ManualClock.startingAtAFixedTime();
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@acme.test", "t0ken").clock(clock)
                .accountLimitPerMinute(2).rateLimitWindow(Duration.ofSeconds(1)).start()) {
            assertThat(me(zendesk).statusCode()).isEqualTo(200);
            assertThat(me(zendesk).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = me(zendesk);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

            clock.advance(Duration.ofSeconds(1));
            assertThat(me(zendesk).statusCode()).isEqualTo(200);
            assertThat(zendesk.rateLimitedCount()).isEqualTo(1);
        }
    }

    @Test
    void aWindowMustBeWholeSeconds() {
        assertThatThrownBy(() -> ZendeskEmulator.builder().rateLimitWindow(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> ZendeskEmulator.builder().rateLimitWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> me(ZendeskEmulator zendesk) throws Exception {
        String token = Base64.getEncoder().encodeToString("admin@acme.test/token:t0ken".getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(zendesk.baseUri().resolve("/api/v2/users/me"))
                .header("Authorization", "Basic " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
