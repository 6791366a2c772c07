package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The emulators' optional network latency (for the end-to-end benchmark) delays every answer, errors included. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmulatorLatencyTest {

    private static final Duration LATENCY = Duration.ofMillis(150);

    /** How long an unauthenticated GET takes to be answered, and with which status. */
    private static long millisToAnswer(URI uri) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void zendeskAnswersNoSoonerThanItsLatency() throws Exception {
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("a@example.com", "t").latency(LATENCY).start()) {
            assertThat(millisToAnswer(zendesk.baseUri().resolve("/api/v2/users"))).isGreaterThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void talkdeskAnswersNoSoonerThanItsLatency() throws Exception {
        try (TalkdeskEmulator talkdesk = TalkdeskEmulator.builder().latency(LATENCY).start()) {
            assertThat(millisToAnswer(talkdesk.apiBaseUri().resolve("users"))).isGreaterThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void salesforceAnswersNoSoonerThanItsLatency() throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            org.setLatency(LATENCY);
            assertThat(millisToAnswer(org.baseUri().resolve("/services/data/v62.0/query?q=SELECT+Id+FROM+User")))
                    .isGreaterThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void negativeLatencyIsRefused() {
        assertThatThrownBy(() -> ZendeskEmulator.builder().latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TalkdeskEmulator.builder().latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            assertThatThrownBy(() -> org.setLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
