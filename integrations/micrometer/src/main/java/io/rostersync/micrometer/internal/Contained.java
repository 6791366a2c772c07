package io.rostersync.micrometer.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the binder's own work so that it can never break what it measures: whatever it throws (a registry that
 * refuses a meter, a filter that fails) is logged and dropped. The first failure is logged at warn, later ones
 * at debug, so a broken registry does not flood the log with one line per action.
 */
public final class Contained {

    private static final Logger LOG = LoggerFactory.getLogger("io.rostersync.micrometer");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Contained() {
    }

    /** Runs {@code work}; a {@link VirtualMachineError} still propagates, anything else is logged. */
    public static void run(String what, Runnable work) {
        try {
            work.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("rostersync metrics: recording {} failed; the run goes on without it (further failures at debug): {}",
                        what, e.toString());
            } else {
                LOG.debug("rostersync metrics: recording {} failed", what, e);
            }
        }
    }
}
