package io.rostersync.salesforce.cdc.internal;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Replay ids received but not yet safe to store: each waits for the hints offered up to it (a {@code UserHints}
 * mark) to be flushed. Bounded: past {@link #MAX} entries the two oldest merge into the later one, which only
 * delays saving, never skips an event. Not thread-safe; the subscriber uses it from one thread.
 */
public final class Positions {

    static final int MAX = 1024;

    private record Entry(long mark, ByteString replayId) {
    }

    private final Deque<Entry> waiting = new ArrayDeque<>();

    /** Adds a replay id that may be stored once {@code mark} is flushed. */
    public void add(long mark, ByteString replayId) {
        Entry last = waiting.peekLast();
        if (last != null && last.mark() >= mark) {
            // Same condition (no hint offered since): the later id replaces it.
            waiting.pollLast();
            waiting.addLast(new Entry(last.mark(), replayId));
            return;
        }
        waiting.addLast(new Entry(mark, replayId));
        if (waiting.size() > MAX) {
            waiting.pollFirst(); // the next entry's condition covers it
        }
    }

    /** @return the newest replay id whose mark is flushed (removing it and those before), or empty */
    public Optional<ByteString> takeFlushed(LongPredicate flushed) {
        ByteString newest = null;
        while (!waiting.isEmpty() && flushed.test(waiting.peekFirst().mark())) {
            newest = waiting.pollFirst().replayId();
        }
        return Optional.ofNullable(newest);
    }

    /** @return whether replay ids are waiting for their hints */
    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    public int size() {
        return waiting.size();
    }

    /** Forgets every waiting id (Salesforce refused the position they continue from). */
    public void clear() {
        waiting.clear();
    }
}
