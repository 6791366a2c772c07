package io.rostersync.spi;

/**
 * Thrown when an operation is called on a directory that does not declare the capability for it.
 *
 * @since 0.1.0
 */
public class UnsupportedCapabilityException extends RosterSyncException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for one directory and one capability; its kind is {@link FailureKind#UNSUPPORTED}.
     *
     * @param directory  the directory's name, as in its logs and reports
     * @param capability the capability it does not declare
     */
    public UnsupportedCapabilityException(String directory, Capability capability) {
        super(FailureKind.UNSUPPORTED, directory + " does not support " + capability);
    }
}
