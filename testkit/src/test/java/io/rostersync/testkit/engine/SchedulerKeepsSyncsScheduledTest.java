package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.spi.Lease;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 13 §3: a scheduled sync stays scheduled whatever one of its runs did. */
@Timeout(60)
class SchedulerKeepsSyncsScheduledTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final SyncId SYNC = SyncId.of("kept");

    static Stream<Arguments> failures() {
        List<Arguments> out = new ArrayList<>();
        List<Supplier<Throwable>> errors = List.of(
                () -> new IllegalStateException("bug"),
                () -> new AssertionError("assertion"),
                () -> new OutOfMemoryError("Java heap space"),
                StackOverflowError::new);
        for (Supplier<Throwable> e : errors) {
            for (String where : List.of("report consumer", "scheduler clock", "runner clock", "listener finished")) {
                out.add(Arguments.of(where, e.get().getClass().getSimpleName(), e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} from the {0} on the first run")
    @MethodSource("failures")
    void theSyncRunsAgainOnItsNextTickWhateverTheFirstRunThrew(String where, String name, Supplier<Throwable> error) {
        ManualExecutor executor = new ManualExecutor();
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(5).profiles(4).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        FirstCallThrows schedulerClock = new FirstCallThrows(where.equals("scheduler clock") ? error : null);
        FirstCallThrows runnerClock = new FirstCallThrows(where.equals("runner clock") ? error : null);
        SyncListener listener = new SyncListener() {
            boolean thrown;

            @Override
            public void finished(SyncReport report) {
                if (where.equals("listener finished") && !thrown) {
                    thrown = true;
                    NothingEscapesARunTest.sneakyThrow(error.get());
                }
            }
        };
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(target).stateStore(store)
                .clock(runnerClock).listener(listener).build();
        List<SyncReport> reports = new ArrayList<>();
        boolean[] consumerThrew = {false};
        Consumer<SyncReport> onReport = r -> {
            reports.add(r);
            if (where.equals("report consumer") && !consumerThrew[0]) {
                consumerThrew[0] = true;
                NothingEscapesARunTest.sneakyThrow(error.get());
            }
        };
        SyncScheduler scheduler = new SyncScheduler(executor, schedulerClock, 1);
        scheduler.schedule(runner, Schedule.every(Duration.ofHours(1)).withFirstDelay(Duration.ZERO).withJitter(0), onReport);

        executor.runNext(); // first run: something throws
        assertThat(executor.pending()).as("the next run is planned").isEqualTo(1);
        assertThat(store.tryAcquire(SYNC, "probe", Duration.ofMinutes(1), T0)).as("lease free after run 1")
                .hasValueSatisfying(store::release);

        executor.runNext(); // second run: nothing throws
        assertThat(executor.pending()).isEqualTo(1);
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(4);

        executor.runNext(); // and so on
        assertThat(executor.pending()).isEqualTo(1);
        scheduler.close(Duration.ofSeconds(1));
        assertThat(executor.isShutdown()).isTrue();
    }

    /** The race of unschedule or close with a run that is planning its next tick: that tick never runs. */
    @ParameterizedTest(name = "{0} while the next run is being planned")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"unschedule", "close"})
    void aSyncStoppedWhileItsNextRunIsBeingPlannedIsNotRunAgain(String stop) {
        ManualExecutor executor = new ManualExecutor();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(6).profiles(2).forEach(source::add);
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(InMemoryUserDirectory.create("target"))
                .stateStore(new InMemorySyncStateStore()).build();
        SyncScheduler scheduler = new SyncScheduler(executor, Clock.fixed(T0, ZoneOffset.UTC), 1);
        List<SyncReport> reports = new ArrayList<>();
        scheduler.schedule(runner, Schedule.every(Duration.ofHours(1)).withFirstDelay(Duration.ZERO).withJitter(0),
                reports::add);
        // the stop lands after the run checked that its sync is still scheduled, before the tick is queued
        executor.beforeSchedule = () -> {
            executor.beforeSchedule = () -> { };
            if (stop.equals("unschedule")) {
                scheduler.unschedule(SYNC);
            } else {
                scheduler.close(Duration.ZERO);
                executor.shutdown = false; // a pool still queues what it was handed before shutdown() took hold
            }
        };

        executor.runNext();

        assertThat(reports).hasSize(1);
        assertThat(executor.pending()).as("ticks left to run").isZero();
    }

    @Test
    void onRealThreadsAConsumerThatThrowsAnErrorDoesNotStopTheSchedule() throws Exception {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(3).profiles(3).forEach(source::add);
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(InMemoryUserDirectory.create("target"))
                .stateStore(new InMemorySyncStateStore()).build();
        List<SyncReport> reports = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        try (SyncScheduler scheduler = new SyncScheduler(1, Clock.fixed(T0, ZoneOffset.UTC), 7)) {
            scheduler.schedule(runner, Schedule.every(Duration.ofMillis(1)).withFirstDelay(Duration.ZERO), r -> {
                reports.add(r);
                three.countDown();
                throw new AssertionError("consumer bug on every report");
            });
            assertThat(three.await(30, TimeUnit.SECONDS)).as("three runs despite the consumer").isTrue();
        }
        assertThat(reports).hasSizeGreaterThanOrEqualTo(3);
    }

    /** A clock whose first reading throws (when given an error), then reads T0. */
    private static final class FirstCallThrows extends Clock {
        private final Supplier<Throwable> error;
        private boolean thrown;

        FirstCallThrows(Supplier<Throwable> error) {
            this.error = error;
        }

        @Override
        public Instant instant() {
            if (error != null && !thrown) {
                thrown = true;
                NothingEscapesARunTest.sneakyThrow(error.get());
            }
            return T0;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Runs scheduled tasks when the test says so, on the test's thread, earliest first. */
    static final class ManualExecutor extends AbstractExecutorService implements ScheduledExecutorService {
        private final List<Task> tasks = new ArrayList<>();
        private long sequence;
        private boolean shutdown;
        /** Runs at the start of every {@code schedule} call: what another thread did meanwhile. */
        Runnable beforeSchedule = () -> { };

        private final class Task implements ScheduledFuture<Object> {
            final Runnable body;
            final long delayMillis;
            final long order = sequence++;
            boolean cancelled;
            boolean done;

            Task(Runnable body, long delayMillis) {
                this.body = body;
                this.delayMillis = delayMillis;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
            }

            @Override
            public boolean cancel(boolean mayInterrupt) {
                cancelled = true;
                tasks.remove(this);
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                return null;
            }
        }

        int pending() {
            return tasks.size();
        }

        /** The delay the earliest pending task was scheduled with. */
        Duration nextDelay() {
            return Duration.ofMillis(tasks.stream().min(Comparator.comparingLong((Task t) -> t.order)).orElseThrow().delayMillis);
        }

        /** Runs the earliest task; what it throws is what a pool thread would swallow. */
        void runNext() {
            Task next = tasks.stream().min(Comparator.comparingLong((Task t) -> t.order)).orElseThrow();
            tasks.remove(next);
            try {
                next.body.run();
            } catch (Throwable swallowedByThePool) {
                // a ScheduledThreadPoolExecutor keeps it in the future; the task is simply over
            }
            next.done = true;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            beforeSchedule.run();
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
            }
            Task t = new Task(command, unit.toMillis(delay));
            tasks.add(t);
            return t;
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }
    }
}
