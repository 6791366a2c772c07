package io.rostersync.salesforce.cdc.internal;

import java.time.Duration;

/** Capped exponential backoff between reconnects: initial, twice that, ... up to max; reset after a good response. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** @return the delay before the next attempt; the one after is twice as long, up to the cap */
    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    public void reset() {
        next = initial;
    }
}
