package io.rostersync.http.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor of {@code HttpSettings}: one pool for the JVM, created on first use, of daemon
 * threads named {@code rostersync-background-N} that end after {@value #IDLE_SECONDS} s without work. It
 * never needs closing (idle threads end, and daemon threads never keep the JVM alive), so nobody owns a
 * shutdown. A background read holds one thread for as long as it runs, so the pool grows with the reads
 * that run at once.
 */
public final class BackgroundExecutor {

    static final long IDLE_SECONDS = 60;

    private BackgroundExecutor() {
    }

    private static final class Holder {
        static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
                TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads());
    }

    /** The JVM-wide pool. */
    public static Executor shared() {
        return Holder.POOL;
    }

    private static ThreadFactory daemonThreads() {
        ThreadFactory base = Executors.defaultThreadFactory();
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = base.newThread(task);
            t.setName("rostersync-background-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
