package io.rostersync.spi;

/** A write came with a lease that is no longer the current one: another runner has taken over. Kind {@link FailureKind#CONFLICT}. */
public class StaleLeaseException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public StaleLeaseException(Lease lease) {
        super("lease " + lease.fencingToken() + " of sync '" + lease.syncId()
                + "' held by '" + lease.owner() + "' is no longer current");
    }
}
