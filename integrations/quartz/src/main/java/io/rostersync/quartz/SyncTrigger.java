package io.rostersync.quartz;

import io.rostersync.engine.Schedule;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.quartz.CronExpression;

/**
 * When Quartz runs one sync: every {@code interval} (the first run within {@link #firstRunWithin()}, at a
 * point in that window derived from the sync id, so that a thousand tenants registered at once are spread
 * over the window instead of firing in the same second), or on a cron expression in a time zone. Plus the
 * sync's cadence of full reads, which the engine applies to each run: every {@link #fullEveryRuns()}-th run,
 * or the first run after {@link #fullAfter()} without one, reads the source in full.
 *
 * <pre>{@code
 * SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)).fullEvery(4, Duration.ofHours(24));
 * SyncTrigger.cron("0 15 2 * * ?", ZoneId.of("Europe/Berlin"));     // 02:15 Berlin time, daily
 * SyncTrigger.of(Schedule.everySixHours());                         // an engine Schedule's interval and cadence
 * }</pre>
 *
 * <p>Defaults: the first run of an interval trigger comes within one interval or one hour, whichever is
 * shorter; a full read every 10 runs or after 10 intervals (a cron trigger: after 7 days); a firing that
 * finds the sync busy is tried again after a minute ({@link #retryBusyAfter}). Quartz owns the
 * timing, so an engine {@link Schedule}'s jitter does not apply here; the spread of first runs takes its place.
 *
 * <p>Immutable; {@code equals} compares every part.
 *
 * @since 0.1.0
 */
public final class SyncTrigger {

    /** Quartz keeps intervals in milliseconds; anything shorter is surely a mistake. */
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEFAULT_FIRST_RUN_CAP = Duration.ofHours(1);
    private static final int DEFAULT_FULL_EVERY_RUNS = 10;
    private static final Duration DEFAULT_CRON_FULL_AFTER = Duration.ofDays(7);
    private static final Duration DEFAULT_BUSY_RETRY = Duration.ofMinutes(1);

    private final @Nullable Duration interval;
    private final @Nullable String cronExpression;
    private final @Nullable ZoneId zone;
    private final Duration firstRunWithin;
    private final int fullEveryRuns;
    private final Duration fullAfter;
    private final Duration busyRetryAfter;

    private SyncTrigger(@Nullable Duration interval, @Nullable String cronExpression, @Nullable ZoneId zone,
                        Duration firstRunWithin, int fullEveryRuns, Duration fullAfter, Duration busyRetryAfter) {
        this.interval = interval;
        this.cronExpression = cronExpression;
        this.zone = zone;
        this.firstRunWithin = firstRunWithin;
        this.fullEveryRuns = fullEveryRuns;
        this.fullAfter = fullAfter;
        this.busyRetryAfter = busyRetryAfter;
    }

