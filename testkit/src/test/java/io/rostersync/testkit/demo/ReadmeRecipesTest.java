package io.rostersync.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.ApplyOptions;
import io.rostersync.engine.PlanRejectedException;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.json.PlanJson;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's recipes for held deprovisions and plan approval, run as written there. */
class ReadmeRecipesTest {

    private final InMemoryUserDirectory platform = InMemoryUserDirectory.create("platform");
    private final InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
    private final SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("platform-to-host"))
            .source(platform).target(hostApp).policy(SyncPolicy.defaults())
            .stateStore(new InMemorySyncStateStore()).build();

    @Test
    void heldDeprovisionsAreNamedAndReleasedByTargetId() {
        new RosterGenerator(7).profiles(20).forEach(platform::add);
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        platform.all().stream().limit(12).forEach(u -> platform.remove(u.id()));

        SyncReport report = runner.run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.HELD);
        assertThat(report.held()).hasSize(12);
        assertThat(hostApp.all()).extracting(UserRecord::status).containsOnly(UserStatus.ACTIVE);

        NativeId one = report.held().get(0).users().get(0).targetId().orElseThrow();
        runner.run(RunOptions.defaults().withHeldReleased(Set.of(one)));
        assertThat(hostApp.get(one).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(hostApp.all()).filteredOn(u -> u.status() == UserStatus.INACTIVE).hasSize(1);

        runner.run(RunOptions.defaults().withHeldReleased());
        assertThat(hostApp.all()).filteredOn(u -> u.status() == UserStatus.INACTIVE).hasSize(12);
    }

    @Test
    void anApprovedSignedPlanIsAppliedAndAnEditedOneIsRefused() {
        new RosterGenerator(8).profiles(5).forEach(platform::add);
        byte[] hostSecretBytes = "a host secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);

        PlanKey key = PlanKey.of(hostSecretBytes);
        Plan plan = runner.plan(RunOptions.defaults());
        String stored = PlanJson.write(PlanDigest.sign(plan, key));

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
        assertThat(runner.plan(RunOptions.defaults()).isEmpty()).isTrue();
    }
}
