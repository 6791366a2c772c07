package io.rostersync.engine;

import io.rostersync.spi.InvalidConfigurationException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * When a host's scheduler (Quartz, db-scheduler, through their rostersync adapters) runs one sync: every
 * {@code interval}, or at the times of a cron expression in a time zone; plus the sync's cadence of full reads,
 * which the engine applies to each run, and how soon a firing that found the sync busy is tried again. One type
 * for every adapter, so a host that moves from one engine to another keeps its triggers.
 *
 * <pre>{@code
 * SyncTrigger.every(Duration.ofHours(6)).firstRunWithin(Duration.ofHours(1)).fullEvery(4, Duration.ofHours(24));
 * SyncTrigger.cron("0 15 2 * * ?", ZoneId.of("Europe/Berlin"));   // 02:15 Berlin time, daily (Quartz syntax)
 * SyncTrigger.of(Schedule.everySixHours());                       // an engine Schedule's interval and cadence
 * }</pre>
 *
 * <h2>Timing</h2>
 * <ul>
 *   <li>Interval: the first run falls within {@link #firstRunWithin()} of the registration, at a point derived
 *       from the sync id (the same on every node, so a thousand tenants registered at once are spread over the
 *       window); then every interval. A sync whose firings were missed while every node was down runs once
 *       when a node is back, never as a burst.</li>
 *   <li>Cron: at the expression's times in its zone. The syntax is the engine's: Quartz reads six or seven
 *       fields (seconds first, {@code ?} for one of the two day fields), db-scheduler six (Spring's syntax, no
 *       year). This class checks what every engine agrees on (not blank, six or seven fields, a zone); the
 *       adapter parses the expression with its engine's own parser when the sync is registered and refuses it
 *       there with an {@link InvalidConfigurationException} that names the expression and what is wrong.</li>
 * </ul>
 * Durations are kept in whole milliseconds (what both engines store): a sub-millisecond part is dropped.
 *
 * <h2>Full reads</h2>
 * Every {@link #fullEveryRuns()}-th run, or the first run after {@link #fullAfter()} without a full one, reads
 * the source in full; the {@code SyncStateStore} keeps the counts, so every node decides the same.
 *
 * <h2>Busy firings</h2>
 * A firing finds its sync {@link io.rostersync.spi.RunStatus#BUSY BUSY} when the sync's lease is held
 * elsewhere: typically by a node that died during a run, until that lease expires, or by a run the host started
 * outside the scheduler. Such a firing is tried again after {@link #busyRetryAfter()}, and again, until a run
 * takes place or the sync's next regular firing comes first.
 *
 * <p>Defaults: the first run of an interval trigger within one interval or one hour, whichever is shorter; a full
 * read every 10 runs or after 10 intervals (a cron trigger: after 7 days); a busy firing tried again after a
 * minute. The scheduler owns the timing, so an engine {@link Schedule}'s jitter does not apply; the spread of
 * first runs takes its place.
 *
 * <p>Immutable and thread-safe; two triggers are equal when every part is, which is how the adapters tell an
 * unchanged registration from a changed one.
 *
 * @since 0.1.0
 */
public final class SyncTrigger {

    private static final Duration MIN_DURATION = Duration.ofMillis(1);
    private static final Duration DEFAULT_FIRST_RUN_CAP = Duration.ofHours(1);
    private static final int DEFAULT_FULL_EVERY_RUNS = 10;
    private static final Duration DEFAULT_CRON_FULL_AFTER = Duration.ofDays(7);
    private static final Duration DEFAULT_BUSY_RETRY = Duration.ofMinutes(1);
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("\\s+");

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
     * Runs the sync every {@code interval}, the first time within one interval or one hour, whichever is shorter
     * (change it with {@link #firstRunWithin}); a full read every 10 runs or after 10 intervals.
     *
     * @param interval the time from one run's due time to the next, at least a millisecond
     * @return the trigger
     * @throws IllegalArgumentException if the interval is shorter than a millisecond
     * @throws NullPointerException if the interval is null
     */
    public static SyncTrigger every(Duration interval) {
        Duration millis = atLeastOneMilli(interval, "interval");
        Duration first = millis.compareTo(DEFAULT_FIRST_RUN_CAP) < 0 ? millis : DEFAULT_FIRST_RUN_CAP;
        return new SyncTrigger(millis, null, null, first, DEFAULT_FULL_EVERY_RUNS,
                times(millis, DEFAULT_FULL_EVERY_RUNS), DEFAULT_BUSY_RETRY);
    }

    /**
     * Runs the sync at the times of a cron expression in {@code zone}; a full read every 10 runs or after 7 days.
     * The expression is in the syntax of the engine the sync is registered with (see the class comment), and
     * that engine's adapter checks it when the sync is registered.
     *
     * @param expression the cron expression, six or seven fields separated by white space (trimmed)
     * @param zone       the time zone its fields are read in
     * @return the trigger
     * @throws InvalidConfigurationException if the expression is blank or does not have six or seven fields
     * @throws NullPointerException if an argument is null
     */
    public static SyncTrigger cron(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidConfigurationException("a sync's cron expression must not be blank; give six or seven "
                    + "fields, seconds first, e.g. \"0 0 */6 * * ?\" for every six hours on the hour");
        }
        int fields = FIELD_SEPARATOR.split(trimmed).length;
        if (fields < 6 || fields > 7) {
            throw new InvalidConfigurationException("cron expression '" + trimmed + "' has " + fields + " field"
                    + (fields == 1 ? "" : "s") + "; rostersync's schedulers read six or seven, seconds first "
                    + "(second minute hour day-of-month month day-of-week [year]), e.g. \"0 0 */6 * * ?\"");
        }
        return new SyncTrigger(null, trimmed, zone, Duration.ZERO, DEFAULT_FULL_EVERY_RUNS, DEFAULT_CRON_FULL_AFTER,
                DEFAULT_BUSY_RETRY);
    }

    /**
     * An interval trigger with an engine {@link Schedule}'s interval and cadence of full reads; its first delay
     * becomes the window of the first run. The schedule's jitter is not used: the scheduler owns the timing.
     *
     * @param schedule the schedule
     * @return the trigger
     * @throws IllegalArgumentException if the schedule's interval is shorter than a millisecond
     * @throws NullPointerException if the schedule is null
     */
    public static SyncTrigger of(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return every(schedule.interval()).firstRunWithin(schedule.firstDelay())
                .fullEvery(schedule.fullEveryRuns(), schedule.fullAfter());
    }

    /**
     * This interval trigger with another window for the first run: the sync first runs at a point within
     * {@code [now, now + window)} derived from its id (the same point on every node). Zero runs it at once.
     * Used when the sync is registered for the first time; a re-registration keeps the next run where the
     * adapter can (see each adapter's {@code register}).
     *
     * @param window how soon the first run comes at the latest; zero or more
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if the window is negative, or this is a cron trigger (the expression says
     *                                  when it first runs)
     * @throws NullPointerException if the window is null
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
        return new SyncTrigger(interval, null, null, Duration.ofMillis(window.toMillis()), fullEveryRuns, fullAfter,
                busyRetryAfter);
    }

    /**
     * This trigger with another cadence of full reads.
     *
     * @param runs  a full read every this many runs, at least 1 (1 = every run reads in full)
     * @param after a full read when the last one started longer ago than this, at least a millisecond
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if {@code runs} is less than 1 or {@code after} is shorter than a
     *                                  millisecond
     * @throws NullPointerException if {@code after} is null
     */
    public SyncTrigger fullEvery(int runs, Duration after) {
        Duration millis = atLeastOneMilli(after, "fullAfter");
        if (runs < 1) {
            throw new IllegalArgumentException("fullEveryRuns must be at least 1 (1 = every run reads in full), was "
                    + runs);
        }
        return new SyncTrigger(interval, cronExpression, zone, firstRunWithin, runs, millis, busyRetryAfter);
    }

    /**
     * This trigger with another delay before a firing that found the sync busy is tried again (see the class
     * comment), never later than the sync's next regular firing.
     *
     * @param delay how long after a busy firing it is tried again; at least a millisecond (one minute by default)
     * @return a new trigger; this one is unchanged
     * @throws IllegalArgumentException if the delay is shorter than a millisecond
     * @throws NullPointerException if the delay is null
     */
    public SyncTrigger retryBusyAfter(Duration delay) {
        Duration millis = atLeastOneMilli(delay, "busy retry delay");
        return new SyncTrigger(interval, cronExpression, zone, firstRunWithin, fullEveryRuns, fullAfter, millis);
    }

    /**
     * The interval of an interval trigger.
     *
     * @return the interval, whole milliseconds; empty for a cron trigger
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
     * @return the window, whole milliseconds; zero for a cron trigger
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
     * @return at least a millisecond, whole milliseconds
     */
    public Duration fullAfter() {
        return fullAfter;
    }

    /**
     * How long after a busy firing it is tried again.
     *
     * @return at least a millisecond, whole milliseconds
     */
    public Duration busyRetryAfter() {
        return busyRetryAfter;
    }

    private static Duration atLeastOneMilli(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException(what + " must be at least a millisecond (the schedulers keep times in "
                    + "milliseconds), was " + value);
        }
        return Duration.ofMillis(value.toMillis());
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
