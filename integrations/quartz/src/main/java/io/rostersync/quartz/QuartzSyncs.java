package io.rostersync.quartz;

import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import io.rostersync.quartz.internal.JobData;
import io.rostersync.quartz.internal.Spread;
import io.rostersync.spi.InvalidConfigurationException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rostersync syncs under the host's own Quartz {@link Scheduler}: a RAM job store for one node, or
 * the clustered JDBC job store ({@code JobStoreTX}, {@code isClustered=true}) for many, where each firing
 * runs on exactly one node and a dead node's running syncs are fired again on the others.
 *
 * <pre>{@code
 * Scheduler scheduler = ...;                                      // the host's, clustered on its database
 * QuartzSyncs syncs = QuartzSyncs.install(scheduler, syncId -> runnerFor(syncId)); // on every node, before start()
 * for (Tenant t : tenants) {                                      // on every boot: idempotent
 *     syncs.register(SyncId.of("zendesk-" + t.id()),
 *             SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)));
 * }
 * scheduler.start();
 * }</pre>
 *
 * <h2>What is stored</h2>
 * One durable {@link SyncJob} per sync in group {@value #GROUP}, named by the sync id, requesting recovery,
 * with one trigger of the same name and group. The job's data holds the sync id and its cadence of full reads
 * as strings, never a credential: the node that fires builds the runner from the id with the host's
 * {@link SyncRunnerFactory}, which each node puts in its scheduler's context under {@link #RUNNER_FACTORY_KEY}
 * ({@link #installFactory}; with Spring's {@code SchedulerFactoryBean}, {@code setSchedulerContextAsMap}).
 *
 * <h2>Registering on every boot</h2>
 * {@link #register} is idempotent: registering a sync exactly as it is registered changes nothing, its next
 * firing included, so every node may register every sync at every start-up, even several nodes at once.
 * A changed interval, cron expression or time zone replaces the trigger (an interval trigger keeps its next
 * firing when that comes within the new interval); a changed cadence of full reads replaces the job's data.
 *
 * <h2>Misfires</h2>
 * A sync whose firings were missed (every node was down, or every worker thread busy for longer than
 * {@code org.quartz.jobStore.misfireThreshold}) fires once as soon as a node can, then goes on at its
 * interval or cron times; missed firings are never fired as a burst. Triggers use
 * {@link SimpleTrigger#MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT} and
 * {@link CronTrigger#MISFIRE_INSTRUCTION_FIRE_ONCE_NOW}.
 *
 * <p>Thread-safe; every method but {@link #jobKey}, {@link #triggerKey} and {@link #withClock} calls the
 * scheduler, and a failed call throws {@link QuartzSyncException}.
 *
 * @since 0.1.0
 */
public final class QuartzSyncs {

    /** The scheduler-context key under which each node's {@link SyncRunnerFactory} is found by {@link SyncJob}. */
    public static final String RUNNER_FACTORY_KEY = "io.rostersync.quartz.SyncRunnerFactory";
    /** The Quartz group of every sync's job and trigger. */
    public static final String GROUP = "rostersync";
    /** The Quartz group of the one-shot triggers that retry a firing which found its sync busy. */
    public static final String RETRY_GROUP = "rostersync-retry";

    private static final Logger LOG = LoggerFactory.getLogger(QuartzSyncs.class);
    /** Re-reads after losing a creation race to another node; one is enough unless the other node keeps changing it. */
    private static final int ATTEMPTS = 3;

    private final Scheduler scheduler;
    private final Clock clock;

    private QuartzSyncs(Scheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Puts {@code factory} in the scheduler's context, where this node's {@link SyncJob}s find it, and
     * returns the registration API. Call it on every node before {@link Scheduler#start()} (a job that
     * fires on a node without a factory logs an error and runs nothing).
     *
     * @param scheduler the host's scheduler
     * @param factory   how this node builds a sync's runner from its id
     * @return the registration API for {@code scheduler}
     * @throws QuartzSyncException if the scheduler's context cannot be read (it was shut down)
     */
    public static QuartzSyncs install(Scheduler scheduler, SyncRunnerFactory factory) {
        installFactory(scheduler, factory);
        return on(scheduler);
    }

    /**
     * Puts {@code factory} in the scheduler's context under {@link #RUNNER_FACTORY_KEY}, replacing any
     * factory put there before.
     *
     * @param scheduler the host's scheduler
     * @param factory   how this node builds a sync's runner from its id
     * @throws QuartzSyncException if the scheduler's context cannot be read (it was shut down)
     */
    public static void installFactory(Scheduler scheduler, SyncRunnerFactory factory) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(factory, "factory");
        try {
            scheduler.getContext().put(RUNNER_FACTORY_KEY, factory);
        } catch (SchedulerException e) {
            throw new QuartzSyncException("could not put the runner factory in the scheduler's context", e);
        }
    }

    /**
     * The registration API for {@code scheduler}, without installing a factory (for a node that only
     * registers syncs; the nodes that fire them need {@link #installFactory}).
     *
     * @param scheduler the host's scheduler
     * @return the registration API
     */
    public static QuartzSyncs on(Scheduler scheduler) {
        return new QuartzSyncs(Objects.requireNonNull(scheduler, "scheduler"), Clock.systemUTC());
    }

    /**
     * This registration API with another clock, which places first runs and kept firings.
     *
     * @param value the clock; the system UTC clock by default
     * @return a new instance; this one is unchanged
     */
    public QuartzSyncs withClock(Clock value) {
        return new QuartzSyncs(scheduler, Objects.requireNonNull(value, "clock"));
    }

    /**
     * The key of a sync's job: group {@value #GROUP}, named by the sync id.
     *
     * @param syncId the sync
     * @return the key
     */
    public static JobKey jobKey(SyncId syncId) {
        return JobKey.jobKey(syncId.value(), GROUP);
    }

    /**
     * The key of a sync's trigger: group {@value #GROUP}, named by the sync id.
     *
     * @param syncId the sync
     * @return the key
     */
    public static TriggerKey triggerKey(SyncId syncId) {
        return TriggerKey.triggerKey(syncId.value(), GROUP);
    }

    /**
     * Registers a sync, or brings its registration in line with {@code trigger}; safe to call on every boot
     * of every node, concurrently too (see the class comment).
     *
     * @param syncId  the sync; the host's {@link SyncRunnerFactory} must know it on every node that fires it
     * @param trigger when it runs and how often it reads in full
     * @return what was done
     * @throws InvalidConfigurationException if the trigger's cron expression is not one Quartz reads, or never
     *                                       fires again; the message names the expression and what is wrong,
     *                                       and nothing is changed
     * @throws QuartzSyncException if the scheduler could not be reached or refused the change
     * @throws IllegalStateException if a job of another class is stored under the sync's key (something
     *                               else uses group {@value #GROUP}); nothing is changed
     */
    public RegistrationOutcome register(SyncId syncId, SyncTrigger trigger) {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(trigger, "trigger");
        checkCron(syncId, trigger);
        JobData data = new JobData(syncId, trigger.fullEveryRuns(), trigger.fullAfter(), trigger.busyRetryAfter());
        JobDetail job = JobBuilder.newJob(SyncJob.class).withIdentity(jobKey(syncId))
                .withDescription("rostersync sync " + syncId).usingJobData(data.toMap())
                .storeDurably().requestRecovery().build();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return registerOnce(syncId, trigger, job, data);
                } catch (ObjectAlreadyExistsException race) {
                    // another node created it between our read and our write: read again and compare
                    if (attempt >= ATTEMPTS) {
                        throw race;
                    }
                }
            }
        } catch (SchedulerException e) {
            throw new QuartzSyncException("could not register sync " + syncId, e);
        }
    }

    private RegistrationOutcome registerOnce(SyncId syncId, SyncTrigger trigger, JobDetail job, JobData data)
            throws SchedulerException {
        Instant now = clock.instant();
        JobDetail storedJob = scheduler.getJobDetail(job.getKey());
        if (storedJob == null) {
            scheduler.scheduleJob(job, newTrigger(syncId, trigger, now, null));
            LOG.info("sync {}: registered ({})", syncId, trigger);
            return RegistrationOutcome.CREATED;
        }
        if (!SyncJob.class.equals(storedJob.getJobClass())) {
            throw new IllegalStateException("Quartz job " + job.getKey() + " is a " + storedJob.getJobClass().getName()
                    + ", not rostersync's SyncJob; group '" + GROUP + "' is reserved for rostersync's syncs");
        }
        boolean jobChanged = !sameJob(storedJob, data);
        if (jobChanged) {
            scheduler.addJob(job, true);
        }
        Trigger stored = scheduler.getTrigger(triggerKey(syncId));
        if (stored == null) {
            scheduler.scheduleJob(newTrigger(syncId, trigger, now, null));
            LOG.info("sync {}: registered ({}); its job was stored without a trigger", syncId, trigger);
            return RegistrationOutcome.CREATED;
        }
        if (!sameTiming(stored, trigger)) {
            Date next = stored.getNextFireTime();
            scheduler.rescheduleJob(stored.getKey(),
                    newTrigger(syncId, trigger, now, next == null ? null : next.toInstant()));
            LOG.info("sync {}: registration changed to {}", syncId, trigger);
            return RegistrationOutcome.UPDATED;
        }
        if (jobChanged) {
            LOG.info("sync {}: cadence of full reads changed ({})", syncId, trigger);
            return RegistrationOutcome.UPDATED;
        }
        return RegistrationOutcome.UNCHANGED;
    }

    /**
     * Removes a sync's job and trigger; a run in progress finishes. Its state in the {@code SyncStateStore}
     * (links, cursor, reports) is left alone.
     *
     * @param syncId the sync
     * @return whether it was registered
     * @throws QuartzSyncException if the scheduler could not be reached
     */
    public boolean unregister(SyncId syncId) {
        Objects.requireNonNull(syncId, "syncId");
        try {
            boolean removed = scheduler.deleteJob(jobKey(syncId));
            if (removed) {
                LOG.info("sync {}: unregistered", syncId);
            }
            return removed;
        } catch (SchedulerException e) {
            throw new QuartzSyncException("could not unregister sync " + syncId, e);
        }
    }

    /**
     * The syncs registered in the scheduler (by any node), for a host that unregisters the ones it no
     * longer has.
     *
     * @return their ids, in no particular order
     * @throws QuartzSyncException if the scheduler could not be reached
     */
    public Set<SyncId> registered() {
        try {
            Set<SyncId> ids = new LinkedHashSet<>();
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                try {
                    ids.add(SyncId.of(key.getName()));
                } catch (IllegalArgumentException notOurs) {
                    LOG.debug("job {} in group {} is not named by a sync id; ignored", key, GROUP);
                }
            }
            return Set.copyOf(ids);
        } catch (SchedulerException e) {
            throw new QuartzSyncException("could not list the registered syncs", e);
        }
    }

    /**
     * When the sync fires next.
     *
     * @param syncId the sync
     * @return the next firing; empty when the sync is not registered or will not fire again
     * @throws QuartzSyncException if the scheduler could not be reached
     */
    public Optional<Instant> nextRun(SyncId syncId) {
        Objects.requireNonNull(syncId, "syncId");
        try {
            Trigger trigger = scheduler.getTrigger(triggerKey(syncId));
            return trigger == null || trigger.getNextFireTime() == null
                    ? Optional.empty() : Optional.of(trigger.getNextFireTime().toInstant());
        } catch (SchedulerException e) {
            throw new QuartzSyncException("could not read the trigger of sync " + syncId, e);
        }
    }

    private static boolean sameJob(JobDetail stored, JobData data) {
        if (!stored.isDurable() || !stored.requestsRecovery()) {
            return false;
        }
        try {
            return JobData.from(stored.getJobDataMap()).equals(data);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean sameTiming(Trigger stored, SyncTrigger trigger) {
        if (stored.getEndTime() != null) {
            return false;
        }
        Optional<Duration> interval = trigger.interval();
        if (interval.isPresent()) {
            return stored instanceof SimpleTrigger simple
                    && simple.getRepeatInterval() == interval.get().toMillis()
                    && simple.getRepeatCount() == SimpleTrigger.REPEAT_INDEFINITELY
                    && simple.getMisfireInstruction() == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_REMAINING_REPEAT_COUNT;
        }
        return stored instanceof CronTrigger cron
                && cron.getCronExpression().equals(trigger.cronExpression().orElseThrow())
                && cron.getTimeZone().getID().equals(timeZone(trigger).getID())
                && cron.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
    }

    /**
     * The sync's trigger. An interval trigger first fires at {@code keep} (the replaced trigger's next firing)
     * when that comes within one interval from now, else at the sync's point in its first-run window.
     */
    private static Trigger newTrigger(SyncId syncId, SyncTrigger trigger, Instant now, @Nullable Instant keep) {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(triggerKey(syncId))
                .forJob(jobKey(syncId)).withDescription("rostersync sync " + syncId);
        Optional<Duration> interval = trigger.interval();
        if (interval.isPresent()) {
            Instant start;
            if (keep != null && keep.isBefore(now.plus(interval.get()))) {
                start = keep;
            } else if (keep != null) {
                start = now.plus(Spread.offset(syncId, interval.get()));
            } else {
                start = now.plus(Spread.offset(syncId, trigger.firstRunWithin()));
            }
            return builder.startAt(Date.from(start))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(interval.get().toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNowWithRemainingCount())
                    .build();
        }
        return builder.startAt(Date.from(now))
                .withSchedule(CronScheduleBuilder.cronSchedule(trigger.cronExpression().orElseThrow())
                        .inTimeZone(timeZone(trigger)).withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** Parses a cron trigger's expression as Quartz will, so a bad one fails here and not when the trigger is stored. */
    private void checkCron(SyncId syncId, SyncTrigger trigger) {
        Optional<String> expression = trigger.cronExpression();
        if (expression.isEmpty()) {
            return;
        }
        String syntax = "; Quartz reads six or seven fields, second minute hour day-of-month month day-of-week [year],"
                + " with '?' in one of the two day fields, e.g. \"0 0 */6 * * ?\" for every six hours on the hour";
        CronExpression parsed;
        try {
            parsed = new CronExpression(expression.get());
        } catch (ParseException e) {
            throw new InvalidConfigurationException("sync " + syncId + ": cron expression '" + expression.get()
                    + "' is not valid for Quartz: " + e.getMessage() + " (at position " + e.getErrorOffset() + ")"
                    + syntax, e);
        }
        parsed.setTimeZone(timeZone(trigger));
        if (parsed.getNextValidTimeAfter(Date.from(clock.instant())) == null) {
            throw new InvalidConfigurationException("sync " + syncId + ": cron expression '" + expression.get()
                    + "' never fires again after " + clock.instant() + " in " + trigger.zone().orElseThrow() + syntax);
        }
    }

    private static TimeZone timeZone(SyncTrigger trigger) {
        return TimeZone.getTimeZone(trigger.zone().orElseThrow());
    }

    @Override
    public String toString() {
        return "QuartzSyncs[" + scheduler + "]";
    }
}
