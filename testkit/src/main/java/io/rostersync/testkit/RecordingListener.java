package io.rostersync.testkit;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.plan.Plan;
import io.rostersync.spi.SyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SyncListener} that keeps every event, for assertions. Thread-safe.
 *
 * @since 0.1.0
 */
public final class RecordingListener implements SyncListener {

    private final List<String> events = new ArrayList<>();
    private final List<ActionOutcome> failures = new ArrayList<>();
    private @Nullable Plan plan;
    private @Nullable SyncReport report;
    private int lastDone;
    private int lastTotal;

    @Override
    public synchronized void sourceRead(int count) {
        events.add("source-read " + count);
    }

    @Override
    public synchronized void targetRead(int count) {
        events.add("target-read " + count);
    }

    @Override
    public synchronized void planned(Plan p) {
        plan = p;
        events.add("planned " + p.actions().size());
    }

    @Override
    public synchronized void applied(int done, int total, ActionOutcome outcome) {
        lastDone = done;
        lastTotal = total;
        events.add("applied " + done + "/" + total);
    }

    @Override
    public synchronized void failed(ActionOutcome outcome) {
        failures.add(outcome);
        events.add("failed " + outcome.action().kind() + " " + outcome.action().user().label());
    }

    @Override
    public synchronized void finished(SyncReport r) {
        report = r;
        events.add("finished " + r.status());
    }

    /**
     * Every event so far, such as {@code "planned 3"} or {@code "finished SUCCESS"}, in order.
     *
     * @return an unmodifiable snapshot
     */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /**
     * Every failed or skipped outcome so far, in order.
     *
     * @return an unmodifiable snapshot
     */
    public synchronized List<ActionOutcome> failures() {
        return List.copyOf(failures);
    }

    /**
     * The plan, once the run has planned.
     *
     * @return the plan, or empty before
     */
    public synchronized Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    /**
     * The report, once the run has finished.
     *
     * @return the report, or empty before
     */
    public synchronized Optional<SyncReport> report() {
        return Optional.ofNullable(report);
    }

    /**
     * The last progress event as {@code done/total}.
     *
     * @return for example {@code "3/5"}; {@code "0/0"} before any action
     */
    public synchronized String progress() {
        return lastDone + "/" + lastTotal;
    }
}
