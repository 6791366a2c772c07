package io.rostersync.emulators.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many Zendesk accounts on one emulator server, told apart by their API tokens as Zendesk tells them apart
 * by subdomain: each account's data, jobs and rate limits are its own.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZendeskEmulatorAccountsTest {

    @Test
    void eachAccountsDirectoryReadsAndWritesThatAccountOnly() {
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Own Agent", "own@example.com", "agent");
            ZendeskAccount acme = zendesk.addAccount("Admin@Acme.test", "acme-token");
            ZendeskAccount globex = zendesk.addAccount("admin@globex.test", "globex-token");
            acme.seed(new RosterGenerator(1), 30);
            globex.addUser("Globex Agent", "agent@globex.test", "agent");

            assertThat(acme.email()).isEqualTo("admin@acme.test");
            assertThat(emails(acme.directory().build())).hasSize(30).doesNotContain("own@example.com", "agent@globex.test");
            assertThat(emails(globex.directory().build())).containsExactly("agent@globex.test");
            assertThat(emails(zendesk.directory().build())).containsExactly("own@example.com");

            WriteResult created = globex.directory().build().create(UserProfile.builder().email("new@globex.test")
                    .firstName("New").lastName("Hire").role("agent").build(), CreateOptions.silent());
            assertThat(created).isInstanceOf(WriteResult.Stored.class);
            assertThat(globex.userIds()).hasSize(2);
            assertThat(acme.userIds()).hasSize(30);
            assertThat(zendesk.userIds()).hasSize(1);
            assertThat(zendesk.requestCount()).as("one server counts every account's requests").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void anAccountsEmailWithAnotherTokenIsRefusedNotServedByAnotherAccount() throws Exception {
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Own Agent", "own@example.com", "agent");
            zendesk.addAccount("admin@acme.test", "acme-token");

            HttpResponse<String> wrongToken = get(zendesk, "admin@acme.test", ZendeskEmulator.DEFAULT_API_TOKEN);
            HttpResponse<String> unknownEmail = get(zendesk, "nobody@acme.test", "acme-token");

            assertThat(wrongToken.statusCode()).isEqualTo(401);
            assertThat(wrongToken.body()).doesNotContain("own@example.com");
            assertThat(unknownEmail.statusCode()).isEqualTo(401);
            assertThat(get(zendesk, "admin@acme.test", "acme-token").statusCode()).isEqualTo(200);
            assertThat(get(zendesk, ZendeskEmulator.DEFAULT_EMAIL, ZendeskEmulator.DEFAULT_API_TOKEN).body())
                    .contains("own@example.com");
        }
    }

    @Test
    void rateLimitsAreCountedPerAccount() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:05Z"));
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@first.test", "first-token").clock(clock)
                .accountLimitPerMinute(2).start()) {
            ZendeskAccount busy = zendesk.addAccount("admin@busy.test", "busy-token");
            ZendeskAccount quiet = zendesk.addAccount("admin@quiet.test", "quiet-token");
            ZendeskDirectory busyDirectory = busy.directory().http(io.rostersync.http.HttpSettings.builder()
                    .retryPolicy(io.rostersync.http.RetryPolicy.none()).build()).build();

            busyDirectory.get(io.rostersync.model.NativeId.of("1"));
            busyDirectory.get(io.rostersync.model.NativeId.of("1"));
            assertThatThrownBy(() -> busyDirectory.get(io.rostersync.model.NativeId.of("1")))
                    .isInstanceOf(RateLimitedException.class);

            assertThat(busy.rateLimitedCount()).isEqualTo(1);
            assertThat(emails(quiet.directory().build())).as("another account's budget is untouched").isEmpty();
            assertThat(quiet.rateLimitedCount()).isZero();
            assertThat(zendesk.rateLimitedCount()).isZero();
        }
    }

    @Test
    void anEmailTakenByAnyAccountIsRefused() {
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addAccount("admin@acme.test", "acme-token");

            assertThatThrownBy(() -> zendesk.addAccount("ADMIN@acme.test", "other")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("admin@acme.test");
            assertThatThrownBy(() -> zendesk.addAccount(ZendeskEmulator.DEFAULT_EMAIL, "other"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> zendesk.addAccount("admin@blank.test", " ")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedEmulatorTakesNoAccountAndAnAccountNamesNoToken() {
        ZendeskEmulator zendesk = ZendeskEmulator.start();
        ZendeskAccount acme = zendesk.addAccount("admin@acme.test", "acme-secret-token");
        zendesk.close();

        assertThat(acme.toString()).contains("admin@acme.test").doesNotContain("acme-secret-token");
        assertThatThrownBy(() -> zendesk.addAccount("admin@late.test", "t")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyAccountAnswersNoSoonerThanTheLatency() throws Exception {
        Duration latency = Duration.ofMillis(150);
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@first.test", "t").latency(latency).start()) {
            zendesk.addAccount("admin@acme.test", "acme-token");

            long start = System.nanoTime();
            HttpResponse<String> r = get(zendesk, "admin@acme.test", "acme-token");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(latency.toMillis());
        }
    }

    @Test
    void withoutRecordedRequestsRequestsAreCountedButNotKept() {
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("admin@first.test", "t").withoutRecordedRequests().start()) {
            ZendeskAccount acme = zendesk.addAccount("admin@acme.test", "acme-token");
            acme.seed(new RosterGenerator(2), 3);

            assertThat(emails(acme.directory().build())).hasSize(3);
            assertThat(emails(zendesk.directory().build())).isEmpty();

            assertThat(zendesk.requestCount()).isGreaterThanOrEqualTo(2);
            assertThat(zendesk.requests()).isEmpty();
            assertThat(zendesk.takeRequest(Duration.ZERO)).isEmpty();
        }
    }

    private static HttpResponse<String> get(ZendeskEmulator zendesk, String email, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((email + "/token:" + token).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(zendesk.baseUri().resolve("/api/v2/users"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> emails(ZendeskDirectory directory) {
        List<String> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord u : p.get().users()) {
                    out.add(u.profile().email().orElseThrow().value());
                }
            }
        }
        return out;
    }
}
