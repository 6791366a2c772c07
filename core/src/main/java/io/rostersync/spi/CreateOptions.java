package io.rostersync.spi;

/**
 * How to create an account.
 *
 * @param notifyUser whether the directory should send its welcome or invitation email, where it can
 *                   choose (seed 000 creates profiles silently)
 * @since 0.1.0
 */
public record CreateOptions(boolean notifyUser) {

    /**
     * Creates without the directory's welcome email.
     *
     * @return options with {@code notifyUser} false
     */
    public static CreateOptions silent() {
        return new CreateOptions(false);
    }

    /**
     * Creates and lets the directory send its welcome or invitation email.
     *
     * @return options with {@code notifyUser} true
     */
    public static CreateOptions notifying() {
        return new CreateOptions(true);
    }
}
