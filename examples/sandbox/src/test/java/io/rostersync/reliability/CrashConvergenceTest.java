package io.rostersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at every action index (the target dies before its k-th write) and at every persistence step of
 * the JDBC state store (links, cursor, report) converges on re-run: no duplicate accounts, the cursor not
 * past an unapplied change, and a third plan that is empty.
 */
@Timeout(60)
class CrashConvergenceTest {

    private static final SyncId SYNC = SyncId.of("crash-convergence");
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** One scenario: a synced pair, then creates, updates and a removal on the source. */
    private static final class Scenario {
        final ManualClock clock = ManualClock.startingAtAFixedTime();
        final InMemoryUserDirectory source = InMemoryUserDirectory.builder("crm").pageSize(3).build();
        final InMemoryUserDirectory target = InMemoryUserDirectory.builder("helpdesk").pageSize(3).maxBatchSize(2).build();
        final JdbcSyncStateStore jdbc;

        Scenario() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:crash-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            jdbc = JdbcSyncStateStore.create(ds, clock);
            jdbc.migrate();
            for (int n = 0; n < 6; n++) {
                source.add(person(n, "Original"));
            }
            SyncReport baseline = runner(jdbc).run(RunOptions.defaults());
            assertThat(baseline.status()).as(baseline.summary()).isEqualTo(RunStatus.SUCCEEDED);
            // The changes the crashing run applies: three creates, two updates, one deactivation.
            for (int n = 6; n < 9; n++) {
                source.add(person(n, "Original"));
            }
            for (int n = 0; n < 2; n++) {
                UserRecord r = source.findByEmail(email(n)).orElseThrow();
                source.put(new UserRecord(r.id(), person(n, "Renamed"), Optional.empty()));
            }
            source.remove(source.findByEmail(email(5)).orElseThrow().id());
        }

        SyncRunner runner(SyncStateStore store) {
            return SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(store)
                    .clock(clock).leaseTtl(LEASE).build();
        }
    }

    private static String email(int n) {
        return "crash" + n + "@reliability.example";
    }

    private static UserProfile person(int n, String lastName) {
        return UserProfile.builder().email(email(n)).firstName("Crash" + n).lastName(lastName).build();
    }

    static IntStream actionIndices() {
        Scenario s = new Scenario();
        int before = s.target.writeCount();
        s.runner(s.jdbc).run(RunOptions.defaults());
        return IntStream.rangeClosed(0, s.target.writeCount() - before);
    }

    static IntStream persistenceSteps() {
        Scenario s = new Scenario();
        CrashingStore counting = new CrashingStore(s.jdbc, 0);
        s.runner(counting).run(RunOptions.defaults());
        return IntStream.rangeClosed(1, counting.steps());
    }

    @Test
    void theScenarioHasEveryKindOfWrite() {
        Scenario s = new Scenario();
        Plan plan = s.runner(s.jdbc).plan(RunOptions.defaults());
        assertThat(plan.counts()).containsKeys(ActionKind.CREATE, ActionKind.UPDATE, ActionKind.DEACTIVATE);
        assertThat(persistenceSteps().count()).isGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest(name = "target dies before write {0}")
    @MethodSource("actionIndices")
    void aCrashAtAnyActionIndexConvergesOnReRun(int k) {
        Scenario s = new Scenario();
        Optional<Cursor> cursorBefore = s.jdbc.cursor(SYNC);
        s.target.crashAfterWrites(k);

        SyncReport[] crashed = new SyncReport[1];
        assertThatCode(() -> crashed[0] = s.runner(s.jdbc).run(RunOptions.defaults())).doesNotThrowAnyException();
        assertThat(crashed[0].status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        if (crashed[0].status() != RunStatus.SUCCEEDED) {
            assertThat(s.jdbc.cursor(SYNC)).isEqualTo(cursorBefore);
        }
        s.target.heal();
        convergesOnReRun(s, s.jdbc);
    }

    @ParameterizedTest(name = "store dies at persistence step {0}")
    @MethodSource("persistenceSteps")
    void aCrashAtAnyPersistenceStepConvergesOnReRun(int k) {
        Scenario s = new Scenario();
        Optional<Cursor> cursorBefore = s.jdbc.cursor(SYNC);
        CrashingStore dying = new CrashingStore(s.jdbc, k);

        SyncReport[] crashed = new SyncReport[1];
        assertThatCode(() -> crashed[0] = s.runner(dying).run(RunOptions.defaults())).doesNotThrowAnyException();
        if (crashed[0].status() != RunStatus.SUCCEEDED) {
            assertThat(s.jdbc.cursor(SYNC)).isEqualTo(cursorBefore);
        }
        // The dead runner never released its lease: the next one waits for it to expire.
        s.clock.sleep(LEASE.plusSeconds(1));
        convergesOnReRun(s, s.jdbc);
    }

    private static void convergesOnReRun(Scenario s, JdbcSyncStateStore store) {
        SyncReport again = s.runner(store).run(RunOptions.defaults());
        assertThat(again.status()).as(again.summary()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> emails = FaultMatrixTest.emails(s.target);
        assertThat(FaultMatrixTest.duplicates(emails)).isEmpty();
        assertThat(emails).containsAll(FaultMatrixTest.emails(s.source));
        assertThat(s.target.findByEmail(email(0)).orElseThrow().profile().lastName()).isEqualTo("Renamed");
        assertThat(s.target.findByEmail(email(5)).orElseThrow().profile().status().name()).isEqualTo("INACTIVE");
        Plan third = s.runner(store).plan(RunOptions.defaults());
        assertThat(third.actions()).as("third plan").isEmpty();
        assertThat(store.links(SYNC).all()).extracting(l -> l.targetId()).doesNotHaveDuplicates();
    }
}
