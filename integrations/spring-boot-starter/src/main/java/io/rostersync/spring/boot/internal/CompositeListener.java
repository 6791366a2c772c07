package io.rostersync.spring.boot.internal;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.SyncListener;
import io.rostersync.plan.Plan;
import io.rostersync.spi.SyncReport;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's listener beans as one; one that throws never keeps an event from the others. */
public final class CompositeListener implements SyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeListener.class);

    private final List<SyncListener> listeners;

    private CompositeListener(List<SyncListener> listeners) {
        this.listeners = listeners;
    }

    /**
     * The listeners as one.
     *
     * @param listeners the host's listeners, in order
     * @return {@link SyncListener#none()} for none, the listener itself for one, else a composite
     */
    public static SyncListener of(List<SyncListener> listeners) {
        if (listeners.isEmpty()) {
            return SyncListener.none();
        }
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        return new CompositeListener(List.copyOf(listeners));
    }

    private void each(String event, Consumer<SyncListener> call) {
        for (SyncListener l : listeners) {
            try {
                call.accept(l);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("sync listener {} threw on {}; ignoring: {}", l.getClass().getName(), event, e.toString());
            }
        }
    }

    @Override
    public void sourceRead(int count) {
        each("sourceRead", l -> l.sourceRead(count));
    }

    @Override
    public void targetRead(int count) {
        each("targetRead", l -> l.targetRead(count));
    }

    @Override
    public void planned(Plan plan) {
        each("planned", l -> l.planned(plan));
    }

    @Override
    public void applied(int done, int total, ActionOutcome outcome) {
        each("applied", l -> l.applied(done, total, outcome));
    }

    @Override
    public void failed(ActionOutcome outcome) {
        each("failed", l -> l.failed(outcome));
    }

    @Override
    public void finished(SyncReport report) {
        each("finished", l -> l.finished(report));
    }
}
