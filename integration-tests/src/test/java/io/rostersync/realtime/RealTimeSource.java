package io.rostersync.realtime;

import io.rostersync.model.NativeId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A vendor that publishes user events, as {@link RealTimeChaosHarness} drives it: its emulator and the host's
 * receiving side for its events (a webhook endpoint, a change-event subscriber), on one manual clock. The
 * harness makes changes through {@link #apply}, asks for the events to be delivered with chaos, flushes the
 * hints into named syncs, runs the scheduled run, and compares the host with {@link #expected()}.
 *
 * <p>A second source (Salesforce CDC through the Pub/Sub API) is one class implementing this: map the kinds it
 * has onto the emulator, the chaos onto its stream (a gap or overflow event for a drop, a re-subscription from an
 * older replay id for a replay, a change whose {@code changeOrigin} is our own client, ...), and the events onto
 * hints.
 */
interface RealTimeSource extends AutoCloseable {

    /** Short name for the table, e.g. {@code "zendesk webhooks"}. */
    String name();

    /** The kinds of change this vendor has. */
    Set<RealTimeChange.Kind> kinds();

    /** The chaos this transport can show, as row names (e.g. "forged (bad signature)"); for the report. */
    List<String> describe(RealTimeChaos chaos);

    /** Starts the emulator and the receiving side on this clock; the receiving side then hands each accepted event's user to {@code hints}. */
    void start(ManualClock clock, Consumer<NativeId> hints);

    /**
     * Seeds in-scope users.
     *
     * @return their emails
     */
    List<String> seed(int users, long seed);

    /** The source directory of the sync (read-only is enough). */
    UserDirectory directory();

    /** The sync's policy: scope, matcher, ownership (names and roles owned), a guard loose enough for the test. */
    SyncPolicy policy();

    /** Sets the chaos for the events of the changes made from now on. */
    void chaos(RealTimeChaos chaos, long seed);

    /** Makes one change in the vendor. */
    void apply(RealTimeChange change);

    /**
     * Sends what is due: with {@code releaseHeld} the events held in transit so far, with {@code replay} the
     * deliveries kept for replaying; then waits until everything sent has been received and answered. The
     * events of changes made since the last call are due anyway (unless dropped or held).
     */
    void deliver(boolean releaseHeld, boolean replay) throws InterruptedException;

    /** Counts what the transport and the receiving side did with every event so far (a fresh tally each call). */
    void count(RealTimeTally tally);

    /** What the vendor holds now, by email, for every user the sync has a say on (in scope or deprovisioned). */
    Map<String, RealTimeExpected> expected();

    @Override
    void close();
}
