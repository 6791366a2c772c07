package io.rostersync.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.jdbc.PostgresTestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three nodes in separate JVMs, four threads each, race for one budget in PostgreSQL: exactly its permits are
 * granted, never more. Also prints the permits per second each lock managed, for the choice of the default.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BudgetAcrossJvmsTest {

    @ParameterizedTest
    @EnumSource(PostgresRequestBudgets.Lock.class)
    void nodesRacingForOneBudgetAreGrantedExactlyItsPermits(PostgresRequestBudgets.Lock lock) throws Exception {
        String url = PostgresTestServer.newDatabase("contention");
        PostgresRequestBudgets.createTable(PostgresTestServer.dataSource(url));
        int permits = 500;
        int attemptsPerNode = 300;

        Nodes.Outcome outcome;
        try (Nodes nodes = new Nodes(3, "hammer", url, lock.name(), "zendesk:contended", Integer.toString(permits),
                Integer.toString(attemptsPerNode), "4")) {
            outcome = nodes.run();
        }

        int granted = 0;
        int refused = 0;
        for (String result : outcome.results()) {
            String[] parts = result.split(" ");
            granted += Integer.parseInt(parts[0]);
            refused += Integer.parseInt(parts[1]);
        }
        assertThat(granted).isEqualTo(permits);
        assertThat(refused).isEqualTo(3 * attemptsPerNode - permits);
        System.out.printf("lock %s: %d attempts from 3 JVMs x 4 threads in %d ms, %.0f a second%n", lock,
                3 * attemptsPerNode, outcome.wallNanos() / 1_000_000, 3 * attemptsPerNode / (outcome.wallNanos() / 1e9));
    }
}
