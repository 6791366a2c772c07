package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.ApplyOptions;
import io.rostersync.engine.PlanRejectedException;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.json.PlanJson;
import io.rostersync.model.SyncId;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's recipe for approving a signed plan before it is applied, run as written. */
class PlanApprovalRecipeTest {

    private final InMemoryUserDirectory platform = InMemoryUserDirectory.create("platform");
    private final InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
    private final SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("platform-to-host"))
            .source(platform).target(hostApp).policy(SyncPolicy.defaults())
            .stateStore(new InMemorySyncStateStore()).build();
    private final byte[] hostSecretBytes = "a host secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void anApprovedSignedPlanIsAppliedOnce() {
        new RosterGenerator(8).profiles(5).forEach(platform::add);

        // tag::plan-approval[]
        // runner: your SyncRunner, as in the quick start
        PlanKey key = PlanKey.of(hostSecretBytes);                          // at least 32 bytes, from your vault
        Plan plan = runner.plan(RunOptions.defaults());                     // reads both sides, writes nothing
        String stored = PlanJson.write(PlanDigest.sign(plan, key));         // keep it with the approval request
        plan.explain().forEach(d -> System.out.println(d.user().label() + ": " + String.join("; ", d.decisions())));

        // once approved
        SyncReport report = runner.apply(PlanJson.readPlan(stored),
                ApplyOptions.defaults().withMaxAge(Duration.ofHours(24)).requiringDigest(key));
        // end::plan-approval[]

        assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hostApp.all()).hasSize(5);
        assertThat(runner.plan(RunOptions.defaults()).isEmpty()).isTrue();
    }

    @Test
    void anEditedStoredPlanIsRefusedBeforeAnythingIsWrittenAndTheApprovedOneStillApplies() {
        new RosterGenerator(8).profiles(5).forEach(platform::add);
        PlanKey key = PlanKey.of(hostSecretBytes);
        String stored = PlanJson.write(PlanDigest.sign(runner.plan(RunOptions.defaults()), key));

        String edited = stored.replace("\"notifyUser\" : false", "\"notifyUser\" : true");
        assertThat(edited).isNotEqualTo(stored);
        assertThatThrownBy(() -> runner.apply(PlanJson.readPlan(edited),
                ApplyOptions.defaults().withMaxAge(Duration.ofHours(24)).requiringDigest(key)))
                .isInstanceOf(PlanRejectedException.class);
        assertThat(hostApp.all()).isEmpty();

        SyncReport report = runner.apply(PlanJson.readPlan(stored),
                ApplyOptions.defaults().withMaxAge(Duration.ofHours(24)).requiringDigest(key));
        assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hostApp.all()).hasSize(5);
    }
}
