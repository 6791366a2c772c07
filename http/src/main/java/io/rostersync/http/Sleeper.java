package io.rostersync.http;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the calling thread; tests pass one that advances a fake
 * clock so that waits are measured, not slept.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits {@code duration}, or returns at once for a fake clock after advancing it.
     *
     * @param duration how long to wait; zero or more
     * @throws InterruptedException if the waiting thread is interrupted; the call then fails
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * {@link Thread#sleep(long)}.
     *
     * @return a sleeper that blocks the calling thread
     */
    static Sleeper threadSleep() {
        return d -> Thread.sleep(d.toMillis());
    }
}
