package io.rostersync.dbscheduler.internal;

import com.github.kagkarlsson.scheduler.task.helper.ScheduleAndData;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import io.rostersync.dbscheduler.SyncTrigger;
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
 * @param syncId           the sync id's value
 * @param intervalMillis   the schedule's interval
 * @param firstDelayMillis the schedule's first delay
 * @param jitter           the schedule's jitter
 * @param fullEveryRuns    the schedule's full-run count
 * @param fullAfterMillis  the schedule's full-run age
 * @param cron             the cron expression, empty for an interval trigger
 * @param zone             the cron expression's time zone id, empty for an interval trigger
 */
public record SyncTaskData(String syncId, long intervalMillis, long firstDelayMillis, double jitter, int fullEveryRuns,
                           long fullAfterMillis, String cron, String zone) implements ScheduleAndData {

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
        // the Schedule's own checks
        cadence(intervalMillis, firstDelayMillis, jitter, fullEveryRuns, fullAfterMillis);
    }

    /**
     * The stored form of {@code trigger} for {@code syncId}.
     *
     * @param syncId  the sync
     * @param trigger when it fires
     * @return the data
     */
    public static SyncTaskData of(SyncId syncId, SyncTrigger trigger) {
        io.rostersync.engine.Schedule s = trigger.schedule();
        return new SyncTaskData(syncId.value(), s.interval().toMillis(), s.firstDelay().toMillis(), s.jitter(),
                s.fullEveryRuns(), s.fullAfter().toMillis(), trigger.cronExpression().orElse(""),
                trigger.zone().map(ZoneId::getId).orElse(""));
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
     * The schedule handed to the runner (full-run cadence; for an interval trigger also its timing).
     *
     * @return the schedule
     */
    public io.rostersync.engine.Schedule cadence() {
        return cadence(intervalMillis, firstDelayMillis, jitter, fullEveryRuns, fullAfterMillis);
    }

    /**
     * The trigger this data was made from.
     *
     * @return the trigger
     */
    public SyncTrigger trigger() {
        return cronExpression().map(c -> SyncTrigger.cron(c, ZoneId.of(zone), cadence()))
                .orElseGet(() -> SyncTrigger.every(cadence()));
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
                && (!cron.isEmpty() || intervalMillis == other.intervalMillis && firstDelayMillis == other.firstDelayMillis);
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

    private static io.rostersync.engine.Schedule cadence(long interval, long firstDelay, double jitter, int fullEveryRuns,
                                                         long fullAfter) {
        return new io.rostersync.engine.Schedule(Duration.ofMillis(firstDelay), Duration.ofMillis(interval), jitter,
                fullEveryRuns, Duration.ofMillis(fullAfter));
    }
}
