package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 §3: whatever a directory, a listener or the store throws, an {@link Error} included,
 * {@link SyncRunner#run} returns a report, saves it when the store can take it, and releases the lease.
 */
class NothingEscapesARunTest {

    private static final SyncId SYNC = SyncId.of("escape");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration TTL = Duration.ofMinutes(30);

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("source").pageSize(2).build();
        target = InMemoryUserDirectory.builder("target").build();
        store = new InMemorySyncStateStore();
        for (String n : List.of("ann", "bob", "cho", "dan", "eve")) {
            source.add(UserProfile.builder().email(n + "@example.com").firstName(n).lastName("X").build());
        }
    }

    // ---- throwables and where they are thrown ---------------------------------------------------

    enum Where { SOURCE_OPEN, SOURCE_PAGE, TARGET_PAGE, WRITE_ONE, WRITE_BATCH }

    static Stream<Arguments> faults() {
        List<Supplier<Throwable>> errors = List.of(
                () -> new OutOfMemoryError("Java heap space"),
                StackOverflowError::new,
                () -> new AssertionError("directory invariant broken"),
                () -> new NoClassDefFoundError("com/vendor/Missing"),
                () -> new IllegalStateException("plain runtime failure"));
        List<Arguments> out = new ArrayList<>();
        for (Supplier<Throwable> e : errors) {
            for (Where w : Where.values()) {
                out.add(Arguments.of(e.get().getClass().getSimpleName(), w, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("faults")
    void anythingADirectoryThrowsEndsInAStoredFailedReportAndAFreeLease(String name, Where where, Supplier<Throwable> error) {
        boolean atSource = where == Where.SOURCE_OPEN || where == Where.SOURCE_PAGE;
        Throwing faultySource = new Throwing(source, atSource ? where : null, error);
        Throwing faultyTarget = new Throwing(target, atSource ? null : where, error);
        if (where == Where.WRITE_ONE) {
            faultyTarget.batches = false;
        }
        RunnerWithPolicy runner = runner(faultySource, faultyTarget, store, SyncListener.none());

        SyncReport report = run(runner);

        if (!atSource && where != Where.TARGET_PAGE && error.get() instanceof RuntimeException) {
            // an exception from one write is that action's failure; the others go on
            assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        } else {
            assertThat(report.status()).isEqualTo(RunStatus.FAILED);
            assertThat(report.message()).contains(name).hasSizeLessThan(1000);
        }
        assertThat(store.lastReport(SYNC)).contains(report);
        assertLeaseFree(store);

        // Healed, the next run converges: everyone exists once.
        faultySource.where = null;
        faultyTarget.where = null;
        SyncReport next = run(runner);
        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(5);
        assertLeaseFree(store);
    }

    @Test
    void aHugeErrorMessageIsCutSoTheReportStaysStorable() {
        String huge = "x".repeat(5_000_000);
        Throwing faulty = new Throwing(source, Where.SOURCE_PAGE, () -> new IllegalStateException(huge));
        SyncReport report = run(runner(faulty, target, store, SyncListener.none()));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).hasSizeLessThan(1000);
        assertThat(store.lastReport(SYNC)).contains(report);
    }

    // ---- listeners ------------------------------------------------------------------------------

    enum Path { SUCCEEDED, PARTIAL, DRY_RUN, GUARD, READ_FAILED, BUSY, STORE_UNREACHABLE }

    static Stream<Arguments> listenerFaults() {
        List<Arguments> out = new ArrayList<>();
        List<Supplier<Throwable>> errors = List.of(
                () -> new IllegalStateException("listener bug"),
                () -> new AssertionError("listener assertion"),
                () -> new ExceptionInInitializerError("listener class init"));
        for (Supplier<Throwable> e : errors) {
            for (Path p : Path.values()) {
                out.add(Arguments.of(e.get().getClass().getSimpleName(), p, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} from every event on the {1} path")
    @MethodSource("listenerFaults")
    void aListenerThrowingOnEveryEventChangesNoOutcome(String name, Path path, Supplier<Throwable> error) {
        AlwaysThrowing listener = new AlwaysThrowing(error);
        SyncStateStore runStore = store;
        SyncPolicy policy = SyncPolicy.defaults();
        RunOptions options = RunOptions.defaults();
        UserDirectory src = source;
        switch (path) {
            case PARTIAL -> target.failWritesFor("bob@example.com", FailureKind.VALIDATION);
            case DRY_RUN -> options = options.withDryRun();
            case GUARD -> {
                run(runner(source, target, store, SyncListener.none()));
                for (UserRecord r : source.all()) {
                    source.remove(r.id());
                }
                source.add(UserProfile.builder().email("zed@example.com").firstName("zed").lastName("X").build());
                policy = SyncPolicy.builder().deletionGuard(DeletionGuard.of(1, 0.1)).build();
            }
            case READ_FAILED -> src = new Throwing(source, Where.SOURCE_PAGE, () -> new IllegalStateException("read failed"));
            case BUSY -> assertThat(store.tryAcquire(SYNC, "other-node", TTL, CLOCK.instant())).isPresent();
            case STORE_UNREACHABLE -> runStore = new ForwardingStateStore(store) {
                @Override
                public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                    throw new IllegalStateException("connection refused");
                }
            };
            default -> { }
        }

        SyncReport report = run(runner(src, target, runStore, listener).toBuilderWithPolicy(policy), options);

        RunStatus expected = switch (path) {
            case SUCCEEDED, DRY_RUN -> RunStatus.SUCCEEDED;
            case PARTIAL -> RunStatus.PARTIAL;
            case GUARD -> RunStatus.HELD; // beyond the limit the guard holds the deprovisions; the rest applies
            case READ_FAILED, STORE_UNREACHABLE -> RunStatus.FAILED;
            case BUSY -> RunStatus.BUSY;
        };
        assertThat(report.status()).as(report.message()).isEqualTo(expected);
        assertThat(listener.calls).contains("finished");
        if (path == Path.SUCCEEDED) {
            assertThat(listener.calls).contains("sourceRead", "targetRead", "planned", "applied");
            assertThat(target.size()).isEqualTo(5);
        }
        if (path == Path.PARTIAL) {
            assertThat(listener.calls).contains("failed");
        }
        if (path != Path.BUSY && path != Path.STORE_UNREACHABLE) {
            assertThat(store.lastReport(SYNC)).contains(report);
            assertLeaseFree(store);
        }
    }

    @Test
    void aListenerRunningOutOfMemoryMidRunEndsItFailedWithTheLeaseFree() {
        SyncListener listener = new SyncListener() {
            @Override
            public void planned(Plan plan) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        SyncReport report = run(runner(source, target, store, listener));
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("OutOfMemoryError");
        assertThat(report.conflicts()).isEmpty();
        assertThat(target.size()).isZero();
        assertThat(store.lastReport(SYNC)).contains(report);
        assertLeaseFree(store);
    }

    @Test
    void aListenerRunningOutOfMemoryOnFinishedKeepsTheOutcome() {
        SyncListener listener = new SyncListener() {
            @Override
            public void finished(SyncReport report) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        SyncReport report = run(runner(source, target, store, listener));
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertLeaseFree(store);
    }

    // ---- the store ------------------------------------------------------------------------------

    enum StoreStep { ACQUIRE, LINKS, SAVE_LINK, SAVE_CURSOR, SAVE_REPORT, RELEASE }

    static Stream<Arguments> storeFaults() {
        List<Arguments> out = new ArrayList<>();
        for (StoreStep step : StoreStep.values()) {
            out.add(Arguments.of(step, (Supplier<Throwable>) () -> new AssertionError("store invariant")));
            out.add(Arguments.of(step, (Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space")));
            out.add(Arguments.of(step, (Supplier<Throwable>) StackOverflowError::new));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} at {0}")
    @MethodSource("storeFaults")
    void anErrorFromTheStoreEndsInAReportAndTheLeaseIsGivenBackWhereverItCanBe(StoreStep step, Supplier<Throwable> error) {
        List<Lease> released = new ArrayList<>();
        SyncStateStore faulty = new ForwardingStateStore(store) {
            @Override
            public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                fail(StoreStep.ACQUIRE);
                return super.tryAcquire(syncId, owner, ttl, now);
            }

            @Override
            public Links links(SyncId syncId) {
                fail(StoreStep.LINKS);
                return super.links(syncId);
            }

            @Override
            public void saveLink(Lease lease, Link link) {
                fail(StoreStep.SAVE_LINK);
                super.saveLink(lease, link);
            }

            @Override
            public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
                fail(StoreStep.SAVE_CURSOR);
                super.saveCursor(lease, cursor, policyFingerprint);
            }

            @Override
            public void saveReport(Lease lease, SyncReport report) {
                fail(StoreStep.SAVE_REPORT);
                super.saveReport(lease, report);
            }

            @Override
            public void release(Lease lease) {
                released.add(lease);
                fail(StoreStep.RELEASE);
                super.release(lease);
            }

            private void fail(StoreStep at) {
                if (at == step) {
                    sneakyThrow(error.get());
                }
            }
        };
        source.add(UserProfile.builder().email("fay@example.com").firstName("fay").lastName("X").build());
        InMemoryUserDirectory incremental = source; // supports incremental reads, so a cursor is saved

        SyncReport report = run(runner(incremental, target, faulty, SyncListener.none()));

        switch (step) {
            case ACQUIRE -> {
                assertThat(report.status()).isEqualTo(RunStatus.FAILED);
                assertThat(report.message()).contains("state store could not be reached");
                assertThat(released).isEmpty();
            }
            case LINKS, SAVE_LINK, SAVE_CURSOR -> {
                assertThat(report.status()).isEqualTo(RunStatus.FAILED);
                assertThat(store.lastReport(SYNC)).contains(report);
                assertThat(released).hasSize(1);
            }
            case SAVE_REPORT -> {
                // the run's work is done; only its record could not be kept
                assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(store.lastReport(SYNC)).isEmpty();
                assertThat(released).hasSize(1);
            }
            case RELEASE -> {
                assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(store.lastReport(SYNC)).contains(report);
                // tried once by finish and not again: the lease then expires on its own
                assertThat(released).hasSize(1);
            }
        }
        if (step != StoreStep.RELEASE) {
            assertLeaseFree(store);
        }
    }

    @Test
    void aClockThatFailsStillEndsInAReport() {
        Clock broken = new Clock() {
            int calls;

            @Override
            public Instant instant() {
                if (++calls == 2) {
                    throw new AssertionError("clock broke");
                }
                return CLOCK.instant();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(store)
                .clock(broken).build();
        SyncReport[] report = new SyncReport[1];
        assertThatCode(() -> report[0] = runner.run(RunOptions.defaults())).doesNotThrowAnyException();
        assertThat(report[0]).isNotNull();
        assertLeaseFree(store);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static SyncReport run(RunnerWithPolicy runner) {
        return run(runner, RunOptions.defaults());
    }

    private static SyncReport run(RunnerWithPolicy runner, RunOptions options) {
        SyncReport[] out = new SyncReport[1];
        assertThatCode(() -> out[0] = runner.build().run(options)).doesNotThrowAnyException();
        return out[0];
    }

    private static void assertLeaseFree(SyncStateStore store) {
        Optional<Lease> next = store.tryAcquire(SYNC, "next-run", TTL, CLOCK.instant());
        assertThat(next).as("the lease is free at once").isPresent();
        store.release(next.get());
    }

    private static RunnerWithPolicy runner(UserDirectory src, UserDirectory tgt, SyncStateStore st, SyncListener listener) {
        return new RunnerWithPolicy(src, tgt, st, listener, SyncPolicy.defaults());
    }

    /** Builds the runner late, so a test can swap the policy. */
    private record RunnerWithPolicy(UserDirectory src, UserDirectory tgt, SyncStateStore st, SyncListener listener,
                                    SyncPolicy policy) {
        RunnerWithPolicy toBuilderWithPolicy(SyncPolicy p) {
            return new RunnerWithPolicy(src, tgt, st, listener, p);
        }

        SyncRunner build() {
            return SyncRunner.builder().syncId(SYNC).source(src).target(tgt).stateStore(st).policy(policy)
                    .clock(CLOCK).listener(listener).leaseTtl(TTL).build();
        }

        SyncReport run(RunOptions options) {
            return build().run(options);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    /** A listener that throws on every event and records which ones it saw. */
    private static final class AlwaysThrowing implements SyncListener {
        final List<String> calls = new ArrayList<>();
        final Supplier<Throwable> error;

        AlwaysThrowing(Supplier<Throwable> error) {
            this.error = error;
        }

        private void boom(String event) {
            calls.add(event);
            sneakyThrow(error.get());
        }

        @Override
        public void sourceRead(int count) {
            boom("sourceRead");
        }

        @Override
        public void targetRead(int count) {
            boom("targetRead");
        }

        @Override
        public void planned(Plan plan) {
            boom("planned");
        }

        @Override
        public void applied(int done, int total, ActionOutcome outcome) {
            boom("applied");
        }

        @Override
        public void failed(ActionOutcome outcome) {
            boom("failed");
        }

        @Override
        public void finished(SyncReport report) {
            boom("finished");
        }
    }

    /** A directory that throws {@code error} at one place. */
    private static final class Throwing implements UserDirectory {
        private final InMemoryUserDirectory real;
        private final Supplier<Throwable> error;
        volatile Where where;
        boolean batches = true;

        Throwing(InMemoryUserDirectory real, Where where, Supplier<Throwable> error) {
            this.real = real;
            this.where = where;
            this.error = error;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return real.capabilities();
        }

        @Override
        public UserPages readAll() {
            return pages(real.readAll());
        }

        @Override
        public UserPages readChanges(Cursor since) {
            return pages(real.readChanges(since));
        }

        private UserPages pages(UserPages pages) {
            if (where == Where.SOURCE_OPEN) {
                sneakyThrow(error.get());
            }
            return new UserPages() {
                @Override
                public Optional<UserPage> next() {
                    if (where == Where.SOURCE_PAGE || where == Where.TARGET_PAGE) {
                        sneakyThrow(error.get());
                    }
                    return pages.next();
                }

                @Override
                public void close() {
                    pages.close();
                }
            };
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return real.get(id);
        }

        @Override
        public List<UserRecord> findExisting(UserProfile profile) {
            return real.findExisting(profile);
        }

        @Override
        public WriteResult create(UserProfile profile, CreateOptions options) {
            if (where == Where.WRITE_ONE || where == Where.WRITE_BATCH) {
                sneakyThrow(error.get());
            }
            return real.create(profile, options);
        }

        @Override
        public int maxBatchSize() {
            return batches ? real.maxBatchSize() : 1;
        }

        @Override
        public List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
            if (where == Where.WRITE_ONE || where == Where.WRITE_BATCH) {
                sneakyThrow(error.get());
            }
            return real.createAll(profiles, options);
        }
    }

    /** Passes every call to another store. */
}
