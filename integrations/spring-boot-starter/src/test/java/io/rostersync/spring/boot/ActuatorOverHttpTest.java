package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The endpoint and the health indicator as a web application serves them: a whole Boot application (Spring MVC,
 * Actuator, Micrometer, H2) on a random port, syncing the Zendesk emulator into a JDBC table, read over HTTP.
 */
@Timeout(180)
class ActuatorOverHttpTest {

    private static final String SECRET = "zd-http-tok-93be1d0c-do-not-show";

    private static ZendeskEmulator zendesk;
    private static ConfigurableApplicationContext app;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        zendesk = ZendeskEmulator.builder().apiToken(ZendeskEmulator.DEFAULT_EMAIL, SECRET).start();
        zendesk.addUser("Ann Agent", "ann@acme.example", "agent");
        zendesk.addUser("Dee Agent", "dee@acme.example", "agent");
        app = new SpringApplicationBuilder(App.class).properties(
                "server.port=0",
                "spring.jmx.enabled=false",
                "management.endpoints.web.exposure.include=health,rostersync,metrics",
                "management.endpoint.health.show-details=always",
                "rostersync.scheduling.enabled=false",
                "rostersync.syncs.zendesk-to-app.source=zendesk",
                "rostersync.syncs.zendesk-to-app.target=appUsers").run();
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (zendesk != null) {
            zendesk.close();
        }
    }

    @Test
    void runPlanReleaseListHealthAndMetricsOverHttp() throws Exception {
        HttpResponse<String> plan = post("/actuator/rostersync/zendesk-to-app/plan", null);
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(plan.body()).contains("\"outcome\":\"PLANNED\"").contains("ann@acme.example");

        HttpResponse<String> run = post("/actuator/rostersync/zendesk-to-app/run", null);
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body()).contains("\"outcome\":\"SUCCEEDED\"");

        HttpResponse<String> release = post("/actuator/rostersync/zendesk-to-app/release", "{\"targetIds\":\"424242,424243\"}");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(release.body()).contains("asked to release [424242, 424243], which no earlier run held");

        HttpResponse<String> list = get("/actuator/rostersync");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"zendesk-to-app\"").contains("\"lastRuns\"").contains("\"SUCCEEDED\"")
                .contains("\"heldDeprovisions\":[]").contains("\"waitingForSeat\":[]");

        HttpResponse<String> one = get("/actuator/rostersync/zendesk-to-app");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"target\":\"app-users\"");

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.body()).contains("\"rostersync\"").contains("\"zendesk-to-app\"");

        HttpResponse<String> metrics = get("/actuator/metrics/rostersync.runs");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("succeeded");

        for (HttpResponse<String> r : java.util.List.of(plan, run, release, list, one, health)) {
            assertThat(r.body()).doesNotContain(SECRET);
        }
    }

    @Test
    void namedSyncsTheNamedUsersOverHttpAndRefusesNoNameWithTheReason() throws Exception {
        HttpResponse<String> named = post("/actuator/rostersync/zendesk-to-app/named", "{\"emails\":\"dee@acme.example\"}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).contains("\"asked\":\"email dee@acme.example\"").contains("\"steps\"")
                .containsPattern("\"outcome\":\"(APPLIED|IN_SYNC)\"").doesNotContain(SECRET);

        HttpResponse<String> none = post("/actuator/rostersync/zendesk-to-app/named", "{\"ids\":\" , \"}");
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownSyncsAndOperationsAreClearClientErrors() throws Exception {
        assertThat(get("/actuator/rostersync/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = post("/actuator/rostersync/nope/run", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> operation = post("/actuator/rostersync/zendesk-to-app/explode", null);
        assertThat(operation.statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        // Actuator's write operations take JSON (an empty object when there are no parameters)
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A host application: Boot's DataSource (embedded H2), the Zendesk emulator and a users table. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ZendeskDirectory zendesk() {
            return ActuatorOverHttpTest.zendesk.directory().build();
        }

        @Bean
        JdbcUserDirectory appUsers(DataSource dataSource) {
            JdbcUserDirectory.createDefaultTables(dataSource);
            return JdbcUserDirectory.create("app-users", dataSource, UserTableMapping.defaultTables());
        }
    }
}
