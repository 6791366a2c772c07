package io.rostersync.salesforce;

/**
 * Told the org's daily API usage after every call that reported it, for dashboards and alerts. Called on
 * the thread that made the call; must be quick and must not throw (a listener that throws is logged and
 * ignored).
 */
@FunctionalInterface
public interface ApiUsageListener {

    void usage(ApiUsage usage);

    static ApiUsageListener none() {
        return u -> {
        };
    }
}
