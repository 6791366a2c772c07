package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process scheduler for hosts without a job system. Each registered sync runs on its
 * {@link Schedule}: never twice at once in this process, and, with a shared {@code SyncStateStore}
 * such as the JDBC one, never twice at once across processes either (the loser of a race gets a
 * {@link RunStatus#BUSY} report and simply waits for its next slot).
 *
 * <p>The schedule's memory lives in the state store, not in this object: every run goes through
 * {@link SyncRunner#runScheduled(Schedule)}, which decides full or incremental from the stored
 * {@link ScheduleState} and records the run and the sync's next due time. A sync's first run waits until the
 * stored {@code nextDue} when there is one (a restarted process, or another node, keeps the cadence and the
 * count of runs since the last full read), else the schedule's first delay; each later run waits until the
 * {@code nextDue} its predecessor recorded, or one interval when none in the future was recorded (the store
 * failed, say). Due times are read with the runner's clock, which stamped them.
 *
 * <p>Hosts with a job system (Quartz in cluster mode, Kubernetes cron jobs, their own queue) do not need
 * this class: call {@link SyncRunner#runScheduled} or {@link SyncRunner#runIfDue} from the job and share the
 * JDBC state store between nodes; its lease gives the same single-flight guarantee.
 *
 * <p>Every scheduled sync stays scheduled whatever one run does: a run that fails, a runner, clock or
 * report consumer that throws (an {@link Error} such as {@link OutOfMemoryError} included), or a run
 * that yields no report is logged, and the sync's next run is planned as usual. Only
 * {@link #unschedule} and {@link #close} stop a sync.
 *
 * <p>Thread-safe. {@link #close()} stops scheduling and waits for running syncs to finish.
 *
 * @since 0.1.0
 */
public final class SyncScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

    private final ScheduledExecutorService executor;
    private final Random random;
    private final Map<SyncId, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final class Job {
        final SyncRunner runner;
        final Schedule schedule;
        final Consumer<SyncReport> onReport;
        final AtomicBoolean running = new AtomicBoolean();
        /** The job's next tick; none until it is first scheduled. */
        volatile @Nullable ScheduledFuture<?> next;

        Job(SyncRunner runner, Schedule schedule, Consumer<SyncReport> onReport) {
            this.runner = runner;
            this.schedule = schedule;
            this.onReport = onReport;
        }
    }

    /**
     * @param threads how many syncs may run at the same time
     * @param clock   no longer read: full-run decisions and due times use each runner's clock and the stored
     *                {@link ScheduleState}; kept for compatibility
     * @param seed    seed of the jitter of first delays and of fallback intervals, for reproducible tests
     */
    public SyncScheduler(int threads, Clock clock, long seed) {
        this(daemonPool(threads), clock, seed);
    }

    /**
     * A scheduler that runs syncs on the host's {@code executor} (its own thread factory, a test's
     * hand-driven executor). The scheduler owns it from now on: {@link #close(Duration)} shuts it down.
     *
     * @param executor where runs are scheduled and run
     * @param clock    no longer read: full-run decisions and due times use each runner's clock and the stored
     *                 {@link ScheduleState}; kept for compatibility
     * @param seed     seed of the jitter of first delays and of fallback intervals, for reproducible tests
     */
    public SyncScheduler(ScheduledExecutorService executor, Clock clock, long seed) {
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        this.random = new Random(seed);
    }

    private static ScheduledExecutorService daemonPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        return Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "rostersync-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A scheduler with two threads and the system clock.
     *
     * @return a new scheduler; close it when done
     */
    public static SyncScheduler create() {
        return new SyncScheduler(2, Clock.systemUTC(), System.nanoTime());
    }

    /**
     * Starts running {@code runner} on {@code schedule}.
     *
     * @param runner   the sync to run
     * @param schedule when to run it
     * @param onReport receives every run's report (on a scheduler thread)
     * @throws IllegalStateException if the sync is already scheduled or the scheduler is closed
     */
    public void schedule(SyncRunner runner, Schedule schedule, Consumer<SyncReport> onReport) {
        if (closed.get()) {
            throw new IllegalStateException("scheduler is closed");
        }
        Job job = new Job(runner, schedule, onReport);
        if (jobs.putIfAbsent(runner.syncId(), job) != null) {
            throw new IllegalStateException("sync '" + runner.syncId() + "' is already scheduled");
        }
        plan(job, firstDelay(job));
    }

    /**
     * Stops scheduling {@code syncId}; a run in progress finishes.
     *
     * @param syncId the sync
     */
    public void unschedule(SyncId syncId) {
        Job job = jobs.remove(syncId);
        if (job != null && job.next != null) {
            job.next.cancel(false);
        }
    }

    /**
     * Runs {@code syncId} now, unless it is running already in this process. The run is recorded like a
     * scheduled one (made before the stored due time, it restarts the cadence from now); the sync's planned
     * tick still comes.
     *
     * @param syncId the sync, scheduled earlier
     * @return the report, or empty when a run was already in progress
     */
    public Optional<SyncReport> runNow(SyncId syncId) {
        Job job = jobs.get(syncId);
        if (job == null) {
            throw new IllegalArgumentException("sync '" + syncId + "' is not scheduled");
        }
        return runOnce(job);
    }

    /** The first run's delay: until the stored nextDue when there is one, else the schedule's first delay. */
    private Duration firstDelay(Job job) {
        try {
            Optional<Instant> due = job.runner.scheduleState().nextDue();
            if (due.isPresent()) {
                Duration until = Duration.between(job.runner.clock().instant(), due.get());
                return until.isNegative() ? Duration.ZERO : until;
            }
        } catch (Throwable e) {
            logQuietly(() -> LOG.warn("sync {}: could not read its schedule state; first run after the schedule's first delay",
                    job.runner.syncId(), e));
        }
        synchronized (random) {
            return job.schedule.delayBefore(0, random);
        }
    }

    /**
     * The delay after a run: until the nextDue the run (or another node's) recorded when it lies in the future,
     * else one jittered interval, so that a store that cannot record never makes the sync run back to back.
     */
    private Duration nextDelay(Job job) {
        try {
            Optional<Instant> due = job.runner.scheduleState().nextDue();
            if (due.isPresent()) {
                Duration until = Duration.between(job.runner.clock().instant(), due.get());
                if (!until.isNegative() && !until.isZero()) {
                    return until;
                }
            }
        } catch (Throwable e) {
            logQuietly(() -> LOG.warn("sync {}: could not read its schedule state; next run after one interval",
                    job.runner.syncId(), e));
        }
        synchronized (random) {
            return job.schedule.delayBefore(1, random);
        }
    }

    private static void logQuietly(Runnable log) {
        try {
            log.run();
        } catch (Throwable ignored) {
            // a failing log back end must not unschedule a sync
        }
    }

    private void plan(Job job, Duration delay) {
        if (closed.get() || jobs.get(job.runner.syncId()) != job) {
            return;
        }
        try {
            ScheduledFuture<?> next = executor.schedule(() -> tick(job), delay.toMillis(), TimeUnit.MILLISECONDS);
            job.next = next;
            // unschedule or close may have run between the check above and the assignment, cancelling the
            // previous tick; cancel this one too, or it would run (and keep close() waiting) after all
            if (closed.get() || jobs.get(job.runner.syncId()) != job) {
                next.cancel(false);
            }
        } catch (RejectedExecutionException e) {
            if (!closed.get()) {
                LOG.error("sync {}: the executor refused its next run; it is no longer scheduled", job.runner.syncId(), e);
            }
        }
    }

    /** One scheduled run, then the next one planned whatever this one did. */
    private void tick(Job job) {
        try {
            runOnce(job);
        } catch (Throwable e) {
            // runOnce contains everything it can; this is the last line, so that the sync stays scheduled
            LOG.error("sync {}: scheduled run failed unexpectedly", job.runner.syncId(), e);
        } finally {
            Duration delay;
            try {
                delay = nextDelay(job);
            } catch (Throwable e) {
                delay = job.schedule.interval(); // nextDelay contains what it can; the sync stays scheduled
            }
            plan(job, delay);
        }
    }

    private Optional<SyncReport> runOnce(Job job) {
        if (!job.running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            SyncReport report = job.runner.runScheduled(job.schedule);
            if (report == null) {
                LOG.error("sync {}: the run returned no report", job.runner.syncId());
                return Optional.empty();
            }
            try {
                job.onReport.accept(report);
            } catch (Throwable e) {
                LOG.warn("report consumer of sync {} threw; ignoring", job.runner.syncId(), e);
            }
            return Optional.of(report);
        } catch (Throwable e) {
            LOG.error("sync {} run failed unexpectedly", job.runner.syncId(), e);
            return Optional.empty();
        } finally {
            job.running.set(false);
        }
    }

    /**
     * Stops scheduling and waits up to {@code timeout} for running syncs to finish.
     *
     * @param timeout how long to wait
     * @return {@code true} when every run finished in time
     */
    public boolean close(Duration timeout) {
        closed.set(true);
        jobs.values().forEach(j -> {
            if (j.next != null) {
                j.next.cancel(false);
            }
        });
        jobs.clear();
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(1));
    }
}
