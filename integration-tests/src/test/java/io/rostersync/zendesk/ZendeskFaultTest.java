package io.rostersync.zendesk;

import static io.rostersync.zendesk.ZendeskReadTest.lastCursor;
import static io.rostersync.zendesk.ZendeskReadTest.pages;
import static io.rostersync.zendesk.ZendeskReadTest.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.spi.AuthFailedException;
import io.rostersync.http.HttpSettings;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.http.Secret;
import io.rostersync.model.Cursor;
import io.rostersync.spi.TransientException;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskFault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every injectable fault, and rate limits, seen through the provider. */
@Timeout(30)
class ZendeskFaultTest {

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private ZendeskEmulator emulator;

    private ZendeskEmulator start(ZendeskEmulator.Builder builder) throws Exception {
        emulator = builder.start();
        emulator.seed(new RosterGenerator(11), 150);
        clock.advance(Duration.ofMinutes(5));
        return emulator;
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheReadSucceeds() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.status(503), 2);

        assertThat(users(pages(Fixtures.directory(emulator, clock).build().readAll()))).hasSize(150);
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(4);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void persistentServerErrorsFailTheReadWithATransientError() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.status(500), 10);

        assertThatThrownBy(() -> pages(Fixtures.directory(emulator, clock).build().readAll()))
                .isInstanceOf(TransientException.class).hasMessageContaining("HTTP 500");
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(4);
    }

    @Test
    void connectionDroppedMidBodyIsRetried() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.droppedConnection(), 1);

        assertThat(users(pages(Fixtures.directory(emulator, clock).build().readAll()))).hasSize(150);
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(3);
    }

    @Test
    void malformedJsonFailsTheReadAsAnInvalidResponseWithoutQuotingIt() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.malformedJson(), 1);

        assertThatThrownBy(() -> pages(Fixtures.directory(emulator, clock).build().readAll()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("Trunc");
    }

    @Test
    void slowResponseTimesOutAndIsRetried() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.slowResponse(Duration.ofSeconds(3)), 1);

        ZendeskDirectory dir = Fixtures.directory(emulator, clock)
                .http(Fixtures.http(clock).requestTimeout(Duration.ofMillis(300)).build()).build();

        assertThat(users(pages(dir.readAll()))).hasSize(150);
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(3);
    }

    @Test
    void truncatedPageFailsTheRead() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.truncatedPage(), 1);

        assertThatThrownBy(() -> pages(Fixtures.directory(emulator, clock).build().readAll()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void tooManyRequestsWaitsTheRetryAfterMeasuredOnTheInjectedClock() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.rateLimited(37), 1);

        assertThat(users(pages(Fixtures.directory(emulator, clock).build().readAll()))).hasSize(150);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(37));
    }

    @Test
    void accountLimitAnswers429UntilTheMinuteIsOverAndTheClientWaitsForIt() throws Exception {
        start(Fixtures.emulator(clock).accountLimitPerMinute(2));
        // At 09:05:00 the custom roles and the first page pass; the second (last) page gets Retry-After 60
        // and is sent again in the next minute.

        assertThat(users(pages(Fixtures.directory(emulator, clock).build().readAll()))).hasSize(150);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(60));
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(2 + 1);
    }

    @Test
    void incrementalExportHasItsOwnTighterLimit() throws Exception {
        start(Fixtures.emulator(clock).incrementalLimitPerMinute(1));
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).incrementalPageSize(100).build();
        Cursor start = lastCursor(pages(dir.readAll()));
        clock.advance(Duration.ofSeconds(90));
        emulator.seed(new RosterGenerator(12), 150);
        clock.advance(Duration.ofSeconds(15));

        assertThat(users(pages(dir.readChanges(start)))).hasSize(150);
        // 09:06:45: second export page is refused until 09:07:00.
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(15));
    }

    @Test
    void rateLimitBeyondTheRetryBudgetSurfacesAsRateLimited() throws Exception {
        start(Fixtures.emulator(clock));
        emulator.inject("GET /api/v2/users", ZendeskFault.rateLimited(3600), 1);

        assertThatThrownBy(() -> pages(Fixtures.directory(emulator, clock).build().readAll()))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofHours(1)));
    }

    @Test
    void expiredOAuthTokenIsReplacedOnceAndTheCallGoesThrough() throws Exception {
        start(Fixtures.emulator(clock).oauthClient("rostersync", "client-secret-value"));
        ZendeskDirectory dir = ZendeskDirectory.builder().subdomain("abc-energy")
                .oauthClientCredentials("rostersync", Secret.of("client-secret-value"), "users:read")
                .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits()
                .http(HttpSettings.builder().clock(clock).sleeper(clock::sleep).retryPolicy(Fixtures.fastRetry(3)).build()).build();

        assertThat(users(pages(dir.readAll()))).hasSize(150);
        emulator.expireIssuedTokens();
        assertThat(users(pages(dir.readAll()))).hasSize(150);

        assertThat(emulator.requestCount("POST /oauth/tokens")).isEqualTo(2);
    }

    @Test
    void tokenWithALifetimeIsRefreshedBeforeItExpires() throws Exception {
        start(Fixtures.emulator(clock).oauthClient("rostersync", "client-secret-value").tokenLifetime(Duration.ofHours(1)));
        ZendeskDirectory dir = ZendeskDirectory.builder().subdomain("abc-energy")
                .oauthClientCredentials("rostersync", Secret.of("client-secret-value"), "read")
                .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits()
                .http(HttpSettings.builder().clock(clock).sleeper(clock::sleep).build()).build();

        pages(dir.readAll());
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        pages(dir.readAll());

        assertThat(emulator.requestCount("POST /oauth/tokens")).isEqualTo(2);
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(4);
    }

    @Test
    void wrongApiTokenIsAnAuthFailureThatNeverShowsTheToken() throws Exception {
        start(Fixtures.emulator(clock));
        ZendeskDirectory dir = ZendeskDirectory.builder().subdomain("abc-energy")
                .apiToken(Fixtures.EMAIL, Secret.of("wrong-token-123456"))
                .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits()
                .http(HttpSettings.builder().clock(clock).sleeper(clock::sleep).build()).build();

        assertThatThrownBy(() -> pages(dir.readAll()))
                .isInstanceOf(AuthFailedException.class)
                .hasMessageNotContaining("wrong-token-123456");
        assertThat(dir.toString()).doesNotContain("wrong-token-123456");
    }

    @Test
    void wrongClientSecretIsAnAuthFailureThatNeverShowsTheSecret() throws Exception {
        start(Fixtures.emulator(clock).oauthClient("rostersync", "client-secret-value"));
        ZendeskDirectory dir = ZendeskDirectory.builder().subdomain("abc-energy")
                .oauthClientCredentials("rostersync", Secret.of("guessed-secret-999"), "read")
                .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits()
                .http(HttpSettings.builder().clock(clock).sleeper(clock::sleep).build()).build();

        assertThatThrownBy(() -> pages(dir.readAll()))
                .isInstanceOf(AuthFailedException.class)
                .hasMessageNotContaining("guessed-secret-999");
    }
}
