package io.rostersync.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17's acceptance: three nodes (separate JVMs, each with its own pool, budget and HTTP clients) sync
 * tenants of one Zendesk account whose emulator enforces the account limit. With the budget shared in
 * PostgreSQL they get no 429 and finish within 1.1 x (requests / allowed rate); with a limiter per JVM (the
 * control) the same work runs into the account limit.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedQuotaAcrossNodesTest {

    /** The account's limit: requests a second, counted per clock second by the emulator. */
    private static final int PER_SECOND = 10;
    private static final int NODES = 3;
    private static final int TENANTS_PER_NODE = 4;
    private static final int USERS = 200;
    private static final int PAGE_SIZE = 20;

    private static ZendeskEmulator account() {
        ZendeskEmulator zendesk = ZendeskEmulator.builder()
                .apiToken(ZendeskEmulator.DEFAULT_EMAIL, ZendeskEmulator.DEFAULT_API_TOKEN)
                .accountLimitPerMinute(PER_SECOND).rateLimitWindow(Duration.ofSeconds(1)).start();
        zendesk.seed(new RosterGenerator(17), USERS);
        return zendesk;
    }

    private static Nodes.Outcome syncEveryTenant(ZendeskEmulator zendesk, String budget, String jdbcUrl) throws Exception {
        try (ZendeskEmulator warmUp = ZendeskEmulator.builder()
                .apiToken(ZendeskEmulator.DEFAULT_EMAIL, ZendeskEmulator.DEFAULT_API_TOKEN).accountLimitPerMinute(0).start()) {
            warmUp.seed(new RosterGenerator(18), USERS);
            try (Nodes nodes = new Nodes(NODES, "sync", jdbcUrl, zendesk.baseUri().toString(), budget,
                    Integer.toString(PER_SECOND), "1000", Integer.toString(TENANTS_PER_NODE), Integer.toString(PAGE_SIZE),
                    warmUp.baseUri().toString())) {
                return nodes.run();
            }
        }
    }

    @Test
    void threeNodesSharingTheBudgetGetNo429AndFinishWithinTheAccountRate() throws Exception {
        String url = PostgresTestServer.newDatabase("quota");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        try (ZendeskEmulator zendesk = account()) {
            Nodes.Outcome outcome = syncEveryTenant(zendesk, "shared", url);

            assertThat(outcome.results()).hasSize(NODES)
                    .allSatisfy(r -> assertThat(r).isEqualTo(TENANTS_PER_NODE + " 0 " + TENANTS_PER_NODE * USERS));
            assertThat(zendesk.rateLimitedCount()).as("429s from the account limit").isZero();
            int requests = zendesk.requestCount();
            double floorSeconds = (double) requests / PER_SECOND;
            double ratio = outcome.wallNanos() / 1e9 / floorSeconds;
            System.out.printf("shared budget: %d requests in %.2f s; requests / allowed rate = %.2f s; ratio %.3f%n",
                    requests, outcome.wallNanos() / 1e9, floorSeconds, ratio);
            assertThat(requests).isGreaterThanOrEqualTo(NODES * TENANTS_PER_NODE * (USERS / PAGE_SIZE));
            assertThat(ratio).as("wall time / (requests / allowed rate)").isLessThanOrEqualTo(1.1);
        }
    }

    @Test
    void withALimiterPerJvmTheSameNodesRunIntoTheAccountLimit() throws Exception {
        try (ZendeskEmulator zendesk = account()) {
            Nodes.Outcome outcome = syncEveryTenant(zendesk, "local", "-");

            int requests = zendesk.requestCount();
            System.out.printf("limiter per JVM (control): %d requests, %d refused with 429, in %.2f s%n",
                    requests, zendesk.rateLimitedCount(), outcome.wallNanos() / 1e9);
            assertThat(zendesk.rateLimitedCount()).as("429s from the account limit").isPositive();
        }
    }
}
