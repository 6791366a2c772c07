package io.rostersync.http;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the calling thread; tests pass one that advances a fake
 * clock so that waits are measured, not slept.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(long)}. */
    static Sleeper threadSleep() {
        return d -> Thread.sleep(d.toMillis());
    }
}
