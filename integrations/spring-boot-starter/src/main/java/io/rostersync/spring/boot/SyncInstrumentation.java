package io.rostersync.spring.boot;

import io.rostersync.engine.SyncListener;
import io.rostersync.model.SyncId;
import io.rostersync.spi.LicensePool;

/**
 * Decorates what each runner of {@link RosterSyncs} gets: its listener and its licence pools. The starter
 * declares one for Micrometer when a {@code MeterRegistry} is present; a host may declare beans of its own
 * (tracing, auditing). Applied in bean order, each wrapping what the previous one returned.
 *
 * <p>Called whenever a runner is built (once per scheduled run under Quartz), possibly on several threads at
 * once: implementations are thread-safe and cheap.
 *
 * @since 0.2.0
 */
public interface SyncInstrumentation {

    /**
     * The listener to give the runner of {@code syncId}.
     *
     * @param syncId the sync
     * @param next   the listener so far (the host's {@code SyncListener} beans), which the result must call
     * @return {@code next}, or a listener that records each event and passes it on to {@code next}
     */
    default SyncListener listener(SyncId syncId, SyncListener next) {
        return next;
    }

    /**
     * The pool to give the runner of {@code syncId}.
     *
     * @param syncId the sync
     * @param pool   the pool so far
     * @return {@code pool}, or a pool that delegates every call to it
     */
    default LicensePool licensePool(SyncId syncId, LicensePool pool) {
        return pool;
    }
}
