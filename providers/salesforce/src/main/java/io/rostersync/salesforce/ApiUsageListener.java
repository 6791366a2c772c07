package io.rostersync.salesforce;

/**
 * Told the org's daily API usage after every call that reported it, for dashboards and alerts. Called on
 * the thread that made the call; must be quick and must not throw (a listener that throws is logged and
 * ignored).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ApiUsageListener {

    /**
     * Receives the usage one response reported.
     *
     * @param usage the usage the response reported
     */
    void usage(ApiUsage usage);

    /**
     * A listener that ignores every report; the default.
     *
     * @return a listener that does nothing
     */
    static ApiUsageListener none() {
        return u -> {
        };
    }
}
