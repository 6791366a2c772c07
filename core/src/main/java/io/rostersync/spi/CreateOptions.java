package io.rostersync.spi;

/**
 * How to create an account.
 *
 * @param notifyUser whether the directory should send its welcome or invitation email, where it can
 *                   choose (seed 000 creates profiles silently)
 */
public record CreateOptions(boolean notifyUser) {

    public static CreateOptions silent() {
        return new CreateOptions(false);
    }

    public static CreateOptions notifying() {
        return new CreateOptions(true);
    }
}
