package io.rostersync.examples.readme;

// tag::quick-start[]
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.plan.Plan;
import io.rostersync.plan.UserDecision;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;

public class QuickStart {
    public static void main(String[] args) {
        InMemoryUserDirectory platform = InMemoryUserDirectory.create("platform");
        InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
        new RosterGenerator(42).profiles(8).forEach(platform::add);
        hostApp.add(UserProfile.builder().email(platform.all().get(0).label()).firstName("Existing").build());

        SyncPolicy policy = SyncPolicy.builder()
                .onUnmatched(UnmatchedAction.CREATE_PENDING)   // new users wait for an admin
                .build();
        SyncRunner runner = SyncRunner.builder()
                .syncId(SyncId.of("platform-to-host"))
                .source(platform)
                .target(hostApp)
                .policy(policy)
                .stateStore(new InMemorySyncStateStore())
                .build();

        Plan plan = runner.plan(RunOptions.defaults());        // read both sides, decide, write nothing
        for (UserDecision d : plan.explain()) {
            System.out.println(d.user().label() + ": " + String.join("; ", d.decisions()));
        }
        SyncReport report = runner.run(RunOptions.defaults()); // lease, read, plan, guard, apply, persist
        System.out.println(report.summary());
        System.out.println(runner.run(RunOptions.defaults()).summary());   // again: nothing to do
    }
}
// end::quick-start[]
