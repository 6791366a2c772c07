package io.rostersync.spring.boot.internal;

import io.rostersync.engine.SyncListener;
import io.rostersync.micrometer.RosterSyncMetrics;
import io.rostersync.model.SyncId;
import io.rostersync.spi.LicensePool;
import io.rostersync.spring.boot.SyncInstrumentation;

/** Every runner's listener and pools through the Micrometer binder. */
public final class MetricsInstrumentation implements SyncInstrumentation {

    private final RosterSyncMetrics metrics;

    /**
     * @param metrics the binder
     */
    public MetricsInstrumentation(RosterSyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public SyncListener listener(SyncId syncId, SyncListener next) {
        return metrics.listener(syncId, next);
    }

    @Override
    public LicensePool licensePool(SyncId syncId, LicensePool pool) {
        return metrics.licensePool(syncId, pool);
    }

    @Override
    public String toString() {
        return "MetricsInstrumentation[" + metrics + "]";
    }
}
