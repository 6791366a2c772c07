package io.rostersync.quartz;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.model.SyncId;
import io.rostersync.quartz.internal.JobData;
import io.rostersync.quartz.internal.ScheduledRun;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.jspecify.annotations.Nullable;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one sync, registered by {@link QuartzSyncs#register}: each firing builds the sync's
 * runner with the node's {@link SyncRunnerFactory} (from the scheduler's context, key
 * {@link QuartzSyncs#RUNNER_FACTORY_KEY}) and runs it once, full or incremental as the cadence and the
 * stored state say, recording Quartz's next firing as the sync's next due time. The run's
 * {@link SyncReport} is the firing's result ({@link JobExecutionContext#getResult()}) for the host's job
 * listeners.
 *
 * <ul>
 *   <li>Never two firings of one sync at once ({@link DisallowConcurrentExecution}, across a cluster too);
 *       the store's fenced lease guards against anything else running the same sync.</li>
 *   <li>The job requests recovery: when a node dies during a run, another node fires the sync again once
 *       Quartz has seen the node miss its check-ins. If the dead node's lease has not expired by then, that
 *       firing finds the sync {@link RunStatus#BUSY BUSY} and is tried again every
 *       {@link io.rostersync.engine.SyncTrigger#retryBusyAfter} until it runs (or the sync's next regular firing comes first).</li>
 *   <li>A factory that throws {@link UnknownSyncException} (the host has no such sync any more, a deleted
 *       tenant) unregisters the sync; any other failure of the factory is logged and the sync stays
 *       scheduled. A failed run is in its report; the runner never throws for one.</li>
 * </ul>
 *
 * <p>The class's name is stored in the job store with every sync's job; it is kept across releases.
 * Quartz instantiates it once per firing (any {@code JobFactory} that calls the public constructor works,
 * Spring's included).
 *
 * @since 0.1.0
 */
@DisallowConcurrentExecution
public final class SyncJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
    private static final int MAX_ERROR_TEXT = 300;

    /** For Quartz's job factory. */
    public SyncJob() {
    }

    /**
     * Runs the sync named by the job's data once.
     *
     * @param context the firing
     * @throws JobExecutionException if the job's data is malformed or this node's scheduler has no runner
     *                               factory (configuration errors; the sync stays scheduled and Quartz logs
     *                               it); never for a failed run
     */
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobData data;
        try {
            data = JobData.from(context.getJobDetail().getJobDataMap());
        } catch (IllegalArgumentException e) {
            LOG.error("Quartz job {} has malformed rostersync data, nothing run: {}", context.getJobDetail().getKey(), e.getMessage());
            throw new JobExecutionException("malformed rostersync job data: " + e.getMessage(), e, false);
        }
        SyncId syncId = data.syncId();
        Scheduler scheduler = context.getScheduler();
        SyncRunnerFactory factory = factory(scheduler, syncId);
        SyncRunner runner;
        try {
            runner = factory.runnerFor(syncId);
        } catch (UnknownSyncException e) {
            unregister(scheduler, context, syncId, e);
            return;
        } catch (RuntimeException e) {
            LOG.warn("sync {}: the runner factory failed, nothing run; the sync stays scheduled: {}", syncId, describe(e));
            LOG.debug("sync {}: runner factory failure", syncId, e);
            return;
        }
        if (runner == null || !syncId.equals(runner.syncId())) {
            LOG.error("sync {}: the runner factory returned {}, nothing run; it must return the runner of the sync it is asked for",
                    syncId, runner == null ? "null" : "the runner of sync " + runner.syncId());
            return;
        }
        Instant nextDue = nextDue(context, scheduler, syncId, data);
        Schedule schedule = new Schedule(Duration.ZERO, interval(context, nextDue, data), 0.0,
                data.fullEveryRuns(), data.fullAfter());
        SyncReport report;
        try {
            report = ScheduledRun.run(runner, schedule, nextDue);
        } catch (RuntimeException e) {
            // the runner ends every run in a report; this is a runner that broke that promise
            LOG.error("sync {}: the run threw instead of reporting; the sync stays scheduled: {}", syncId, describe(e));
            LOG.debug("sync {}: run failure", syncId, e);
            return;
        }
        context.setResult(report);
        if (report.status() == RunStatus.BUSY) {
            retryLater(scheduler, context, syncId, data.busyRetryAfter());
        }
    }

    /**
     * Schedules a one-shot firing of this sync after {@code delay}, unless its regular trigger fires by then
     * (or is gone). Each retry that finds the sync busy again schedules the next, so a sync whose lease a dead
     * node held runs soon after that lease expires.
     */
    private static void retryLater(Scheduler scheduler, JobExecutionContext context, SyncId syncId, Duration delay) {
        Instant at = Instant.now().plus(delay);
        try {
            Trigger regular = scheduler.getTrigger(QuartzSyncs.triggerKey(syncId));
            if (regular == null) {
                return;
            }
            Date next = regular.getNextFireTime();
            if (next != null && !next.toInstant().isAfter(at)) {
                LOG.info("sync {}: busy (its lease is held elsewhere); its next firing at {} will try again", syncId, next.toInstant());
                return;
            }
            for (Trigger pending : scheduler.getTriggersOfJob(context.getJobDetail().getKey())) {
                if (QuartzSyncs.RETRY_GROUP.equals(pending.getKey().getGroup())
                        && !pending.getKey().equals(context.getTrigger().getKey()) && pending.getNextFireTime() != null) {
                    return; // another busy firing already scheduled one
                }
            }
            Trigger retry = TriggerBuilder.newTrigger()
                    .withIdentity(syncId.value() + "@" + at.toEpochMilli(), QuartzSyncs.RETRY_GROUP)
                    .forJob(context.getJobDetail().getKey()).startAt(Date.from(at))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            scheduler.scheduleJob(retry);
            LOG.info("sync {}: busy (its lease is held elsewhere); trying again at {}", syncId, at);
        } catch (SchedulerException e) {
            LOG.warn("sync {}: busy, and a retry could not be scheduled; its next firing will try again: {}", syncId, describe(e));
        }
    }

    private static SyncRunnerFactory factory(Scheduler scheduler, SyncId syncId) throws JobExecutionException {
        Object factory;
        try {
            factory = scheduler.getContext().get(QuartzSyncs.RUNNER_FACTORY_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("could not read the scheduler's context", e, false);
        }
        if (factory instanceof SyncRunnerFactory f) {
            return f;
        }
        String why = factory == null ? "has no runner factory" : "holds a " + factory.getClass().getName() + ", not a SyncRunnerFactory,";
        LOG.error("sync {}: this node's scheduler context {} under '{}', nothing run; call QuartzSyncs.install(scheduler, factory) "
                + "on every node before the scheduler starts", syncId, why, QuartzSyncs.RUNNER_FACTORY_KEY);
        throw new JobExecutionException("the scheduler context " + why + " under " + QuartzSyncs.RUNNER_FACTORY_KEY, false);
    }

    private static void unregister(Scheduler scheduler, JobExecutionContext context, SyncId syncId, UnknownSyncException e) {
        LOG.warn("sync {}: the host has no such sync any more ({}); unregistering it", syncId, describe(e));
        try {
            scheduler.deleteJob(context.getJobDetail().getKey());
        } catch (SchedulerException failed) {
            LOG.warn("sync {}: could not unregister it, trying again at its next firing: {}", syncId, describe(failed));
        }
    }

    /**
     * Quartz's next firing of the sync. A recovery firing (after a node died) or a misfire's one-shot has
     * none of its own, so the sync's regular trigger is asked.
     */
    private static Instant nextDue(JobExecutionContext context, Scheduler scheduler, SyncId syncId, JobData data) {
        Date next = context.getNextFireTime();
        if (next == null || context.isRecovering()) {
            try {
                Trigger regular = scheduler.getTrigger(QuartzSyncs.triggerKey(syncId));
                if (regular != null && regular.getNextFireTime() != null) {
                    next = regular.getNextFireTime();
                }
            } catch (SchedulerException e) {
                LOG.debug("sync {}: could not read its trigger: {}", syncId, describe(e));
            }
        }
        if (next != null) {
            return next.toInstant();
        }
        // not registered any more: due when its cadence would read in full at the latest
        return fireTime(context).plus(data.fullAfter());
    }

    /** The time between firings, for the engine's schedule: the trigger's interval, else the gap to the next firing. */
    private static Duration interval(JobExecutionContext context, Instant nextDue, JobData data) {
        if (context.getTrigger() instanceof SimpleTrigger simple && simple.getRepeatInterval() > 0) {
            return Duration.ofMillis(simple.getRepeatInterval());
        }
        Duration gap = Duration.between(fireTime(context), nextDue);
        return gap.isNegative() || gap.isZero() ? data.fullAfter() : gap;
    }

    private static Instant fireTime(JobExecutionContext context) {
        @Nullable Date fired = context.getFireTime();
        return fired != null ? fired.toInstant() : Instant.now();
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            text += ": " + message;
        }
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }
}
