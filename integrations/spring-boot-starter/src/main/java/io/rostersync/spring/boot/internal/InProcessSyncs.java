package io.rostersync.spring.boot.internal;

import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.spring.boot.SyncDefinition;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Schedules every sync in process once the context has started, and stops on shutdown: interval syncs on the
 * {@link SyncScheduler}, cron syncs at their expression's times (Spring's cron syntax) on a small task scheduler of
 * their own, each firing a {@link SyncRunner#runScheduled(io.rostersync.engine.Schedule, Instant) scheduled run}
 * that records the next firing as the sync's next due time.
 */
public final class InProcessSyncs implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessSyncs.class);

    private final SyncScheduler scheduler;
    private final RosterSyncs syncs;
    private final int threads;
    private final Map<SyncId, CronExpression> crons = new LinkedHashMap<>();
    private final List<SyncId> scheduled = new ArrayList<>();
    private final List<ScheduledFuture<?>> cronRuns = new ArrayList<>();
    private @Nullable ThreadPoolTaskScheduler cronScheduler;
    private volatile boolean running;

    /**
     * Checks every cron expression, so that one Spring cannot read fails start-up.
     *
     * @param scheduler the in-process scheduler of interval syncs
     * @param syncs     the syncs to schedule
     * @param threads   threads for cron syncs
     * @throws InvalidConfigurationException when a cron sync's expression is not one Spring reads
     */
    public InProcessSyncs(SyncScheduler scheduler, RosterSyncs syncs, int threads) {
        this.scheduler = scheduler;
        this.syncs = syncs;
        this.threads = Math.max(1, threads);
        for (SyncDefinition sync : syncs.definitions()) {
            if (sync.isCron()) {
                String expression = sync.trigger().cronExpression().orElseThrow();
                try {
                    crons.put(sync.id(), CronExpression.parse(expression));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException("rostersync: sync '" + sync.id().value() + "' has the cron expression '"
                            + expression + "', which the in-process scheduler cannot read (" + e.getMessage() + "); it reads"
                            + " Spring's syntax: six fields, seconds first, no year. Change the expression, or run the syncs"
                            + " under Quartz (add spring-boot-starter-quartz and rostersync-quartz).", e);
                }
            }
        }
    }

    /**
     * The in-process scheduler's executor: daemon threads, and delayed runs dropped at shutdown (a sync's next
     * run, planned an hour ahead, must not hold the application's shutdown for the scheduler's whole grace time;
     * runs in progress are still waited for).
     *
     * @param threads how many syncs may run at once, at least 1
     * @return the executor
     * @throws IllegalArgumentException when {@code threads} is less than 1
     */
    public static ScheduledExecutorService executor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("rostersync.scheduling.threads must be at least 1, was " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "rostersync-scheduler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    @Override
    public synchronized void start() {
        for (SyncDefinition sync : syncs.definitions()) {
            if (sync.isCron()) {
                scheduleCron(sync);
            } else {
                scheduler.schedule(syncs.runnerFor(sync.id()), sync.schedule(), report -> { });
            }
            scheduled.add(sync.id());
        }
        running = true;
    }

    private void scheduleCron(SyncDefinition sync) {
        ThreadPoolTaskScheduler tasks = cronScheduler;
        if (tasks == null) {
            tasks = new ThreadPoolTaskScheduler();
            tasks.setPoolSize(threads);
            tasks.setThreadNamePrefix("rostersync-cron-");
            tasks.setDaemon(true);
            tasks.setWaitForTasksToCompleteOnShutdown(true);
            tasks.setAwaitTerminationSeconds(60);
            tasks.initialize();
            cronScheduler = tasks;
        }
        ZoneId zone = sync.trigger().zone().orElseThrow();
        CronExpression cron = crons.get(sync.id());
        SyncRunner runner = syncs.runnerFor(sync.id());
        AtomicBoolean busy = new AtomicBoolean();
        ScheduledFuture<?> future = tasks.schedule(() -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            try {
                ZonedDateTime next = cron == null ? null : cron.next(ZonedDateTime.now(zone).plusSeconds(1));
                if (next == null) {
                    runner.runScheduled(sync.schedule());
                } else {
                    runner.runScheduled(sync.schedule(), next.toInstant());
                }
            } catch (Throwable e) {
                LOG.error("sync {}: cron run failed unexpectedly", sync.id(), e);
            } finally {
                busy.set(false);
            }
        }, new CronTrigger(sync.trigger().cronExpression().orElseThrow(), zone));
        if (future != null) {
            cronRuns.add(future);
        }
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(scheduler::unschedule);
        scheduled.clear();
        cronRuns.forEach(f -> f.cancel(false));
        cronRuns.clear();
        ThreadPoolTaskScheduler tasks = cronScheduler;
        if (tasks != null) {
            tasks.shutdown();
            cronScheduler = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The syncs scheduled now.
     *
     * @return their ids
     */
    public synchronized List<SyncId> scheduled() {
        return List.copyOf(scheduled);
    }
}
