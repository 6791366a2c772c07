package io.rostersync.quartz;

import io.rostersync.spi.TransientException;
import org.quartz.SchedulerException;

/**
 * A call to the host's Quartz scheduler failed: its job store could not be reached, or the scheduler was
 * shut down. The cause is Quartz's {@link SchedulerException}. Registering and unregistering are
 * idempotent, so retrying the call is safe.
 *
 * @since 0.1.0
 */
public class QuartzSyncException extends TransientException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for a failed scheduler call.
     *
     * @param message what was being done, without credentials
     * @param cause   Quartz's exception
     */
    public QuartzSyncException(String message, SchedulerException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
