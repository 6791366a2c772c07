package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription;
import io.rostersync.engine.RunOptions;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spring.boot.webhooks.ZendeskWebhookEndpoints;
import io.rostersync.spring.boot.webhooks.RosterSyncZendeskWebhooksAutoConfiguration;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The Zendesk webhook endpoint as a web application serves it: a whole Boot application on a random 127.0.0.1
 * port, the Zendesk emulator's signed user events posted to it, synced into a JDBC table on H2.
 */
@Timeout(180)
class ZendeskWebhooksOverHttpTest {

    private static final String API_TOKEN = "zd-hook-api-tok-0b7e22c1-do-not-show";
    private static final String SIGNING_SECRET = "whsec-5f1c9a77e03d4b2a-do-not-show";
    private static final String PATH = "/rostersync/webhooks/zendesk/zendesk-to-app";
    private static final SyncId SYNC = SyncId.of("zendesk-to-app");

    private static ZendeskEmulator zendesk;
    private static long ann;
    private static ConfigurableApplicationContext app;
    private static URI base;
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOGS), true, StandardCharsets.UTF_8));
        zendesk = ZendeskEmulator.builder().apiToken(ZendeskEmulator.DEFAULT_EMAIL, API_TOKEN).start();
        ann = zendesk.addUser("Ann Agent", "ann@acme.example", "agent");
        zendesk.addUser("Bob Agent", "bob@acme.example", "agent");
        app = new SpringApplicationBuilder(App.class).properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.jmx.enabled=false",
                "management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always",
                "rostersync.scheduling.enabled=false",
                "rostersync.syncs.zendesk-to-app.source=zendesk",
                "rostersync.syncs.zendesk-to-app.target=appUsers",
                "rostersync.webhooks.zendesk.zendesk-to-app.signing-secret=" + SIGNING_SECRET).run();
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
        assertThat(app.getBean(RosterSyncs.class).runnerFor(SYNC).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
            if (zendesk != null) {
                zendesk.close();
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void aSignedWebhookForARenamedUserReachesTheHostDirectory() throws Exception {
        try (ZendeskWebhookSubscription subscription = zendesk.webhooks().subscribe(base.resolve(PATH), SIGNING_SECRET)) {
            zendesk.rename(ann, "Ann Hooked");
            JdbcUserDirectory users = app.getBean(JdbcUserDirectory.class);
            Await.until("the rename reaches the host directory", Duration.ofMinutes(1),
                    () -> record(users, "ann@acme.example").profile().displayName().equals("Ann Hooked"));
            assertThat(subscription.deliveries()).isNotEmpty().allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
            assertThat(record(users, "bob@acme.example").profile().displayName()).isEqualTo("Bob Agent");
        }
    }

    @Test
    void aForgedSignatureGets401AndChangesNothing() throws Exception {
        JdbcUserDirectory users = app.getBean(JdbcUserDirectory.class);
        String before = record(users, "ann@acme.example").profile().displayName();
        zendesk.rename(ann, "Ann Forged"); // the change a forged event would make the host pick up
        String body = "{\"type\":\"zen:event-type:user.name_changed\",\"id\":\"01JFORGED000000000000000001\","
                + "\"subject\":\"zen:user:" + ann + "\",\"time\":\"" + Instant.now() + "\",\"detail\":{\"id\":\"" + ann + "\"},"
                + "\"event\":{},\"account_id\":12514403,\"zendesk_event_version\":\"2022-06-20\"}";
        HttpRequest forged = HttpRequest.newBuilder(base.resolve(PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Zendesk-Webhook-Signature", "dGhpcyBpcyBub3QgYSBzaWduYXR1cmUgYXQgYWxsIQ==")
                .header("X-Zendesk-Webhook-Signature-Timestamp", Instant.now().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(forged, HttpResponse.BodyHandlers.ofString());
        try {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("signature").doesNotContain("BAD_SIGNATURE").doesNotContain(SIGNING_SECRET);
            // the hint is offered before the answer is sent: nothing was queued, so nothing will be synced
            assertThat(app.getBean(ZendeskWebhookEndpoints.class).hints(SYNC).orElseThrow().pending()).isZero();
            assertThat(record(users, "ann@acme.example").profile().displayName()).isEqualTo(before);
        } finally {
            zendesk.rename(ann, before);
        }
    }

    @Test
    void aBodyOverTheReceiversCapGets413AndIsNotReadFurther() throws Exception {
        int cap = io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver.builder()
                .signingSecret(io.rostersync.http.Secret.of("x", "not-the-secret")).build().maxBodyBytes();
        byte[] big = new byte[cap + 4096];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpRequest request = HttpRequest.newBuilder(base.resolve(PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Zendesk-Webhook-Signature", "dGhpcyBpcyBub3QgYSBzaWduYXR1cmUgYXQgYWxsIQ==")
                .header("X-Zendesk-Webhook-Signature-Timestamp", Instant.now().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(app.getBean(ZendeskWebhookEndpoints.class).hints(SYNC).orElseThrow().pending()).isZero();
    }

    @Test
    void theSigningSecretNeverShowsInEnvConfigpropsOrLogs() throws Exception {
        HttpResponse<String> env = get("/actuator/env");
        assertThat(env.statusCode()).isEqualTo(200);
        assertThat(env.body()).contains("rostersync.webhooks.zendesk.zendesk-to-app.signing-secret").contains("******")
                .doesNotContain(SIGNING_SECRET);
        HttpResponse<String> one = get("/actuator/env/rostersync.webhooks.zendesk.zendesk-to-app.signing-secret");
        assertThat(one.body()).doesNotContain(SIGNING_SECRET);
        assertThat(get("/actuator/configprops").body()).doesNotContain(SIGNING_SECRET);
        assertThat(app.getBean(ZendeskWebhookEndpoints.class).toString()).doesNotContain(SIGNING_SECRET);
        assertThat(LOGS.toString(StandardCharsets.UTF_8)).doesNotContain(SIGNING_SECRET).doesNotContain(API_TOKEN);
    }

    @Test
    void anUnknownSyncIdFailsStartUpNamingItAndWithoutThePropertyThereIsNoEndpoint() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(Fixtures.STARTER)
                .withConfiguration(AutoConfigurations.of(RosterSyncZendeskWebhooksAutoConfiguration.class))
                .withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withPropertyValues("rostersync.scheduling.enabled=false");
        web.withPropertyValues("rostersync.webhooks.zendesk.nope.signing-secret=" + SIGNING_SECRET).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("rostersync.webhooks.zendesk.nope: there is no sync 'nope'; the syncs are [hr-to-app]")
                    .hasMessageNotContaining(SIGNING_SECRET);
        });
        web.withPropertyValues("rostersync.webhooks.zendesk.hr-to-app.path=/hooks/hr").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("rostersync.webhooks.zendesk.hr-to-app.signing-secret is missing");
        });
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ZendeskWebhookEndpoints.class));
        web.withPropertyValues("rostersync.webhooks.zendesk.hr-to-app.signing-secret=" + SIGNING_SECRET,
                "rostersync.webhooks.zendesk.hr-to-app.path=/hooks/hr").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ZendeskWebhookEndpoints.class).paths()).containsEntry(SyncId.of("hr-to-app"), "/hooks/hr");
        });
        new ApplicationContextRunner().withConfiguration(Fixtures.STARTER)
                .withConfiguration(AutoConfigurations.of(RosterSyncZendeskWebhooksAutoConfiguration.class))
                .withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withPropertyValues("rostersync.scheduling.enabled=false",
                        "rostersync.webhooks.zendesk.hr-to-app.signing-secret=" + SIGNING_SECRET)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ZendeskWebhookEndpoints.class));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static UserRecord record(JdbcUserDirectory directory, String email) {
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord u : p.get().users()) {
                    if (u.email().map(e -> e.value().equals(email)).orElse(false)) {
                        return u;
                    }
                }
            }
        }
        throw new AssertionError("no " + email + " in the host directory");
    }

    /** Writes to both streams: the log output still shows, and the test can read it. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }

    /** A host application: Boot's DataSource (embedded H2), the Zendesk emulator and a users table. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        ZendeskDirectory zendesk() {
            return ZendeskWebhooksOverHttpTest.zendesk.directory().build();
        }

        @Bean
        JdbcUserDirectory appUsers(DataSource dataSource) {
            JdbcUserDirectory.createDefaultTables(dataSource);
            return JdbcUserDirectory.create("app-users", dataSource, UserTableMapping.defaultTables());
        }
    }
}
