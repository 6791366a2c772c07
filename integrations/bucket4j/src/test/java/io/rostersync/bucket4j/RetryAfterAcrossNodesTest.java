package io.rostersync.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.Fault;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 429 with Retry-After from the vendor: the node that got it waits it out as before, and through the shared
 * budget the other nodes get no permit meanwhile, instead of each sending a request into the same 429.
 */
@Timeout(60)
class RetryAfterAcrossNodesTest {

    @Test
    void afterA429WithRetryAfterAnotherNodeIsHeldBackWithoutSendingThenGoesOnAfterTheWait() throws Exception {
        String url = PostgresTestServer.newDatabase("retry_after");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.seed(new RosterGenerator(3), 20);
            zendesk.faults().next(ZendeskEmulator.LIST_USERS, Fault.rateLimited(Duration.ofSeconds(2)));
            ZendeskDirectory nodeA = directory(zendesk, url, Duration.ZERO);
            ZendeskDirectory nodeB = directory(zendesk, url, Duration.ZERO);
            ZendeskDirectory nodeBWaiting = directory(zendesk, url, Duration.ofSeconds(10));

            assertThatThrownBy(() -> readAll(nodeA)).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.httpStatus()).hasValue(429));
            int sent = zendesk.requestCount();

            assertThatThrownBy(() -> readAll(nodeB)).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.httpStatus()).as("refused by the budget, not by Zendesk").isEmpty());
            assertThat(zendesk.requestCount()).isEqualTo(sent);
            assertThat(readAll(nodeBWaiting)).hasSize(zendesk.userIds().size());
        }
    }

    /** A node: its own data source, budget and settings, 20 permits a second, no retries. */
    private static ZendeskDirectory directory(ZendeskEmulator zendesk, String jdbcUrl, Duration maxWait) {
        RateLimit limit = new RateLimit("zendesk:emulator", 20, Duration.ofSeconds(1), maxWait);
        HttpSettings http = HttpSettings.builder().retryPolicy(RetryPolicy.none())
                .requestBudget(PostgresRequestBudgets.builder(PostgresTestServer.dataSource(jdbcUrl)).build()
                        .budget("zendesk:emulator", limit)).build();
        return directory(zendesk, http);
    }

    private static ZendeskDirectory directory(ZendeskEmulator zendesk, HttpSettings http) {
        return ZendeskDirectory.builder().subdomain("emulator").baseUriForTesting(zendesk.baseUri())
                .apiToken(ZendeskEmulator.DEFAULT_EMAIL, Secret.of(ZendeskEmulator.DEFAULT_API_TOKEN))
                .readOnly().withoutClientRateLimits().http(http).build();
    }

    private static List<UserRecord> readAll(ZendeskDirectory directory) {
        List<UserRecord> users = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                users.addAll(page.get().users());
            }
        }
        return users;
    }
}
