package io.rostersync.engine;

/**
 * How to run one sync.
 *
 * @param forceFull     read the whole source even when an incremental read is possible (drift check)
 * @param overrideGuard apply even when the deletion guard trips: an explicit human decision
 * @param dryRun        plan and report, write nothing
 */
public record RunOptions(boolean forceFull, boolean overrideGuard, boolean dryRun) {

    /** Incremental when possible, guard on, writes on. */
    public static RunOptions defaults() {
        return new RunOptions(false, false, false);
    }

    public RunOptions withForceFull() {
        return new RunOptions(true, overrideGuard, dryRun);
    }

    public RunOptions withGuardOverridden() {
        return new RunOptions(forceFull, true, dryRun);
    }

    public RunOptions withDryRun() {
        return new RunOptions(forceFull, overrideGuard, true);
    }
}