    /**
     * Runs the sync every {@code interval}, the first time within one interval or one hour, whichever is
     * shorter (change it with {@link #firstRunWithin}).
     *
     * @param interval the time from one firing to the next, at least one second
     * @return the trigger
     * @throws IllegalArgumentException if the interval is shorter than one second
     * @throws NullPointerException if the interval is null
     */
    public static SyncTrigger every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("a sync's interval must be at least one second, was " + interval
                    + "; rostersync syncs are meant to run every few minutes or hours");
        }
        Duration first = interval.compareTo(DEFAULT_FIRST_RUN_CAP) < 0 ? interval : DEFAULT_FIRST_RUN_CAP;
        return new SyncTrigger(interval, null, null, first, DEFAULT_FULL_EVERY_RUNS, multiply(interval, DEFAULT_FULL_EVERY_RUNS),
                DEFAULT_BUSY_RETRY);
    }

    /**
     * Runs the sync on a Quartz cron expression (seconds first: <code>"0 0 *&#47;6 * * ?"</code> is every six
     * hours on the hour) in {@code zone}.
     *
     * @param expression a Quartz cron expression that fires at least once more after now
     * @param zone       the time zone the expression is read in
     * @return the trigger
     * @throws IllegalArgumentException if the expression is not a valid Quartz cron expression (the message
     *                                  says where), or never fires again
     * @throws NullPointerException if an argument is null
     */
    public static SyncTrigger cron(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression.trim();
        CronExpression parsed;
        try {
            parsed = new CronExpression(trimmed);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid Quartz cron expression: '" + expression + "' ("
                    + e.getMessage() + " at position " + e.getErrorOffset()
                    + "); Quartz expressions have six or seven fields, seconds first, e.g. \"0 0 */6 * * ?\"", e);
        }
        parsed.setTimeZone(TimeZone.getTimeZone(zone));
        if (parsed.getNextValidTimeAfter(Date.from(Instant.now())) == null) {
            throw new IllegalArgumentException("the cron expression '" + expression + "' never fires again");
        }
        return new SyncTrigger(null, trimmed, zone, Duration.ZERO, DEFAULT_FULL_EVERY_RUNS, DEFAULT_CRON_FULL_AFTER,
                DEFAULT_BUSY_RETRY);
    }

    /**
     * An interval trigger with an engine {@link Schedule}'s interval and cadence of full reads; its first
     * delay becomes the window of the first run (at least a millisecond). The schedule's jitter is not used:
     * Quartz owns the timing.
     *
     * @param schedule the schedule
     * @return the trigger
     * @throws IllegalArgumentException if the schedule's interval is shorter than one second
     */
    public static SyncTrigger of(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return every(schedule.interval()).firstRunWithin(schedule.firstDelay())
                .fullEvery(schedule.fullEveryRuns(), schedule.fullAfter());
    }

    /**
     * This interval trigger with another window for the first run: the sync first fires at a point within
     * {@code [now, now + window)} derived from its id (the same point on every node), so many syncs
     * registered together are spread over the window. Zero fires it at once. Only used when the sync is
     * registered for the first time; a re-registration keeps the existing next firing.
     *
     * @param window how soon the first run comes at the latest; zero or more
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if the window is negative, or this is a cron trigger (the expression
     *                                  says when it first fires)
     */
    public SyncTrigger firstRunWithin(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("the first run's window must not be negative, was " + window);
        }
        if (interval == null) {
            throw new IllegalArgumentException("a cron trigger's expression decides when it first fires; "
                    + "firstRunWithin applies to interval triggers only");
        }
        return new SyncTrigger(interval, null, null, window, fullEveryRuns, fullAfter, busyRetryAfter);
    }

    /**
     * This trigger with another cadence of full reads.
     *
     * @param runs  a full read every this many runs, at least 1 (1 = always full)
     * @param after a full read when the last one started longer ago than this, positive
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if {@code runs} is less than 1 or {@code after} is not positive
     */
    public SyncTrigger fullEvery(int runs, Duration after) {
        Objects.requireNonNull(after, "after");
        if (runs < 1) {
            throw new IllegalArgumentException("fullEveryRuns must be at least 1 (1 = every run reads in full), was " + runs);
        }
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("fullAfter must be positive, was " + after);
        }
        return new SyncTrigger(interval, cronExpression, zone, firstRunWithin, runs, after, busyRetryAfter);
    }

    /**
     * This trigger with another delay before a busy firing is tried again. A firing finds its sync
     * {@link io.rostersync.spi.RunStatus#BUSY BUSY} when the sync's lease is held elsewhere: typically by a node
     * that died during a run, until that lease expires (a recovery firing comes after Quartz notices the dead
     * node, usually before then), or by a run the host started outside Quartz. Such a firing is tried again after
     * this delay, and again, until a run takes place or the sync's next regular firing comes first.
     *
     * @param delay how long after a busy firing it is tried again; at least one second (one minute by default)
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if the delay is shorter than one second
     */
    public SyncTrigger retryBusyAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the busy retry delay must be at least one second, was " + delay);
        }
        return new SyncTrigger(interval, cronExpression, zone, firstRunWithin, fullEveryRuns, fullAfter, delay);
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

    /**
     * How long after a busy firing it is tried again.
     *
     * @return at least one second
     */
    public Duration busyRetryAfter() {
        return busyRetryAfter;
    }

    private static Duration multiply(Duration d, int times) {
        try {
            return d.multipliedBy(times);
        } catch (ArithmeticException e) {
            return d;
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SyncTrigger t && Objects.equals(interval, t.interval)
                && Objects.equals(cronExpression, t.cronExpression) && Objects.equals(zone, t.zone)
                && firstRunWithin.equals(t.firstRunWithin) && fullEveryRuns == t.fullEveryRuns
                && fullAfter.equals(t.fullAfter) && busyRetryAfter.equals(t.busyRetryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, cronExpression, zone, firstRunWithin, fullEveryRuns, fullAfter, busyRetryAfter);
    }

    @Override
    public String toString() {
        String timing = interval != null
                ? "every " + interval + ", first within " + firstRunWithin
                : "cron '" + cronExpression + "' in " + zone;
        return "SyncTrigger[" + timing + ", full every " + fullEveryRuns + " runs or after " + fullAfter
                + ", busy retried after " + busyRetryAfter + "]";
    }
}
