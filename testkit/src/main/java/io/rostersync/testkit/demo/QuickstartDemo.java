package io.rostersync.testkit.demo;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.plan.Plan;
import io.rostersync.plan.UserDecision;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.io.PrintStream;

/**
 * The README's quick start as a program: sync a roster from one in-memory directory into another,
 * print the plan with reasons, apply it, then show that a second run has nothing to do and that a rename
 * in the source follows through.
 */
public final class QuickstartDemo {

    private QuickstartDemo() {
    }

    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Integer.parseInt(args[0]) : 8);
    }

    static void run(PrintStream out, int people) {
        // --- quick start (README) ---
        InMemoryUserDirectory platform = InMemoryUserDirectory.create("platform");
        InMemoryUserDirectory hostApp = InMemoryUserDirectory.create("host-app");
        new RosterGenerator(42).profiles(people).forEach(platform::add);
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

        Plan plan = runner.plan(RunOptions.defaults());
        for (UserDecision d : plan.explain()) {
            out.println(d.user().label() + ": " + String.join("; ", d.decisions()));
        }
        SyncReport report = runner.run(RunOptions.defaults());
        out.println(report.summary());
        // --- end of quick start ---

        out.println();
        out.println("Second run, nothing changed:");
        out.println(runner.run(RunOptions.defaults()).summary());

        var someone = platform.all().get(1);
        platform.update(someone.id(), UserPatch.builder().lastName("Renamed").build());
        out.println();
        out.println("After " + someone.label() + " changed their last name in the platform:");
        out.println(runner.run(RunOptions.defaults()).summary());
    }
}
