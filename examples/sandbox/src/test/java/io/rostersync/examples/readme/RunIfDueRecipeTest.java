package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The README's recipes for hosts on another job engine: a Spring {@code @Scheduled} method on every node
 * and a Kubernetes CronJob's main, both calling {@link SyncRunner#runIfDue}. Two "nodes" here share one
 * state store, as nodes share the JDBC store.
 */
class RunIfDueRecipeTest {

    private static final Logger log = LoggerFactory.getLogger(RunIfDueRecipeTest.class);

    // static only because the CronJob recipe is a static main; each test starts afresh
    private static SyncStateStore sharedStore;
    private static List<InMemoryUserDirectory> sources;
    private static List<InMemoryUserDirectory> targets;

    @BeforeEach
    void freshTenants() {
        sharedStore = new InMemorySyncStateStore();
        sources = new ArrayList<>();
        targets = new ArrayList<>();
    }

    // tag::run-if-due-spring[]
    @Component
    static class DueSyncs {
        private final List<SyncRunner> runners;              // one per tenant, each on the shared JdbcSyncStateStore
        private final Schedule schedule = Schedule.everySixHours();

        DueSyncs(List<SyncRunner> runners) {
            this.runners = runners;
        }

        @Scheduled(fixedDelay = 60_000)                      // on every node, every minute
        void runDueSyncs() {
            for (SyncRunner runner : runners) {              // runs only the syncs that are due, each once
                runner.runIfDue(schedule).ifPresent(report -> log.info(report.summary()));
            }
        }
    }
    // end::run-if-due-spring[]

    /** Stands in for the host's own code that builds one runner per tenant. */
    private static List<SyncRunner> tenantRunners() {
        List<SyncRunner> runners = new ArrayList<>();
        for (int t = 0; t < sources.size(); t++) {
            runners.add(SyncRunner.builder().syncId(SyncId.of("tenant-" + t)).source(sources.get(t)).target(targets.get(t))
                    .policy(SyncPolicy.defaults()).stateStore(sharedStore).build());
        }
        return runners;
    }

    private void tenants(int count) {
        for (int t = 0; t < count; t++) {
            InMemoryUserDirectory source = InMemoryUserDirectory.create("vendor-" + t);
            new RosterGenerator(t).profiles(5).forEach(source::add);
            sources.add(source);
            targets.add(InMemoryUserDirectory.create("host-" + t));
        }
    }

    // tag::run-if-due-cron[]
    public static void main(String[] args) {                 // a Kubernetes CronJob runs this every 5 minutes
        Schedule schedule = Schedule.everySixHours();
        for (SyncRunner runner : tenantRunners()) {           // your tenants, on the shared JdbcSyncStateStore
            runner.runIfDue(schedule).ifPresent(report -> System.out.println(report.summary()));
        }
    }
    // end::run-if-due-cron[]

    @Test
    void twoNodesPollingEveryMinuteRunEachDueSyncOnceAndThenNothingUntilItIsDueAgain() {
        tenants(3);
        DueSyncs nodeA = new DueSyncs(tenantRunners());
        DueSyncs nodeB = new DueSyncs(tenantRunners());

        nodeA.runDueSyncs();
        nodeB.runDueSyncs();
        nodeA.runDueSyncs();

        for (int t = 0; t < 3; t++) {
            SyncId id = SyncId.of("tenant-" + t);
            assertThat(sharedStore.reports(id, 10)).as("runs of %s", id).hasSize(1);
            assertThat(targets.get(t).all()).hasSize(5);
            ScheduleState state = sharedStore.scheduleState(id);
            assertThat(state.lastFullRun()).isPresent();
            assertThat(state.nextDue()).isPresent();
        }
    }

    @Test
    void theCronJobMainRunsEverySyncThatIsDueAndIsANoOpRightAfter() {
        tenants(2);
        main(new String[0]);
        main(new String[0]);
        assertThat(sharedStore.reports(SyncId.of("tenant-0"), 10)).hasSize(1);
        assertThat(sharedStore.reports(SyncId.of("tenant-1"), 10)).hasSize(1);
        assertThat(targets.get(1).all()).hasSize(5);
    }
}
