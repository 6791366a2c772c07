package io.rostersync.quartz;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline; a test asserts on what it then sees, never on how long it took. */
public final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every 50 ms until it holds.
     *
     * @param what      the condition, for the failure message
     * @param deadline  how long it may take at most
     * @param condition the condition
     * @throws AssertionError naming {@code what} if it does not hold before the deadline
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        until(what, deadline, Duration.ofMillis(50), condition);
    }

    /**
     * Polls {@code condition} every {@code poll} until it holds.
     *
     * @param what      the condition, for the failure message
     * @param deadline  how long it may take at most
     * @param poll      the pause between polls
     * @param condition the condition
     * @throws AssertionError naming {@code what} if it does not hold before the deadline
     */
    public static void until(String what, Duration deadline, Duration poll, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
