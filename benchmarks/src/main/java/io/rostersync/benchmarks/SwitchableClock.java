package io.rostersync.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that reads another clock, which can be swapped: the benchmarks seed their emulators at a fixed
 * past instant, then switch to the system clock (or a stepping one) for the measured run.
 */
public final class SwitchableClock extends Clock {
    private volatile Clock current;

    /** @param initial the clock read until {@link #use} swaps it */
    public SwitchableClock(Clock initial) {
        this.current = initial;
    }

    /** @param clock the clock read from now on */
    public void use(Clock clock) {
        current = clock;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        return current.instant();
    }
}
