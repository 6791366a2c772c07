package io.rostersync.engine;

import io.rostersync.model.NativeId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns hints ("source user 123 changed", from a webhook or a change event) into few syncs: the hints of one
 * sync that arrive within a short {@linkplain Builder#window(Duration) window} become one named sync of the
 * distinct users; a flood (more than {@linkplain Builder#floodThreshold(int) the threshold} distinct users in a
 * window, a mass import say) becomes one incremental run instead of thousands of single syncs.
 *
 * <pre>{@code
 * UserHints hints = UserHints.builder()
 *         .runner(runner)   // named syncs with runner.syncNamed, floods with runner.run(RunOptions.defaults())
 *         .build();
 * hints.offer(NativeId.of("6596848315901"));   // from the webhook endpoint; returns at once
 * }</pre>
 *
 * <p>No hint is lost silently: a sync answered {@link RunStatus#BUSY} (a scheduled run holds the lease, or
 * {@link SyncBusyException} was thrown) puts its users back for the next window; beyond
 * {@linkplain Builder#maxPending(int) the queue's bound} a hint is not kept, but the next window runs an
 * incremental sync instead, which reads every change since the last cursor. A named sync that ends FAILED, or
 * throws, is reported to {@linkplain Builder#onFlush(Consumer) the listener} and logged, and not retried here:
 * the sync's scheduled runs are the safety net for it, as for events Zendesk never delivered. Hints still
 * queued when {@link #close()} is called are logged with their count and left to the scheduled run.
 *
 * <p>Time: a window opens with the first hint after an empty queue and closes {@code window} later by the
 * builder's clock. With the default own thread the queue is flushed when the window closes; with
 * {@link Builder#drivenByCaller()} nothing runs by itself and the caller calls {@link #flushIfDue()} (tests with
 * a manual clock, hosts with their own scheduler).
 *
 * <p>Thread-safe: {@link #offer} never blocks on a sync; flushes never overlap.
 *
 * @since 0.2.0
 */
public final class UserHints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserHints.class);

    /** What {@link #offer} did with a hint. */
    public enum Offer {
        /** Queued for the current window. */
        QUEUED,
        /** Already queued for the current window; one sync covers both. */
        ALREADY_QUEUED,
        /** The queue is full: not kept, but the next window runs an incremental sync, which covers it. */
        OVERFLOW,
        /** {@link #close()} was called: not kept; the scheduled run covers it. */
        CLOSED
    }

    /** What one flush ran. */
    public enum FlushKind {
        /** The queue was empty. */
        NOTHING,
        /** One named sync of the queued users. */
        NAMED,
        /** One incremental run, for a flood or an overflow. */
        INCREMENTAL
    }

    /**
     * What one flush did.
     *
     * @param kind     what ran
     * @param users    the users it was for (for an incremental run: those that were queued, possibly fewer than
     *                 the hints received when the queue overflowed)
     * @param report   the sync's report; empty when nothing ran or the sync threw
     * @param requeued whether the users were put back for the next window (the sync was busy)
     */
    public record Flush(FlushKind kind, Set<NativeId> users, Optional<SyncReport> report, boolean requeued) {
        /**
         * Copies the users.
         *
         * @param kind     what ran
         * @param users    the users it was for
         * @param report   the sync's report, if any
         * @param requeued whether the users were put back
         */
        public Flush {
            Objects.requireNonNull(kind, "kind");
            users = Set.copyOf(users);
            Objects.requireNonNull(report, "report");
        }
    }

    private final Function<Set<NativeId>, SyncReport> syncNamed;
    private final Supplier<SyncReport> runIncremental;
    private final Duration window;
    private final int floodThreshold;
    private final int maxPending;
    private final Clock clock;
    private final Consumer<Flush> onFlush;
    private final List<Consumer<Flush>> flushListeners = new CopyOnWriteArrayList<>();
    private final @Nullable ScheduledExecutorService executor;
    private final boolean ownExecutor;

    private final Object lock = new Object();
    private final Object flushing = new Object();
    private LinkedHashSet<NativeId> pending = new LinkedHashSet<>();
    private boolean overflowed;
    private @Nullable Instant windowOpenedAt;
    private boolean closed;
    /** Offers and incremental requests taken so far (under {@code lock}); a {@link #mark()} is one of these counts. */
    private long offered;
    /** Every offer counted up to this many has been covered by a flush that ran (not busy). */
    private volatile long flushedThrough;

    private UserHints(Builder b) {
        this.syncNamed = Objects.requireNonNull(b.syncNamed, "syncNamed: set how to sync named users now");
        this.runIncremental = Objects.requireNonNull(b.runIncremental, "runIncremental: set how to run the sync incrementally");
        this.window = b.window;
        this.floodThreshold = b.floodThreshold;
        this.maxPending = b.maxPending;
        this.clock = b.clock;
        this.onFlush = b.onFlush;
        if (b.drivenByCaller) {
            this.executor = null;
            this.ownExecutor = false;
        } else if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = false;
        } else {
            this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rostersync-user-hints");
                t.setDaemon(true);
                return t;
            });
            this.ownExecutor = true;
        }
    }

    /**
     * A builder; {@link Builder#syncNamed} and {@link Builder#runIncremental} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues a hint to sync this source user soon. Returns at once.
     *
     * @param sourceUser the user's id in the sync's source directory
     * @return what was done with it
     */
    public Offer offer(NativeId sourceUser) {
        Objects.requireNonNull(sourceUser, "sourceUser");
        boolean opened;
        Offer result;
        synchronized (lock) {
            if (closed) {
                return Offer.CLOSED;
            }
            offered++;
            if (pending.contains(sourceUser)) {
                return Offer.ALREADY_QUEUED;
            }
            if (pending.size() >= maxPending) {
                overflowed = true;
                result = Offer.OVERFLOW;
            } else {
                pending.add(sourceUser);
                result = Offer.QUEUED;
            }
            opened = openWindowIfNone();
        }
        if (opened) {
            schedule(window);
        }
        return result;
    }

    /**
     * Asks for one incremental run in the next window, as after an overflow: for a source that knows it missed
     * changes without knowing whose (Salesforce's overflow events, a replay position the vendor no longer keeps).
     * Queued users are covered by that run too. Returns at once.
     *
     * @return {@link Offer#QUEUED}, {@link Offer#ALREADY_QUEUED} when the next window already runs incrementally,
     *     or {@link Offer#CLOSED}
     * @since 0.2.0
     */
    public Offer requestIncremental() {
        boolean opened;
        Offer result;
        synchronized (lock) {
            if (closed) {
                return Offer.CLOSED;
            }
            offered++;
            result = overflowed ? Offer.ALREADY_QUEUED : Offer.QUEUED;
            overflowed = true;
            opened = openWindowIfNone();
        }
        if (opened) {
            schedule(window);
        }
        return result;
    }

    /**
     * A mark after every hint offered (and incremental run requested) so far, by any caller; pass it to
     * {@link #flushed(long)} later. A source that keeps a position in a vendor's stream (Salesforce's replay id)
     * takes a mark after offering an event's users and advances its stored position past the event only once
     * the mark is flushed, so a crash replays events instead of skipping them.
     *
     * @return the mark; marks never decrease
     * @since 0.2.0
     */
    public long mark() {
        synchronized (lock) {
            return offered;
        }
    }

    /**
     * Whether every hint offered before {@code mark} has been handled by a flush that ran: a named sync of those
     * users or an incremental run, not answered BUSY. A sync that failed or threw counts as handled, as it is not
     * retried here (the scheduled run is its safety net); hints put back after a BUSY answer, queued when
     * {@link #close()} was called, or never flushed do not.
     *
     * @param mark a value of {@link #mark()}
     * @return true once they are handled
     * @since 0.2.0
     */
    public boolean flushed(long mark) {
        return flushedThrough >= mark;
    }

    /**
     * Adds a listener told of every flush that ran something, after the builder's {@link Builder#onFlush
     * listener}, on the flushing thread; for sources that wait for {@link #flushed(long)}. An exception it
     * throws is logged and ignored.
     *
     * @param listener the listener
     * @since 0.2.0
     */
    public void addFlushListener(Consumer<Flush> listener) {
        flushListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener added with {@link #addFlushListener}; nothing happens if it is not there.
     *
     * @param listener the listener
     * @since 0.2.0
     */
    public void removeFlushListener(Consumer<Flush> listener) {
        flushListeners.remove(listener);
    }

    /**
     * How many distinct users are queued.
     *
     * @return the count
     */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * Flushes when the current window has closed by the clock; otherwise does nothing.
     *
     * @return the flush, or empty when no window was due
     */
    public Optional<Flush> flushIfDue() {
        synchronized (flushing) {
            synchronized (lock) {
                if (windowOpenedAt == null || clock.instant().isBefore(windowOpenedAt.plus(window))) {
                    return Optional.empty();
                }
            }
            return Optional.of(flushNow());
        }
    }

    /**
     * Flushes now, whatever the window: one named sync of the queued users, or one incremental run for a flood
     * or after an overflow, or nothing.
     *
     * @return what was done
     */
    public Flush flush() {
        synchronized (flushing) {
            return flushNow();
        }
    }

    private Flush flushNow() {
        Set<NativeId> users;
        boolean incremental;
        long through;
        synchronized (lock) {
            // Every offer counted so far is in this batch, was flushed before, or is covered by the overflow flag.
            // After close() the queued hints were dropped, not synced: nothing more counts as flushed.
            through = closed ? flushedThrough : offered;
            users = pending;
            incremental = overflowed || pending.size() > floodThreshold;
            pending = new LinkedHashSet<>();
            overflowed = false;
            windowOpenedAt = null;
        }
        if (users.isEmpty() && !incremental) {
            advanceFlushed(through);
            return new Flush(FlushKind.NOTHING, Set.of(), Optional.empty(), false);
        }
        FlushKind kind = incremental ? FlushKind.INCREMENTAL : FlushKind.NAMED;
        @Nullable SyncReport report = null;
        boolean busy;
        try {
            report = incremental ? runIncremental.get() : syncNamed.apply(Set.copyOf(users));
            busy = report.status() == RunStatus.BUSY;
        } catch (SyncBusyException e) {
            busy = true;
        } catch (RuntimeException e) {
            busy = false;
            LOG.warn("{} sync of {} hinted user(s) threw; the scheduled run will catch their changes", kind, users.size(), e);
        }
        if (busy) {
            requeue(users, incremental);
        } else if (report != null && report.status() == RunStatus.FAILED) {
            LOG.warn("{} sync of {} hinted user(s) failed ({}); the scheduled run will catch their changes",
                    kind, users.size(), report.message());
        }
        if (!busy) {
            advanceFlushed(through);
        }
        Flush flush = new Flush(kind, users, Optional.ofNullable(report), busy);
        try {
            onFlush.accept(flush);
        } catch (RuntimeException e) {
            LOG.warn("the onFlush listener threw; ignored", e);
        }
        for (Consumer<Flush> listener : flushListeners) {
            try {
                listener.accept(flush);
            } catch (RuntimeException e) {
                LOG.warn("a flush listener threw; ignored", e);
            }
        }
        return flush;
    }

    private void advanceFlushed(long through) {
        synchronized (lock) {
            if (through > flushedThrough) {
                flushedThrough = through;
            }
        }
    }

    private void requeue(Set<NativeId> users, boolean incremental) {
        boolean opened;
        synchronized (lock) {
            if (closed) {
                LOG.warn("closed while a sync was busy: {} hinted user(s) left to the scheduled run", users.size());
                return;
            }
            LinkedHashSet<NativeId> merged = new LinkedHashSet<>(users);
            for (NativeId id : pending) {
                if (merged.size() >= maxPending) {
                    overflowed = true;
                    break;
                }
                merged.add(id);
            }
            if (merged.size() > maxPending) {
                overflowed = true;
            }
            pending = merged;
            overflowed |= incremental;
            opened = openWindowIfNone();
            // Reopen from now: the busy run holds the lease for a while, so retry one window later.
            windowOpenedAt = clock.instant();
        }
        if (opened) {
            schedule(window);
        }
    }

    /** @return true when a window was opened (the caller then schedules its flush outside the lock) */
    private boolean openWindowIfNone() {
        if (windowOpenedAt != null) {
            return false;
        }
        windowOpenedAt = clock.instant();
        return true;
    }

    private void schedule(Duration delay) {
        if (executor == null) {
            return;
        }
        try {
            executor.schedule(this::tick, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            LOG.debug("flush not scheduled (executor shut down)", rejected);
        }
    }

    /** Runs on the executor when a window should have closed. */
    private void tick() {
        try {
            flushIfDue();
        } catch (Throwable t) { // keep the executor's thread alive; a flush never throws by design
            LOG.error("flushing user hints failed", t);
        }
        Duration remaining = null;
        synchronized (lock) {
            if (windowOpenedAt != null && !closed) {
                Duration left = Duration.between(clock.instant(), windowOpenedAt.plus(window));
                remaining = left.isNegative() ? Duration.ZERO : left;
            }
        }
        if (remaining != null) {
            schedule(remaining);
        }
    }

    /**
     * Stops taking hints. Queued hints are not synced: they are logged with their count and left to the sync's
     * scheduled run. Shuts down the own thread, if any, without waiting for a running sync.
     */
    @Override
    public void close() {
        int dropped;
        synchronized (lock) {
            closed = true;
            dropped = pending.size();
            pending = new LinkedHashSet<>();
            windowOpenedAt = null;
        }
        if (dropped > 0) {
            LOG.info("closed with {} hinted user(s) queued; the sync's scheduled run will catch their changes", dropped);
        }
        if (ownExecutor && executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "UserHints[window=" + window + ", floodThreshold=" + floodThreshold + ", maxPending=" + maxPending + "]";
    }

    /**
     * Configures {@link UserHints}. Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {

        private @Nullable Function<Set<NativeId>, SyncReport> syncNamed;
        private @Nullable Supplier<SyncReport> runIncremental;
        private Duration window = Duration.ofSeconds(1);
        private int floodThreshold = 200;
        private int maxPending = 10_000;
        private Clock clock = Clock.systemUTC();
        private Consumer<Flush> onFlush = f -> { };
        private @Nullable ScheduledExecutorService executor;
        private boolean drivenByCaller;

        private Builder() {
        }

        /**
         * Syncs through {@code runner}: a window's users with {@link SyncRunner#syncNamed(NamedUsers)} (by source
         * id), a flood or an overflow with {@link SyncRunner#run(RunOptions)} and {@link RunOptions#defaults()}.
         *
         * @param runner the sync's runner
         * @return this builder
         */
        public Builder runner(SyncRunner runner) {
            Objects.requireNonNull(runner, "runner");
            this.syncNamed = ids -> runner.syncNamed(NamedUsers.ofIds(ids)).report();
            this.runIncremental = () -> runner.run(RunOptions.defaults());
            return this;
        }

        /**
         * How to sync named source users now (required unless {@link #runner} is set): read just them and their counterparts, plan with the
         * sync's policy and guard, deprovision no one else. A BUSY report (or {@link SyncBusyException}) puts the
         * users back for the next window.
         *
         * @param syncNamed the named sync, e.g. {@code ids -> runner.syncNamed(ids)}
         * @return this builder
         */
        public Builder syncNamed(Function<Set<NativeId>, SyncReport> syncNamed) {
            this.syncNamed = Objects.requireNonNull(syncNamed, "syncNamed");
            return this;
        }

        /**
         * How to run the sync incrementally (required unless {@link #runner} is set), for a flood or after an overflow.
         *
         * @param runIncremental the run, e.g. {@code () -> runner.run(RunOptions.defaults())}
         * @return this builder
         */
        public Builder runIncremental(Supplier<SyncReport> runIncremental) {
            this.runIncremental = Objects.requireNonNull(runIncremental, "runIncremental");
            return this;
        }

        /**
         * How long hints are collected before one sync runs (default 1 second).
         *
         * @param window positive, at most an hour
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative() || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("window must be positive and at most an hour, was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * More distinct users than this in one window run one incremental sync instead (default 200).
         *
         * @param users at least 1, at most {@link NamedUsers#MAX_NAMES} (what one named sync takes)
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder floodThreshold(int users) {
            if (users < 1 || users > NamedUsers.MAX_NAMES) {
                throw new IllegalArgumentException("floodThreshold must be between 1 and " + NamedUsers.MAX_NAMES + ", was " + users);
            }
            this.floodThreshold = users;
            return this;
        }

        /**
         * At most this many distinct users are queued (default 10,000); beyond it hints are not kept and the next
         * window runs an incremental sync.
         *
         * @param users at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder maxPending(int users) {
            if (users < 1) {
                throw new IllegalArgumentException("maxPending must be at least 1, was " + users);
            }
            this.maxPending = users;
            return this;
        }

        /**
         * The clock windows are measured with (default the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Told of every flush that ran something, on the flushing thread; for logs and metrics. An exception it
         * throws is logged and ignored.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onFlush(Consumer<Flush> listener) {
            this.onFlush = Objects.requireNonNull(listener, "onFlush");
            return this;
        }

        /**
         * Runs the flushes on the host's executor (not shut down by {@link UserHints#close()}) instead of an own
         * daemon thread.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            this.drivenByCaller = false;
            return this;
        }

        /**
         * Nothing runs by itself: the caller calls {@link UserHints#flushIfDue()} (or {@link UserHints#flush()}).
         *
         * @return this builder
         */
        public Builder drivenByCaller() {
            this.drivenByCaller = true;
            this.executor = null;
            return this;
        }

        /**
         * Builds the coalescer; with neither {@link #executor} nor {@link #drivenByCaller()} it starts an own
         * daemon thread, stopped by {@link UserHints#close()}.
         *
         * @return the coalescer
         * @throws NullPointerException when {@link #syncNamed} or {@link #runIncremental} was not set
         */
        public UserHints build() {
            return new UserHints(this);
        }
    }
}
