package io.rostersync.engine;

import io.rostersync.model.NativeId;
import java.util.Objects;
import java.util.Set;

/**
 * How to run one sync.
 *
 * @param forceFull     read the whole source even when an incremental read is possible (drift check)
 * @param overrideGuard apply everything even when the deletion guard would refuse or hold it: an explicit
 *                      human decision for this run only
 * @param dryRun        plan and report, write nothing
 * @param release       which deprovisions held by earlier runs to apply now
 * @since 0.1.0
 */
public record RunOptions(boolean forceFull, boolean overrideGuard, boolean dryRun, HeldRelease release) {

    /**
     * Checks the release is present.
     *
     * @param forceFull     read the whole source even when an incremental read is possible (drift check)
     * @param overrideGuard apply everything even when the deletion guard would refuse or hold it: an explicit human decision for this run only
     * @param dryRun        plan and report, write nothing
     * @param release       which deprovisions held by earlier runs to apply now
     * @throws NullPointerException if the release is null
     */
    public RunOptions {
        Objects.requireNonNull(release, "release");
    }

    /**
     * Options that release nothing held earlier.
     *
     * @param forceFull     read the source in full even when an incremental read would do
     * @param overrideGuard apply even if the deletion guard trips
     * @param dryRun        plan and report, write nothing
     */
    public RunOptions(boolean forceFull, boolean overrideGuard, boolean dryRun) {
        this(forceFull, overrideGuard, dryRun, HeldRelease.none());
    }

    /**
     * Incremental when possible, guard on, writes on, nothing released.
     *
     * @return the defaults
     */
    public static RunOptions defaults() {
        return new RunOptions(false, false, false, HeldRelease.none());
    }

    /**
     * These options, reading the source in full.
     *
     * @return new options; these are unchanged
     */
    public RunOptions withForceFull() {
        return new RunOptions(true, overrideGuard, dryRun, release);
    }

    /**
     * These options, applying even if the deletion guard trips (an explicit human decision).
     *
     * @return new options; these are unchanged
     */
    public RunOptions withGuardOverridden() {
        return new RunOptions(forceFull, true, dryRun, release);
    }

    /**
     * These options, planning and reporting without writing anything.
     *
     * @return new options; these are unchanged
     */
    public RunOptions withDryRun() {
        return new RunOptions(forceFull, overrideGuard, true, release);
    }

    /**
     * Applies every deprovision the deletion guard held on earlier runs, if the plan still contains it.
     *
     * @return new options; these are unchanged
     */
    public RunOptions withHeldReleased() {
        return new RunOptions(forceFull, overrideGuard, dryRun, HeldRelease.everything());
    }

    /**
     * Applies the held deprovisions of these target accounts (as {@link io.rostersync.spi.SyncReport#held()} names them), if
     * the plan still contains them; the others stay held.
     *
     * @param targetIds the target accounts, at least one
     * @return new options; these are unchanged
     * @throws IllegalArgumentException when {@code targetIds} is empty
     */
    public RunOptions withHeldReleased(Set<NativeId> targetIds) {
        return new RunOptions(forceFull, overrideGuard, dryRun, HeldRelease.of(targetIds));
    }
}
