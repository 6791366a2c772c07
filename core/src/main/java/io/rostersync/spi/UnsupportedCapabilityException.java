package io.rostersync.spi;

/** Thrown when an operation is called on a directory that does not declare the capability for it. */
public class UnsupportedCapabilityException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    public UnsupportedCapabilityException(String directory, Capability capability) {
        super(FailureKind.UNSUPPORTED, directory + " does not support " + capability);
    }
}
