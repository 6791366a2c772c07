package io.rostersync.jdbc.nodes;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition, polling it until a deadline: the one wait of the scheduler and quota tests. A test
 * asserts on what it then sees, never on how long it took; the deadline only bounds a test that would otherwise
 * hang, so it is generous.
 */
public final class Await {

    /** The pause between polls unless one is given: short next to any condition these tests wait for. */
    public static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Polls {@code condition} every {@link #POLL} until it holds.
     *
     * @param what      the condition, for the failure message
     * @param deadline  how long it may take at most
     * @param condition the condition
     * @throws AssertionError naming {@code what} if it does not hold before the deadline
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        until(what, deadline, POLL, condition);
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
        value(what, deadline, poll, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Polls {@code probe} every {@link #POLL} until it gives a value.
     *
     * @param what     what is awaited, for the failure message
     * @param deadline how long it may take at most
     * @param probe    gives the value once there is one
     * @param <T>      the value's type
     * @return the value
     * @throws AssertionError naming {@code what} if no value came before the deadline
     */
    public static <T> T value(String what, Duration deadline, Supplier<Optional<T>> probe) {
        return value(what, deadline, POLL, probe);
    }

    private static <T> T value(String what, Duration deadline, Duration poll, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            try {
                Thread.sleep(poll.toMillis()); // the pause between two polls of the condition, not a wait for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
