package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run does with the stored {@link ScheduleState}: whether it runs at all (only when due), whether it
 * reads in full, and what it records afterwards. Pure: the runner reads the state under the lease, asks
 * this class, and writes the answer under the same lease.
 *
 * <p>The rules, identical on every node because they depend only on the stored state, the schedule, the
 * sync id and the run's report:
 * <ul>
 *   <li>A run that finished (any status but FAILED and BUSY) counts: a FULL one sets {@code lastFullRun} to
 *       its start and resets {@code runsSinceFull} to 0; an INCREMENTAL one sets {@code lastIncrementalRun}
 *       and adds one to {@code runsSinceFull}.</li>
 *   <li>A FAILED run counts as neither (a failed full run is not the full run it tried to be), but a
 *       scheduled one still advances {@code nextDue}, so a failing sync is retried on its interval and not on
 *       every poll of a host that polls often.</li>
 *   <li>A BUSY run and a dry run record nothing.</li>
 *   <li>A scheduled run's {@code nextDue} is the engine's own next fire time when the host gave one;
 *       otherwise the due time the run served plus the interval plus the jitter. The run served the stored
 *       {@code nextDue} when that lies between one interval before the run's start and its start, else the
 *       start itself: a node that was down for a day runs once and continues from now instead of catching
 *       up on every missed firing, and a run made early (by hand) restarts the cadence from its start.</li>
 *   <li>The jitter is a fraction, up to the schedule's {@code jitter}, of the interval, derived from the
 *       sync id and the due time served (which numbers the firing), so every node computes the same
 *       {@code nextDue} for the same firing and tenants do not all fire in the same second.</li>
 *   <li>A run that is not scheduled ({@code SyncRunner.run}) records its counts but keeps the stored
 *       {@code nextDue}: a full run made by hand postpones the next forced full read.</li>
 * </ul>
 */
final class ScheduledRuns {

    private final Optional<Schedule> schedule;
    private final Optional<Instant> engineNextDue;
    private final boolean onlyIfDue;

    private ScheduledRuns(Optional<Schedule> schedule, Optional<Instant> engineNextDue, boolean onlyIfDue) {
        this.schedule = schedule;
        this.engineNextDue = engineNextDue;
        this.onlyIfDue = onlyIfDue;
    }

    /** A run the host asked for directly: counts are recorded, nextDue is kept. */
    static ScheduledRuns unscheduled() {
        return new ScheduledRuns(Optional.empty(), Optional.empty(), false);
    }

    /** A scheduled run, now; nextDue from the schedule. */
    static ScheduledRuns scheduled(Schedule schedule) {
        return new ScheduledRuns(Optional.of(Objects.requireNonNull(schedule, "schedule")), Optional.empty(), false);
    }

    /** A scheduled run whose engine fires it next at {@code nextDue}. */
    static ScheduledRuns scheduled(Schedule schedule, Instant nextDue) {
        return new ScheduledRuns(Optional.of(Objects.requireNonNull(schedule, "schedule")),
                Optional.of(Objects.requireNonNull(nextDue, "nextDue")), false);
    }

    /** A scheduled run that happens only when the stored state says the sync is due. */
    static ScheduledRuns ifDue(Schedule schedule) {
        return new ScheduledRuns(Optional.of(Objects.requireNonNull(schedule, "schedule")), Optional.empty(), true);
    }

    /** Whether the run needs the stored state before it starts (to decide the read mode or due-ness). */
    boolean isScheduled() {
        return schedule.isPresent();
    }

    /** Whether the run happens only when due (and a busy lease means no report at all). */
    boolean onlyIfDue() {
        return onlyIfDue;
    }

    /** Whether a run with this stored state may start at {@code now}. */
    boolean mayRun(ScheduleState stored, Instant now) {
        return !onlyIfDue || stored.isDue(now);
    }

    /** The options of a scheduled run: full when the schedule says a full read is due. */
    RunOptions options(RunOptions base, ScheduleState stored, Instant now) {
        if (schedule.isPresent() && schedule.get().fullDue(stored.runsSinceFull(), stored.lastFullRun(), now)) {
            return base.withForceFull();
        }
        return base;
    }

    /**
     * The state to store after a run, or empty when the run records nothing.
     *
     * @param syncId  the sync
     * @param stored  the state read under the run's lease
     * @param report  the run's report
     * @param dryRun  whether the run was a dry run
     */
    Optional<ScheduleState> after(SyncId syncId, ScheduleState stored, SyncReport report, boolean dryRun) {
        if (dryRun || report.status() == RunStatus.BUSY) {
            return Optional.empty();
        }
        Instant started = report.startedAt();
        Optional<Instant> nextDue = schedule.map(s -> engineNextDue.orElseGet(() -> nextDue(syncId, s, stored.nextDue(), started)))
                .or(stored::nextDue);
        if (report.status() == RunStatus.FAILED) {
            return schedule.isPresent() ? Optional.of(stored.withNextDue(nextDue)) : Optional.empty();
        }
        if (report.mode() == PlanMode.FULL) {
            return Optional.of(new ScheduleState(Optional.of(started), stored.lastIncrementalRun(), 0, nextDue));
        }
        int runs = stored.runsSinceFull() == Integer.MAX_VALUE ? Integer.MAX_VALUE : stored.runsSinceFull() + 1;
        return Optional.of(new ScheduleState(stored.lastFullRun(), Optional.of(started), runs, nextDue));
    }

    /** The due time a run starting at {@code started} served (see the class comment). */
    static Instant served(Optional<Instant> storedNextDue, Duration interval, Instant started) {
        if (storedNextDue.isPresent()) {
            Instant due = storedNextDue.get();
            if (!due.isAfter(started) && !due.isBefore(started.minus(interval))) {
                return due;
            }
        }
        return started;
    }

    /** The next due time after a run starting at {@code started}: served + interval + jitter. */
    static Instant nextDue(SyncId syncId, Schedule schedule, Optional<Instant> storedNextDue, Instant started) {
        Instant served = served(storedNextDue, schedule.interval(), started);
        return served.plus(schedule.interval()).plus(jitter(syncId, schedule, served));
    }

    /**
     * Up to {@code schedule.jitter()} of the interval, the same on every node for one sync and one firing:
     * a fraction in [0, 1) mixed from the sync id's hash (fixed by the Java language) and the served time.
     */
    static Duration jitter(SyncId syncId, Schedule schedule, Instant served) {
        if (schedule.jitter() == 0) {
            return Duration.ZERO;
        }
        long h = syncId.value().hashCode() * 0x9E3779B97F4A7C15L ^ served.toEpochMilli();
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h = h ^ (h >>> 31);
        double fraction = (h >>> 11) * 0x1.0p-53;
        return Duration.ofMillis((long) (schedule.interval().toMillis() * schedule.jitter() * fraction));
    }
}
