package io.rostersync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to, shared by an emulator and the client under test so that
 * rate-limit windows, {@code Retry-After} waits, token expiry and job polling are measured without
 * sleeping. {@link #sleep(Duration)} fits {@code io.rostersync.http.Sleeper} as a method reference
 * ({@code clock::sleep}): it records the wait and advances the clock by it. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ManualClock extends Clock {

    private volatile Instant now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    /**
     * A clock standing at {@code start}, in UTC.
     *
     * @param start the first reading
     * @throws NullPointerException if {@code start} is null
     */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Starts at 2026-01-05T09:00:00Z.
     *
     * @return a new clock
     */
    public static ManualClock startingAtAFixedTime() {
        return new ManualClock(Instant.parse("2026-01-05T09:00:00Z"));
    }

    /**
     * Moves the clock forward.
     *
     * @param d how far, not negative
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back");
        }
        now = now.plus(d);
    }

    /**
     * Records {@code d} as a wait and advances the clock by it, instead of sleeping.
     *
     * @param d how long the caller would have slept, not negative
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public void sleep(Duration d) {
        sleeps.add(d);
        advance(d);
    }

    /**
     * Every wait passed to {@link #sleep}, in order.
     *
     * @return an unmodifiable snapshot of the waits
     */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
