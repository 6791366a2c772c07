package io.rostersync.testkit;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncReport;
import io.rostersync.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@link SyncListener} that keeps every event, for assertions. Thread-safe. */
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

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized List<ActionOutcome> failures() {
        return List.copyOf(failures);
    }

    public synchronized Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    public synchronized Optional<SyncReport> report() {
        return Optional.ofNullable(report);
    }

    /** The last progress event as {@code done/total}. */
    public synchronized String progress() {
        return lastDone + "/" + lastTotal;
    }
}
