package io.rostersync.benchmarks.freshness;

import io.rostersync.engine.UserHints;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.UserDirectory;
import java.util.Map;
import java.util.Set;

/**
 * A vendor emulator that publishes user events, and the host's receiving side for them, as the freshness
 * benchmark drives it. Salesforce Change Data Capture is one more implementation: the Salesforce emulator with
 * its Pub/Sub emulator, and the CDC subscriber offering each change's user to the hints.
 */
interface FreshnessSource extends AutoCloseable {

    /** What the benchmark can ask for; a vendor offers those it has. */
    enum Kind { CREATE, RENAME, ROLE_CHANGE, DEACTIVATE, REACTIVATE }

    /** For the printout, e.g. "Zendesk webhooks". */
    String describe();

    Set<Kind> kinds();

    /**
     * Starts the emulator with this latency on every response and seeds it.
     *
     * @return the emails of the in-scope users seeded, active ones
     */
    java.util.List<String> start(java.time.Duration latency, int users, long seed) throws Exception;

    UserDirectory directory();

    SyncPolicy policy();

    /** Starts delivering events to the host's receiving side, which offers each event's user to {@code hints}. */
    void connect(UserHints hints) throws Exception;

    /**
     * Makes one change and returns once the vendor has committed it.
     *
     * @param value the new name (create, rename) or role (role change)
     */
    void apply(Kind kind, String email, String value);

    /** The role a role change gives a user who holds {@code role} now. */
    String otherRole(String role);

    /** The in-scope role of a seeded user, as the host holds it. */
    String role(String email);

    /** Requests the emulator received. */
    int requests();

    /** Requests by endpoint. */
    Map<String, Integer> byEndpoint();

    /** Requests the emulator refused for its rate limit. */
    int rateLimited();

    /** Events sent to the receiving side, and how many it accepted. */
    String events();

    @Override
    void close();
}
