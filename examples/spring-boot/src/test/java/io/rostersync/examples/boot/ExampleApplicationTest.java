package io.rostersync.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.spi.UserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example application as shipped (the emulator profile by default) on a random port of 127.0.0.1: its
 * schedule runs the sync at start-up, and the test reads the health, the rostersync endpoint and a meter over real
 * HTTP, checks the users landed in the application's table, and that the Zendesk token shows in no response.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // A token the test can look for (the connection reads it through ${ZENDESK_API_TOKEN}).
    "ZENDESK_API_TOKEN=" + ExampleApplicationTest.TOKEN,
    // Also the endpoints that could show it, with their values shown.
    "management.endpoints.web.exposure.include=health,rostersync,metrics,env,configprops",
    "management.endpoint.env.show-values=always",
    "management.endpoint.configprops.show-values=always"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExampleApplicationTest {

    static final String TOKEN = "zd-example-token-7c41e9";
    private static final String SYNC = "zendesk-to-app";

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("support")
    UserDirectory support;

    @Autowired
    ZendeskEmulator zendesk;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theScheduledRunSyncsZendeskIntoTheUsersTableAndActuatorShowsIt() {
        assertThat(support).isInstanceOf(ZendeskDirectory.class);
        ActuatorClient actuator = new ActuatorClient(port);

        // The schedule's first run starts with the application: wait until the endpoint lists it.
        JsonNode sync = await(() -> {
            JsonNode s = syncOf(actuator.get("rostersync"));
            return s.path("lastRuns").size() > 0 ? s : null;
        });
        assertThat(sync.path("source").asText()).isEqualTo("zendesk:acme");
        assertThat(sync.path("target").asText()).isEqualTo("app-users");
        JsonNode lastRun = sync.path("lastRuns").get(0);
        assertThat(lastRun.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(lastRun.path("sourceUsers").asInt()).isEqualTo(3);
        assertThat(Instant.parse(sync.path("nextDue").asText())).isAfter(Instant.parse(lastRun.path("startedAt").asText()));

        assertThat(jdbc.queryForList("SELECT email FROM app_users ORDER BY email", String.class))
                .containsExactly("ann.lee@acme.example", "bob.roe@acme.example", "cy.poe@acme.example");

        // Run now: nothing changed in Zendesk, so the run applies nothing.
        JsonNode now = actuator.post("rostersync/" + SYNC + "/run", "{}");
        assertThat(now.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(now.path("run").path("applied").asInt()).isZero();

        JsonNode health = actuator.get("health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode rostersync = health.path("components").path("rostersync");
        assertThat(rostersync.path("status").asText()).isEqualTo("UP");
        assertThat(rostersync.path("details").path("syncs").path(SYNC).path("status").asText()).isEqualTo("UP");

        List<String> meters = new java.util.ArrayList<>();
        actuator.get("metrics").path("names").forEach(n -> meters.add(n.asText()));
        assertThat(meters).contains("rostersync.runs", "rostersync.vendor.requests");
        JsonNode runs = actuator.get("metrics/rostersync.runs");
        assertThat(runs.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(2);
        JsonNode requests = actuator.get("metrics/rostersync.vendor.requests?tag=vendor:zendesk");
        assertThat(requests.path("measurements").get(0).path("value").asDouble()).isPositive();

        actuator.get("env");
        actuator.get("configprops");
        List<String> bodies = actuator.bodies();
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain(TOKEN));
    }

    private static JsonNode syncOf(JsonNode endpoint) {
        for (JsonNode s : endpoint.path("syncs")) {
            if (s.path("id").asText().equals(SYNC)) {
                return s;
            }
        }
        throw new AssertionError("the endpoint lists no sync " + SYNC + ": " + endpoint);
    }

    /** Polls until {@code condition} gives a value, for at most 20 seconds. */
    private static <T> T await(Supplier<T> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no run within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
