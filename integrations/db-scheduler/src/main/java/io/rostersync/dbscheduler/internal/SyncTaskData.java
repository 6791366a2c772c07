package io.rostersync.dbscheduler.internal;

import com.github.kagkarlsson.scheduler.task.helper.ScheduleAndData;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What db-scheduler stores with a sync's task instance ({@code scheduled_tasks.task_data}): the sync id and its
 * trigger as plain values, and nothing else (no credential, no directory, no policy). Plain numbers and strings so
 * that db-scheduler's Java, Jackson and Gson serializers all store and read it; a record, so Java serialization
 * goes through the constructor's checks and tolerates components added later (they read as 0 or null).
 *
 * <p>Stored data outlives releases: this class's name and its components are kept, new components may be added
 * (reading as 0 or null from older rows), none renamed or removed.
 *
 * @param syncId               the sync id's value
 * @param intervalMillis       the interval of an interval trigger, 0 for a cron trigger
 * @param firstRunWithinMillis the first-run window of an interval trigger, 0 for a cron trigger
 * @param fullEveryRuns        a full read every this many runs
 * @param fullAfterMillis      a full read when the last one is older than this
 * @param cron                 the cron expression, empty for an interval trigger
 * @param zone                 the cron expression's time zone id, empty for an interval trigger
 * @param busyRetryMillis      how soon a run that found the lease held is tried again; 0 (a row stored before
 *                             this component existed) reads as the trigger's default, one minute
 */
public record SyncTaskData(String syncId, long intervalMillis, long firstRunWithinMillis, int fullEveryRuns,
                           long fullAfterMillis, String cron, String zone, long busyRetryMillis)
        implements ScheduleAndData {

    /** What a row without a busy retry reads as: {@link SyncTrigger}'s default. */
    static final long DEFAULT_BUSY_RETRY_MILLIS = 60_000;

    /**
     * Checks the values as the trigger did; a row that was changed by hand fails here, when it is read.
     */
    public SyncTaskData {
        SyncId.of(syncId);
        cron = cron == null ? "" : cron;
        zone = zone == null ? "" : zone;
        if (cron.isEmpty() != zone.isEmpty()) {
            throw new IllegalArgumentException("a cron expression needs a time zone and only it: cron '" + cron
                    + "', zone '" + zone + "'");
        }
        if (cron.isEmpty() ? intervalMillis < 1 || firstRunWithinMillis < 0 : intervalMillis != 0 || firstRunWithinMillis != 0) {
            throw new IllegalArgumentException("an interval trigger needs a positive interval and a first-run window"
                    + " of zero or more, a cron trigger neither: interval " + intervalMillis + " ms, window "
                    + firstRunWithinMillis + " ms, cron '" + cron + "'");
        }
        busyRetryMillis = busyRetryMillis == 0 ? DEFAULT_BUSY_RETRY_MILLIS : busyRetryMillis;
        if (busyRetryMillis < 1) {
            throw new IllegalArgumentException("busyRetry must be positive: " + busyRetryMillis + " ms");
        }
        if (fullEveryRuns < 1 || fullAfterMillis < 1) {
            throw new IllegalArgumentException("fullEveryRuns and fullAfter must be positive: " + fullEveryRuns + ", "
                    + fullAfterMillis + " ms");
        }
    }

    /**
     * The stored form of {@code trigger} for {@code syncId}.
     *
     * @param syncId  the sync
     * @param trigger when it runs
     * @return the data
     */
    public static SyncTaskData of(SyncId syncId, SyncTrigger trigger) {
        return new SyncTaskData(syncId.value(), trigger.interval().map(Duration::toMillis).orElse(0L),
                trigger.firstRunWithin().toMillis(), trigger.fullEveryRuns(), trigger.fullAfter().toMillis(),
                trigger.cronExpression().orElse(""), trigger.zone().map(ZoneId::getId).orElse(""),
                trigger.busyRetryAfter().toMillis());
    }

    /**
     * The sync.
     *
     * @return its id
     */
    public SyncId id() {
        return SyncId.of(syncId);
    }

    /**
     * The schedule handed to the runner: its cadence of full reads is the trigger's. db-scheduler owns the timing
     * and the runner is told each next due time, so the interval and first delay are only descriptive (a cron
     * trigger's interval reads as its full-read age).
     *
     * @return the schedule
     */
    public io.rostersync.engine.Schedule cadence() {
        long interval = cron.isEmpty() ? intervalMillis : fullAfterMillis;
        return new io.rostersync.engine.Schedule(Duration.ofMillis(firstRunWithinMillis), Duration.ofMillis(interval), 0.0,
                fullEveryRuns, Duration.ofMillis(fullAfterMillis));
    }

    /**
     * The trigger this data was made from.
     *
     * @return the trigger
     */
    public SyncTrigger trigger() {
        SyncTrigger timing = cronExpression().map(c -> SyncTrigger.cron(c, ZoneId.of(zone)))
                .orElseGet(() -> SyncTrigger.every(Duration.ofMillis(intervalMillis))
                        .firstRunWithin(Duration.ofMillis(firstRunWithinMillis)));
        return timing.fullEvery(fullEveryRuns, Duration.ofMillis(fullAfterMillis))
                .retryBusyAfter(Duration.ofMillis(busyRetryMillis));
    }

    /**
     * How soon a run that found the sync's lease held is tried again.
     *
     * @return a positive duration
     */
    public Duration busyRetry() {
        return Duration.ofMillis(busyRetryMillis);
    }

    /**
     * The cron expression, when the trigger is one.
     *
     * @return the expression, or empty for an interval trigger
     */
    public Optional<String> cronExpression() {
        return cron.isEmpty() ? Optional.empty() : Optional.of(cron);
    }

    /**
     * Whether both fire at the same times (the full-run cadence aside).
     *
     * @param other other data
     * @return true when only the cadence of full runs differs, if anything
     */
    public boolean sameTiming(SyncTaskData other) {
        return cron.equals(other.cron) && zone.equals(other.zone)
                && intervalMillis == other.intervalMillis && firstRunWithinMillis == other.firstRunWithinMillis;
    }

    /**
     * db-scheduler's view of the timing, used only where db-scheduler computes a time itself: after a failure
     * that escaped the task (an {@link Error}), the next run is one interval (or the next cron time) after it.
     *
     * @return a fixed delay or the cron schedule
     */
    @Override
    public Schedule getSchedule() {
        return cron.isEmpty() ? FixedDelay.of(Duration.ofMillis(intervalMillis)) : new CronSchedule(cron, ZoneId.of(zone));
    }

    /**
     * The sync id's value, as db-scheduler's {@code ScheduleAndData} asks for a data object.
     *
     * @return the sync id's value
     */
    @Override
    public Object getData() {
        return syncId;
    }
}
