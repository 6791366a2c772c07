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
 */
public record RunOptions(boolean forceFull, boolean overrideGuard, boolean dryRun, HeldRelease release) {

    public RunOptions {
        Objects.requireNonNull(release, "release");
    }

    public RunOptions(boolean forceFull, boolean overrideGuard, boolean dryRun) {
        this(forceFull, overrideGuard, dryRun, HeldRelease.none());
    }

    /** Incremental when possible, guard on, writes on, nothing released. */
    public static RunOptions defaults() {
        return new RunOptions(false, false, false, HeldRelease.none());
    }

    public RunOptions withForceFull() {
        return new RunOptions(true, overrideGuard, dryRun, release);
    }

    public RunOptions withGuardOverridden() {
        return new RunOptions(forceFull, true, dryRun, release);
    }

    public RunOptions withDryRun() {
        return new RunOptions(forceFull, overrideGuard, true, release);
    }

    /** Applies every deprovision the deletion guard held on earlier runs, if the plan still contains it. */
    public RunOptions withHeldReleased() {
        return new RunOptions(forceFull, overrideGuard, dryRun, HeldRelease.everything());
    }

    /**
     * Applies the held deprovisions of these target accounts (as {@link io.rostersync.spi.SyncReport#held()} names them), if
     * the plan still contains them; the others stay held.
     *
     * @throws IllegalArgumentException when {@code targetIds} is empty
     */
    public RunOptions withHeldReleased(Set<NativeId> targetIds) {
        return new RunOptions(forceFull, overrideGuard, dryRun, HeldRelease.of(targetIds));
    }
}
