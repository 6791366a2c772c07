package io.rostersync.micrometer.internal;

import io.micrometer.core.instrument.Tags;
import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.model.SyncId;
import io.rostersync.plan.Plan;
import io.rostersync.spi.SyncReport;
import java.util.Objects;

/**
 * The listener of one sync: records each event in the meters (contained, so a failure there never reaches the
 * run), then passes it to the host's listener unchanged. What the host's listener throws goes to the runner,
 * which logs and ignores it as it does for any listener.
 */
public final class MeteredSyncListener implements SyncListener {

    private final Meters meters;
    private final SyncId sync;
    private final Tags base;
    private final SyncListener host;

    public MeteredSyncListener(Meters meters, SyncId sync, Tags base, SyncListener host) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.sync = Objects.requireNonNull(sync, "syncId");
        this.base = Objects.requireNonNull(base, "base");
        this.host = Objects.requireNonNull(host, "listener");
    }

    @Override
    public void sourceRead(int count) {
        host.sourceRead(count);
    }

    @Override
    public void targetRead(int count) {
        host.targetRead(count);
    }

    @Override
    public void planned(Plan plan) {
        host.planned(plan);
    }

    @Override
    public void applied(int done, int total, ActionOutcome outcome) {
        Contained.run("an action", () -> meters.action(base, outcome));
        host.applied(done, total, outcome);
    }

    @Override
    public void failed(ActionOutcome outcome) {
        host.failed(outcome);
    }

    @Override
    public void finished(SyncReport report) {
        Contained.run("a finished run", () -> meters.finished(sync, base, report));
        host.finished(report);
    }

    @Override
    public String toString() {
        return "metered listener of sync " + sync.value() + " then " + host;
    }
}
