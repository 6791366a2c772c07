package io.rostersync.engine;

import io.rostersync.model.SyncId;

/**
 * The host's way from a sync id to a ready {@link SyncRunner}, used by every scheduler integration (a Quartz
 * job, a db-scheduler task, the Spring starter): jobs carry only the sync id, never credentials, and the host
 * builds the runner (directories, credentials, policy, the shared state store) when the job fires.
 *
 * <p>Called on the engine's worker threads, possibly for many syncs at once: implementations are
 * thread-safe. Building a runner should be cheap; one per call is fine.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface SyncRunnerFactory {

    /**
     * A runner for {@code syncId}.
     *
     * @param syncId the sync the job names
     * @return its runner, built over the host's shared state store
     * @throws UnknownSyncException when the host has no such sync any more (a deleted tenant); adapters log it
     *                              and unschedule that sync
     */
    SyncRunner runnerFor(SyncId syncId);
}
