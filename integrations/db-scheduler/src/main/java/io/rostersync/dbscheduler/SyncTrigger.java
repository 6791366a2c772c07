package io.rostersync.dbscheduler;

import io.rostersync.dbscheduler.internal.Timing;
import io.rostersync.engine.Schedule;
import io.rostersync.spi.InvalidConfigurationException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When db-scheduler runs one sync: every {@code interval}, or at the times of a cron expression in a time zone;
 * plus the sync's cadence of full reads, which the engine applies to each run (every {@link #fullEveryRuns()}-th
 * run, or the first run after {@link #fullAfter()} without one, reads the source in full; the store keeps the
 * counts, so every node decides the same).
 *
 * <pre>{@code
 * SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)).fullEvery(4, Duration.ofHours(24));
 * SyncTrigger.cron("0 15 2 * * *", ZoneId.of("Europe/Berlin"));   // 02:15 Berlin time, daily
 * SyncTrigger.of(Schedule.everySixHours());                       // an engine Schedule's interval and cadence
 * }</pre>
 *
 * <ul>
 *   <li>Interval: the first run falls within {@link #firstRunWithin()} of the registration, at a point derived
 *       from the sync id (so a thousand tenants registered at once spread over the window, and every node
 *       computes the same point); then every interval, keeping that phase: the next run is the first
 *       {@code due + k * interval} still ahead when a run starts, so a sync that was due while every node was
 *       down runs once, never a burst, and keeps its place among the other tenants.</li>
 *   <li>Cron: at the expression's times; a missed time runs once when a node is back, then the expression's
 *       next time after now.</li>
 * </ul>
 * Defaults: the first run of an interval trigger within one interval or one hour, whichever is shorter; a full
 * read every 10 runs or after 10 intervals (a cron trigger: after 7 days). db-scheduler owns the timing, so an
 * engine {@link Schedule}'s jitter does not apply; the spread of first runs and the kept phase take its place.
 *
 * <p>Immutable; two triggers are equal when every part is, which is how {@link DbSchedulerSyncs#register} tells
 * an unchanged registration from a changed one.
 *
 * @since 0.1.0
 */
public final class SyncTrigger {

    private static final Duration DEFAULT_FIRST_RUN_CAP = Duration.ofHours(1);
    private static final int DEFAULT_FULL_EVERY_RUNS = 10;
    private static final Duration DEFAULT_CRON_FULL_AFTER = Duration.ofDays(7);

    private final @Nullable Duration interval;
    private final @Nullable String cronExpression;
    private final @Nullable ZoneId zone;
    private final Duration firstRunWithin;
    private final int fullEveryRuns;
    private final Duration fullAfter;

    private SyncTrigger(@Nullable Duration interval, @Nullable String cronExpression, @Nullable ZoneId zone,
                        Duration firstRunWithin, int fullEveryRuns, Duration fullAfter) {
        this.interval = interval;
        this.cronExpression = cronExpression;
        this.zone = zone;
        this.firstRunWithin = firstRunWithin;
        this.fullEveryRuns = fullEveryRuns;
        this.fullAfter = fullAfter;
    }

    /**
     * Runs the sync every {@code interval}, the first time within one interval or one hour, whichever is shorter
     * (change it with {@link #firstRunWithin}).
     *
     * @param interval the time from one run's due time to the next, at least a millisecond
     * @return the trigger
     * @throws IllegalArgumentException if the interval is shorter than a millisecond
     * @throws NullPointerException if the interval is null
     */
    public static SyncTrigger every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least a millisecond (db-scheduler keeps times "
                    + "in milliseconds), was " + interval);
        }
        Duration millis = Duration.ofMillis(interval.toMillis());
        Duration first = millis.compareTo(DEFAULT_FIRST_RUN_CAP) < 0 ? millis : DEFAULT_FIRST_RUN_CAP;
        return new SyncTrigger(millis, null, null, first, DEFAULT_FULL_EVERY_RUNS, times(millis, DEFAULT_FULL_EVERY_RUNS));
    }

    /**
     * Runs the sync at the times of a cron expression in db-scheduler's syntax (Spring 5.3's): six fields,
     * second minute hour day-of-month month day-of-week, e.g. {@code "0 0 0/6 * * *"} for every six hours on the
     * hour; a full read every 10 runs or after 7 days.
     *
     * @param expression the cron expression
     * @param zone       the time zone its fields are read in
     * @return the trigger
     * @throws InvalidConfigurationException if the expression cannot be parsed or never fires; the message says
     *         what db-scheduler reads
     * @throws NullPointerException if an argument is null
     */
    public static SyncTrigger cron(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression.strip();
        Timing.checkCron(trimmed, zone);
        return new SyncTrigger(null, trimmed, zone, Duration.ZERO, DEFAULT_FULL_EVERY_RUNS, DEFAULT_CRON_FULL_AFTER);
    }

    /**
     * An interval trigger with an engine {@link Schedule}'s interval and cadence of full reads; its first delay
     * becomes the window of the first run. The schedule's jitter is not used: db-scheduler owns the timing.
     *
     * @param schedule the schedule
     * @return the trigger
     * @throws NullPointerException if the schedule is null
     */
    public static SyncTrigger of(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return every(schedule.interval()).firstRunWithin(schedule.firstDelay())
                .fullEvery(schedule.fullEveryRuns(), schedule.fullAfter());
    }

    /**
     * This interval trigger with another window for the first run: the sync first runs at a point within
     * {@code [now, now + window)} derived from its id (the same point on every node). Zero runs it at once. Used
     * when the sync is registered for the first time, or when a changed trigger is registered (the next run then
     * moves no later than that point).
     *
     * @param window how soon the first run comes at the latest; zero or more
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if the window is negative, or this is a cron trigger (the expression says
     *                                  when it first fires)
     */
    public SyncTrigger firstRunWithin(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("the first run's window must not be negative, was " + window);
        }
        if (interval == null) {
            throw new IllegalArgumentException("a cron trigger's expression decides when it first runs; "
                    + "firstRunWithin applies to interval triggers only");
        }
        return new SyncTrigger(interval, null, null, Duration.ofMillis(window.toMillis()), fullEveryRuns, fullAfter);
    }

    /**
     * This trigger with another cadence of full reads.
     *
     * @param runs  a full read every this many runs, at least 1 (1 = every run reads in full)
     * @param after a full read when the last one started longer ago than this, at least a millisecond
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if {@code runs} is less than 1 or {@code after} is shorter than a
     *                                  millisecond
     */
    public SyncTrigger fullEvery(int runs, Duration after) {
        Objects.requireNonNull(after, "after");
        if (runs < 1) {
            throw new IllegalArgumentException("fullEveryRuns must be at least 1 (1 = every run reads in full), was "
                    + runs);
        }
        if (after.toMillis() < 1) {
            throw new IllegalArgumentException("fullAfter must be at least a millisecond, was " + after);
        }
        return new SyncTrigger(interval, cronExpression, zone, firstRunWithin, runs, Duration.ofMillis(after.toMillis()));
    }

    /**
     * The interval of an interval trigger.
     *
     * @return the interval; empty for a cron trigger
     */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /**
     * The expression of a cron trigger.
     *
     * @return the expression, trimmed; empty for an interval trigger
     */
    public Optional<String> cronExpression() {
        return Optional.ofNullable(cronExpression);
    }

    /**
     * The time zone of a cron trigger.
     *
     * @return the zone; empty for an interval trigger
     */
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }

    /**
     * The window of an interval trigger's first run.
     *
     * @return the window; zero for a cron trigger
     */
    public Duration firstRunWithin() {
        return firstRunWithin;
    }

    /**
     * A full read every this many runs.
     *
     * @return at least 1
     */
    public int fullEveryRuns() {
        return fullEveryRuns;
    }

    /**
     * A full read when the last one is older than this.
     *
     * @return a positive duration
     */
    public Duration fullAfter() {
        return fullAfter;
    }

    private static Duration times(Duration d, int n) {
        try {
            return d.multipliedBy(n);
        } catch (ArithmeticException e) {
            return d;
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SyncTrigger t && Objects.equals(interval, t.interval)
                && Objects.equals(cronExpression, t.cronExpression) && Objects.equals(zone, t.zone)
                && firstRunWithin.equals(t.firstRunWithin) && fullEveryRuns == t.fullEveryRuns
                && fullAfter.equals(t.fullAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, cronExpression, zone, firstRunWithin, fullEveryRuns, fullAfter);
    }

    @Override
    public String toString() {
        String timing = interval != null
                ? "every " + interval + ", first within " + firstRunWithin
                : "cron '" + cronExpression + "' in " + zone;
        return "SyncTrigger[" + timing + ", full every " + fullEveryRuns + " runs or after " + fullAfter + "]";
    }
}
