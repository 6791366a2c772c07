package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.spi.ReasonExplainer;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's recipe for held deprovisions, released by the host, run as written. */
class HeldDeprovisionsRecipeTest {

    private final InMemoryUserDirectory platform = InMemoryUserDirectory.create("platform");
    private final InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
    private final InMemorySyncStateStore stateStore = new InMemorySyncStateStore();
    private final SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("platform-to-host"))
            .source(platform).target(hostApp).policy(SyncPolicy.defaults())
            .stateStore(stateStore).build();

    @Test
    void deprovisionsOverTheGuardAreHeldNamedAndReleasedByTargetIdThenAll() {
        new RosterGenerator(7).profiles(20).forEach(platform::add);
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        for (int i = 1; i <= 12; i++) { // twelve of twenty leave the source, hostapp-3 among them
            String email = hostApp.get(NativeId.of("hostapp-" + i)).orElseThrow().label();
            platform.remove(platform.findByEmail(email).orElseThrow().id());
        }

        // tag::held-deprovisions[]
        // runner: your SyncRunner, as in the quick start
        SyncReport report = runner.run(RunOptions.defaults());
        if (report.status() == RunStatus.HELD) {
            report.held().forEach(c -> System.out.println("held: " + c.users().get(0).label() + ": "
                    + ReasonExplainer.english().reasons(c.reasons()))); // or your own explainer, in your UI's language
        }
        // later, after review: release the named accounts (target ids), or all of them
        runner.run(RunOptions.defaults().withHeldReleased(Set.of(NativeId.of("hostapp-3"))));
        runner.run(RunOptions.defaults().withHeldReleased());
        // end::held-deprovisions[]

        assertThat(report.status()).isEqualTo(RunStatus.HELD);
        assertThat(report.held()).hasSize(12);
        assertThat(report.held()).flatExtracting(c -> c.users().stream().map(u -> u.targetId().orElseThrow()).toList())
                .contains(NativeId.of("hostapp-3"));
        List<SyncReport> history = stateStore.reports(runner.syncId(), 3); // newest first
        assertThat(history.get(2).status()).isEqualTo(RunStatus.HELD);
        assertThat(history.get(2).applied()).as("nothing deactivated while held").isZero();
        assertThat(history.get(1).applied()).as("the one released").isEqualTo(1);
        assertThat(history.get(1).held()).hasSize(11);
        assertThat(history.get(0).applied()).as("all the others").isEqualTo(11);
        assertThat(history.get(0).held()).isEmpty();
        assertThat(hostApp.get(NativeId.of("hostapp-3")).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(hostApp.all()).filteredOn(u -> u.status() == UserStatus.INACTIVE).extracting(UserRecord::id)
                .hasSize(12).allSatisfy(id -> assertThat(Integer.parseInt(id.value().substring("hostapp-".length()))).isLessThanOrEqualTo(12));
    }
}
