package io.rostersync.spring.boot.internal;

import io.rostersync.engine.SyncScheduler;
import io.rostersync.model.SyncId;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.spring.boot.SyncDefinition;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/** Schedules every sync on the in-process scheduler once the context has started; unschedules on stop. */
public final class InProcessSyncs implements SmartLifecycle {

    private final SyncScheduler scheduler;
    private final RosterSyncs syncs;
    private final List<SyncId> scheduled = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param scheduler the in-process scheduler
     * @param syncs     the syncs to schedule
     */
    public InProcessSyncs(SyncScheduler scheduler, RosterSyncs syncs) {
        this.scheduler = scheduler;
        this.syncs = syncs;
    }

    @Override
    public synchronized void start() {
        for (SyncDefinition sync : syncs.definitions()) {
            scheduler.schedule(syncs.runnerFor(sync.id()), sync.schedule(), report -> { });
            scheduled.add(sync.id());
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(scheduler::unschedule);
        scheduled.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The syncs scheduled now.
     *
     * @return their ids
     */
    public synchronized List<SyncId> scheduled() {
        return List.copyOf(scheduled);
    }
}
