package io.rostersync.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.jdbc.PostgresTestServer;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.TransientException;
import io.rostersync.testkit.ManualClock;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The PostgreSQL budget on its own: the table check, the typed failures, and what one node tells the others. */
@Timeout(60)
class PostgresRequestBudgetsTest {

    /** A limit whose period (an hour, aligned to the clock) will not roll over while a test runs. */
    private static RateLimit perHour(int permits) {
        return new RateLimit("zendesk:acme", permits, Duration.ofHours(1), Duration.ZERO);
    }

    private static DataSource freshDatabaseWithTable() {
        DataSource ds = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("budget"));
        PostgresRequestBudgets.createTable(ds);
        return ds;
    }

    @Test
    void aMissingTableFailsAtStartUpWithATypedErrorThatSaysHowToCreateIt() {
        DataSource empty = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("budget"));

        assertThatThrownBy(() -> PostgresRequestBudgets.builder(empty).build())
                .isInstanceOfSatisfying(BudgetTableMissingException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining("rostersync_request_budget")
                .hasMessageContaining("PostgresRequestBudgets.createTable(dataSource)")
                .hasMessageContaining("io/rostersync/bucket4j/schema/postgresql/V1__request_budget.sql");
    }

    @Test
    void aTableWithoutTheStateColumnIsRefusedToo() throws Exception {
        DataSource ds = PostgresTestServer.dataSource(PostgresTestServer.newDatabase("budget"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rostersync_request_budget (id VARCHAR(200) PRIMARY KEY)");
        }

        assertThatThrownBy(() -> PostgresRequestBudgets.builder(ds).build()).isInstanceOf(BudgetTableMissingException.class)
                .hasMessageContaining("42703");
    }

    @Test
    void creatingTheTableTwiceIsHarmless() {
        DataSource ds = freshDatabaseWithTable();
        PostgresRequestBudgets.createTable(ds);

        assertThat(PostgresRequestBudgets.builder(ds).build()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(PostgresRequestBudgets.Lock.class)
    void aBudgetSpentBeyondItsLongestWaitFailsTypedWithTheTimeUntilTheNextPermit(PostgresRequestBudgets.Lock lock)
            throws Exception {
        RequestBudget budget = PostgresRequestBudgets.builder(freshDatabaseWithTable()).lock(lock).build()
                .budget("zendesk:acme", perHour(2));
        budget.acquire("zendesk");
        budget.acquire("zendesk");

        assertThatThrownBy(() -> budget.acquire("zendesk"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.details().vendor()).hasValue("zendesk");
                    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
                })
                .hasMessageContaining("client-side rate limit zendesk:acme gave no permit in time");
    }

    @ParameterizedTest
    @EnumSource(PostgresRequestBudgets.Lock.class)
    void everyWaitForAPermitGoesThroughTheSleeperOnTheBudgetsClock(PostgresRequestBudgets.Lock lock) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:00:00Z")); // on a minute boundary
        RequestBudget budget = PostgresRequestBudgets.builder(freshDatabaseWithTable()).lock(lock)
                .clock(clock).sleeper(clock::sleep).build()
                .budget("zendesk:acme", new RateLimit("zendesk:acme", 2, Duration.ofMinutes(1), Duration.ofMinutes(2)));

        budget.acquire("zendesk");
        budget.acquire("zendesk");
        assertThat(clock.sleeps()).isEmpty();

        budget.acquire("zendesk"); // the minute's two permits are spent: waits for the next minute's
        assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-05T09:01:00Z"));

        clock.advance(Duration.ofSeconds(59).plusMillis(500)); // inside the boundary guard (1 s before 09:02)
        budget.acquire("zendesk");
        assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(1), Duration.ofMillis(500));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-05T09:02:00Z"));
    }

    @Test
    void twoNodesDrawFromOneBudgetPerKeyAndOtherKeysAreApart() throws Exception {
        String url = PostgresTestServer.newDatabase("budget");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        // Two nodes: each its own data source and its own budgets.
        RequestBudget nodeA = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perHour(3));
        RequestBudget nodeB = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perHour(3));
        RequestBudget otherAccount = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build()
                .budget("zendesk:globex", perHour(1));

        nodeA.acquire("zendesk");
        nodeB.acquire("zendesk");
        nodeA.acquire("zendesk");

        assertThatThrownBy(() -> nodeB.acquire("zendesk")).isInstanceOf(RateLimitedException.class);
        otherAccount.acquire("zendesk");
    }

    @Test
    void whenTheVendorAsksOneNodeToWaitPastTheBoundaryTheOtherNodesGetNoPermitEither() throws Exception {
        String url = PostgresTestServer.newDatabase("budget");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        RateLimit perSecond = new RateLimit("zendesk:acme", 100, Duration.ofSeconds(1), Duration.ZERO);
        RequestBudget nodeA = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perSecond);
        RequestBudget nodeB = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perSecond);

        nodeA.vendorAskedToWait(Duration.ofSeconds(5));

        assertThatThrownBy(() -> nodeB.acquire("zendesk")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aVendorWaitThatEndsBeforeThePeriodDoesWithholdsNothing() throws Exception {
        String url = PostgresTestServer.newDatabase("budget");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        RequestBudget nodeA = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perHour(100));
        RequestBudget nodeB = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build().budget("zendesk:acme", perHour(100));

        // Unless the test runs in the hour's last second, no boundary falls within this wait.
        nodeA.vendorAskedToWait(Duration.ofMillis(500));

        nodeB.acquire("zendesk");
    }

    @Test
    void aWaitLongerThanAPeriodWithholdsThePermitsOfTheBoundariesInside() throws Exception {
        String url = PostgresTestServer.newDatabase("budget");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        // 5 a second; the vendor says 10 s: the next 9 or 10 boundaries' permits are taken ahead.
        RequestBudget budget = PostgresRequestBudgets.builder(PostgresTestServer.dataSource(url)).build()
                .budget("zendesk:acme", new RateLimit("zendesk:acme", 5, Duration.ofSeconds(1), Duration.ZERO));

        budget.vendorAskedToWait(Duration.ofSeconds(10));

        assertThatThrownBy(() -> budget.acquire("zendesk")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(8))));
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheAttemptAsTransientBeforeAnythingIsSent() throws Exception {
        Switchable ds = new Switchable(freshDatabaseWithTable());
        RequestBudget budget = PostgresRequestBudgets.builder(ds).build().budget("zendesk:acme", perHour(10));
        budget.acquire("zendesk");

        ds.down.set(true);

        assertThatThrownBy(() -> budget.acquire("zendesk"))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.details().vendor()).hasValue("zendesk"))
                .hasMessageContaining("shared request budget zendesk:acme could not be read in PostgreSQL (SQL state 08001)");
        assertThatThrownBy(() -> PostgresRequestBudgets.builder(ds).build()).isInstanceOf(TransientException.class)
                .hasMessageContaining("08001");
    }

    @Test
    void keysNameTheAccountAndPeriodsAreWholeMilliseconds() {
        PostgresRequestBudgets budgets = PostgresRequestBudgets.builder(freshDatabaseWithTable()).build();

        assertThatThrownBy(() -> budgets.budget("zendesk acme", perHour(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vendor account");
        assertThatThrownBy(() -> budgets.budget("", perHour(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budgets.budget("x".repeat(201), perHour(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budgets.budget("zendesk:acme", new RateLimit("n", 1, Duration.ofNanos(1_500_000), Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> PostgresRequestBudgets.builder(freshDatabaseWithTable()).statementTimeout(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(budgets.budget("salesforce:00D5e000000abcd", perHour(1)).name()).isEqualTo("zendesk:acme");
        assertThatThrownBy(() -> PostgresRequestBudgets.builder(freshDatabaseWithTable()).boundaryGuard(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        PostgresRequestBudgets guarded = PostgresRequestBudgets.builder(freshDatabaseWithTable()).boundaryGuard(Duration.ofSeconds(1)).build();
        assertThatThrownBy(() -> guarded.budget("zendesk:acme", new RateLimit("n", 1, Duration.ofSeconds(1), Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the period");
    }

    /** A data source that can be made to refuse connections, as a PostgreSQL that went away. */
    private static final class Switchable implements DataSource {
        final AtomicBoolean down = new AtomicBoolean();
        private final DataSource delegate;

        Switchable(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("Connection to 127.0.0.1 refused", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
