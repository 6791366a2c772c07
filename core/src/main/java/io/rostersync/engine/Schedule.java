package io.rostersync.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;

/**
 * When a sync runs: a first run after {@code firstDelay} (seed 002: within an hour of enabling), then
 * every {@code interval} (every 6 hours), each delay stretched by up to {@code jitter} of itself so that
 * many tenants' syncs do not hit a vendor at the same second. Runs are incremental where possible; every
 * {@code fullEveryRuns}-th run, or the first run after {@code fullAfter} without a full one, reads
 * everything to catch drift.
 *
 * <p>The run counts and due times are kept by the state store ({@link io.rostersync.spi.ScheduleState}), not
 * by whoever fires the runs: {@link SyncRunner#runScheduled(Schedule)} and {@link SyncRunner#runIfDue(Schedule)}
 * read them under the sync's lease and record each run, so a schedule gives the same answers on every node
 * and after a restart. A scheduled run's next due time is the due time it served plus {@code interval}, plus a
 * jitter derived from the sync id and that due time (the same on every node).
 *
 * @param firstDelay    delay before the first run, zero or more
 * @param interval      time from one due time to the next, positive
 * @param jitter        extra delay as a fraction of each delay, in [0, 1]
 * @param fullEveryRuns a full reconciliation every this many runs (1 = always full)
 * @param fullAfter     a full reconciliation when the last full one is older than this
 * @since 0.1.0
 */
public record Schedule(Duration firstDelay, Duration interval, double jitter, int fullEveryRuns, Duration fullAfter) {

    /**
     * Checks the parts.
     *
     * @param firstDelay    delay before the first run, zero or more
     * @param interval      time from one due time to the next, positive
     * @param jitter        extra random delay as a fraction of each delay, in [0, 1]
     * @param fullEveryRuns a full reconciliation every this many runs (1 = always full)
     * @param fullAfter     a full reconciliation when the last full one is older than this
     * @throws IllegalArgumentException if a duration is out of range, the jitter is outside [0, 1] or
     *                                  {@code fullEveryRuns} is less than 1
     * @throws NullPointerException if a duration is null
     */
    public Schedule {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(fullAfter, "fullAfter");
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("first delay must not be negative");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within [0, 1]");
        }
        if (fullEveryRuns < 1) {
            throw new IllegalArgumentException("fullEveryRuns must be at least 1");
        }
        if (fullAfter.isNegative() || fullAfter.isZero()) {
            throw new IllegalArgumentException("fullAfter must be positive");
        }
    }

    /**
     * Seed 002's cadence: first run within an hour, then every 6 hours, a full read at least daily.
     *
     * @return the schedule
     */
    public static Schedule everySixHours() {
        return new Schedule(Duration.ofMinutes(5), Duration.ofHours(6), 0.1, 4, Duration.ofHours(24));
    }

    /**
     * Runs at a fixed interval from now, without jitter, a full read every 10 runs.
     *
     * @param interval the time between runs, positive
     * @return the schedule
     */
    public static Schedule every(Duration interval) {
        return new Schedule(Duration.ZERO, interval, 0.0, 10, interval.multipliedBy(10));
    }

    /**
     * This schedule with another delay before the first run.
     *
     * @param value the delay, not negative
     * @return a new schedule; this one is unchanged
     */
    public Schedule withFirstDelay(Duration value) {
        return new Schedule(value, interval, jitter, fullEveryRuns, fullAfter);
    }

    /**
     * This schedule with another jitter.
     *
     * @param value the fraction of the interval added or taken at random, in [0, 1]
     * @return a new schedule; this one is unchanged
     */
    public Schedule withJitter(double value) {
        return new Schedule(firstDelay, interval, value, fullEveryRuns, fullAfter);
    }

    /**
     * This schedule with another cadence of full reads.
     *
     * @param runs  a full read every this many runs, at least 1
     * @param after a full read when the last one is older than this, positive
     * @return a new schedule; this one is unchanged
     */
    public Schedule withFullEvery(int runs, Duration after) {
        return new Schedule(firstDelay, interval, jitter, runs, after);
    }

    /**
     * The delay before run number {@code runIndex} (0 = the first), jittered with {@code random}.
     *
     * @param runIndex the run's number, from 0
     * @param random   the source of the jitter
     * @return the delay, not negative
     */
    public Duration delayBefore(long runIndex, Random random) {
        Duration base = runIndex == 0 ? firstDelay : interval;
        if (jitter == 0 || base.isZero()) {
            return base;
        }
        long extra = (long) (base.toMillis() * jitter * random.nextDouble());
        return base.plusMillis(extra);
    }

    /**
     * Whether the next run should read everything.
     *
     * @param runsSinceFull runs since the last full one (0 when there was none yet counts as due)
     * @param lastFull      when the last full run started, if any
     * @param now           the current time
     * @return {@code true} when the next run should read the source in full
     */
    public boolean fullDue(int runsSinceFull, java.util.Optional<Instant> lastFull, Instant now) {
        if (lastFull.isEmpty() || runsSinceFull + 1 >= fullEveryRuns) {
            return true;
        }
        return !now.isBefore(lastFull.get().plus(fullAfter));
    }
}
