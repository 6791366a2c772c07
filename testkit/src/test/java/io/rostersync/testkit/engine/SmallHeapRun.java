package io.rostersync.testkit.engine;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Run in a JVM of its own with a small heap by {@link RealOutOfMemoryTest}: a sync whose target has far
 * more accounts than the heap can index runs out of memory for real, then prints what the run left behind.
 */
public final class SmallHeapRun {

    private SmallHeapRun() {
    }

    public static void main(String[] args) {
        SyncId sync = SyncId.of("small-heap");
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        source.add(UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("A").build());
        // The huge target can only create: the policy asks nothing else of it (the runner checks that when built).
        SyncPolicy createOnly = SyncPolicy.builder().own(Field.EMAIL, Ownership.NEVER).own(Field.USERNAME, Ownership.NEVER)
                .own(Field.FIRST_NAME, Ownership.NEVER).own(Field.LAST_NAME, Ownership.NEVER)
                .onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.LEAVE).build();
        SyncRunner runner = SyncRunner.builder().syncId(sync).source(source).target(new Huge()).policy(createOnly)
                .stateStore(store).build();
        String outcome;
        try {
            SyncReport report = runner.run(RunOptions.defaults());
            outcome = "status=" + report.status() + "\nmessage=" + report.message();
        } catch (Throwable e) {
            outcome = "escaped=" + e.getClass().getSimpleName();
        }
        System.out.println(outcome);
        System.out.println("stored=" + store.lastReport(sync).map(r -> r.status().name()).orElse("none"));
        store.tryAcquire(sync, "next", Duration.ofMinutes(1), Instant.now()).ifPresentOrElse(lease -> {
            System.out.println("leaseFree=true");
            store.release(lease);
        }, () -> System.out.println("leaseFree=false"));
        // the same JVM, the same store: the next run of a sync that fits converges
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        SyncReport next = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(store).build()
                .run(RunOptions.defaults());
        System.out.println("next=" + next.status() + " created=" + target.size());
    }

    /** A target of ten million accounts, generated a page at a time as they are read. */
    private static final class Huge implements UserDirectory {
        @Override
        public String name() {
            return "huge";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.READ, Capability.CREATE);
        }

        @Override
        public UserPages readAll() {
            return new UserPages() {
                int next;

                @Override
                public Optional<UserPage> next() {
                    if (next >= 10_000_000) {
                        return Optional.empty();
                    }
                    List<UserRecord> page = new ArrayList<>();
                    for (int i = 0; i < 1000; i++, next++) {
                        page.add(UserRecord.of("t" + next, UserProfile.builder().email("user" + next + "@example.com")
                                .username("user" + next).firstName("First" + next).lastName("Last" + next).build()));
                    }
                    return Optional.of(UserPage.of(page));
                }
            };
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return Optional.empty();
        }
    }
}
