package io.rostersync.spring.boot.internal;

import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.spring.boot.SyncDefinition;
import org.quartz.Scheduler;

/** Puts the registry in the application's Quartz and registers every sync there. */
public final class QuartzRegistration {

    private QuartzRegistration() {
    }

    /**
     * Installs {@code syncs} as the scheduler's runner factory and registers each sync (idempotent).
     *
     * @param scheduler the application's scheduler, not started yet
     * @param syncs     the registry
     * @return the registration API
     */
    public static QuartzSyncs register(Scheduler scheduler, RosterSyncs syncs) {
        QuartzSyncs quartz = QuartzSyncs.install(scheduler, syncs);
        for (SyncDefinition sync : syncs.definitions()) {
            quartz.register(sync.id(), sync.trigger());
        }
        return quartz;
    }
}
