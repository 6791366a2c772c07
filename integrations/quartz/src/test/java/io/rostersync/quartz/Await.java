package io.rostersync.quartz;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline; a test asserts on what it then sees, never on how long it took. */
final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} every 50 ms until it holds.
     *
     * @throws AssertionError naming {@code what} if it does not hold before the deadline
     */
    static void until(String what, Duration deadline, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
