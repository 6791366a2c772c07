package io.rostersync.spi;

/**
 * A write came with a lease that is no longer the current one: another runner has taken over. Kind {@link FailureKind#CONFLICT}.
 *
 * @since 0.1.0
 */
public class StaleLeaseException extends ConflictException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a lease that is no longer current; its kind is {@link FailureKind#CONFLICT}.
     *
     * @param lease the lease the write came with
     */
    public StaleLeaseException(Lease lease) {
        super("lease " + lease.fencingToken() + " of sync '" + lease.syncId()
                + "' held by '" + lease.owner() + "' is no longer current");
    }
}
