package io.rostersync.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a sync last ran and when it is next due, kept by the {@link SyncStateStore} so that every node and
 * every restart decides the same: whether the next run reads in full, and whether it is due yet. The engine
 * writes it under the run's lease after the run's report is saved ({@code SyncRunner.runScheduled} and
 * {@code runIfDue}); a host reads it through {@code SyncRunner.scheduleState()} or the store.
 *
 * @param lastFullRun        when the last finished full run started; empty when none finished yet
 * @param lastIncrementalRun when the last finished incremental run started; empty when none finished yet
 * @param runsSinceFull      finished runs since the last full one, zero or more
 * @param nextDue            when the sync is next due; empty means due now (nothing ran yet, or the host's
 *                           own engine owns the timing and recorded none)
 * @since 0.2.0
 */
public record ScheduleState(Optional<Instant> lastFullRun, Optional<Instant> lastIncrementalRun, int runsSinceFull,
                            Optional<Instant> nextDue) {

    private static final ScheduleState NEVER = new ScheduleState(Optional.empty(), Optional.empty(), 0, Optional.empty());

    /**
     * Checks the parts.
     *
     * @param lastFullRun        when the last finished full run started, or empty
     * @param lastIncrementalRun when the last finished incremental run started, or empty
     * @param runsSinceFull      finished runs since the last full one, zero or more
     * @param nextDue            when the sync is next due, or empty for due now
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException if {@code runsSinceFull} is negative
     */
    public ScheduleState {
        Objects.requireNonNull(lastFullRun, "lastFullRun");
        Objects.requireNonNull(lastIncrementalRun, "lastIncrementalRun");
        Objects.requireNonNull(nextDue, "nextDue");
        if (runsSinceFull < 0) {
            throw new IllegalArgumentException("runsSinceFull must not be negative, was " + runsSinceFull);
        }
    }

    /**
     * The state of a sync that never recorded a run: nothing ran, no run counted, due now.
     *
     * @return the empty state
     */
    public static ScheduleState never() {
        return NEVER;
    }

    /**
     * Whether the sync is due at {@code now}: no next due time is stored, or it is not after {@code now}.
     *
     * @param now the caller's clock reading
     * @return {@code true} when a run is due
     */
    public boolean isDue(Instant now) {
        Objects.requireNonNull(now, "now");
        return nextDue.isEmpty() || !nextDue.get().isAfter(now);
    }

    /**
     * This state with another next due time.
     *
     * @param value when the sync is next due, or empty for due now
     * @return a new state; this one is unchanged
     */
    public ScheduleState withNextDue(Optional<Instant> value) {
        return new ScheduleState(lastFullRun, lastIncrementalRun, runsSinceFull, value);
    }
}
