package io.rostersync.dbscheduler;

import io.rostersync.dbscheduler.internal.Timing;
import io.rostersync.engine.Schedule;
import io.rostersync.spi.InvalidConfigurationException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a registered sync fires: at an interval or by a cron expression, with the cadence of full
 * reconciliations from a {@link Schedule}. Immutable; two triggers are equal when they fire alike, which
 * is how {@link DbSchedulerSyncs#register} tells an unchanged registration from a changed one.
 *
 * <ul>
 *   <li>{@link #every(Schedule)}: the first run falls within {@link Schedule#firstDelay()} of the
 *       registration, at a point derived from the sync id (so a thousand tenants registered at once spread
 *       over that window, and every node computes the same point); then every {@link Schedule#interval()},
 *       keeping that phase: the next run is the first multiple of the interval after the due time it
 *       served that is still ahead, so a sync that was due while every node was down runs once, never a
 *       burst, and keeps its place among the other tenants. {@link Schedule#jitter()} is not used: the
 *       per-sync phase does its work.</li>
 *   <li>{@link #cron(String, ZoneId, Schedule)}: at the times of a cron expression in a time zone; a
 *       missed time runs once when a node is back, then the expression's next time after now.</li>
 * </ul>
 * In both, {@link Schedule#fullEveryRuns()} and {@link Schedule#fullAfter()} say when a run reads everything
 * (the store keeps the counts, so every node decides the same).
 *
 * @since 0.1.0
 */
public final class SyncTrigger {

    private final Schedule schedule;
    private final Optional<String> cronExpression;
    private final Optional<ZoneId> zone;

    private SyncTrigger(Schedule schedule, Optional<String> cronExpression, Optional<ZoneId> zone) {
        this.schedule = schedule;
        this.cronExpression = cronExpression;
        this.zone = zone;
    }

    /**
     * Fires every {@code schedule.interval()}, the first time within {@code schedule.firstDelay()}, spread
     * per sync.
     *
     * @param schedule interval, first-run window and the cadence of full runs
     * @return the trigger
     * @throws NullPointerException if {@code schedule} is null
     */
    public static SyncTrigger every(Schedule schedule) {
        return new SyncTrigger(Objects.requireNonNull(schedule, "schedule"), Optional.empty(), Optional.empty());
    }

    /**
     * Fires every {@code interval}, the first time within {@code firstRunWithin}, spread per sync; a full
     * read every tenth run or when the last full one is ten intervals old ({@link Schedule#every(Duration)}).
     *
     * @param interval       the time between runs, positive
     * @param firstRunWithin the window the first run falls in, zero (at once) or more
     * @return the trigger
     * @throws IllegalArgumentException if the interval is not positive or the window is negative
     * @throws NullPointerException if an argument is null
     */
    public static SyncTrigger every(Duration interval, Duration firstRunWithin) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(firstRunWithin, "firstRunWithin");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        return every(Schedule.every(interval).withFirstDelay(firstRunWithin));
    }

    /**
     * Fires at the times of a cron expression in db-scheduler's (Spring 5.3) syntax: six fields, second
     * minute hour day-of-month month day-of-week, e.g. {@code "0 0 0/6 * * *"} for every six hours on the
     * hour.
     *
     * @param expression the cron expression
     * @param zone       the time zone its fields are read in
     * @param cadence    when a run reads everything ({@link Schedule#fullEveryRuns()},
     *                   {@link Schedule#fullAfter()}); its first delay, interval and jitter are not used
     * @return the trigger
     * @throws InvalidConfigurationException if the expression cannot be parsed or never fires; the message
     *         says what the syntax is
     * @throws NullPointerException if an argument is null
     */
    public static SyncTrigger cron(String expression, ZoneId zone, Schedule cadence) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(cadence, "cadence");
        String trimmed = expression.strip();
        Timing.checkCron(trimmed, zone);
        return new SyncTrigger(cadence, Optional.of(trimmed), Optional.of(zone));
    }

    /**
     * The schedule: interval and first-run window of an interval trigger, and for both kinds the cadence of
     * full runs.
     *
     * @return the schedule
     */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * The cron expression of a cron trigger.
     *
     * @return the expression, empty for an interval trigger
     */
    public Optional<String> cronExpression() {
        return cronExpression;
    }

    /**
     * The time zone of a cron trigger.
     *
     * @return the zone, empty for an interval trigger
     */
    public Optional<ZoneId> zone() {
        return zone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncTrigger other && schedule.equals(other.schedule)
                && cronExpression.equals(other.cronExpression) && zone.equals(other.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, cronExpression, zone);
    }

    @Override
    public String toString() {
        return cronExpression.map(c -> "cron '" + c + "' in " + zone.orElseThrow() + ", full every "
                        + schedule.fullEveryRuns() + " runs or after " + schedule.fullAfter())
                .orElseGet(() -> "every " + schedule.interval() + ", first within " + schedule.firstDelay()
                        + ", full every " + schedule.fullEveryRuns() + " runs or after " + schedule.fullAfter());
    }
}
