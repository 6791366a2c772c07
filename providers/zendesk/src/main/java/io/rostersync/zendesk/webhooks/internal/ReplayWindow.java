package io.rostersync.zendesk.webhooks.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids accepted within the last {@code window}, at most {@code capacity} of them. Memory is bounded
 * twice: by time (an id is forgotten once its window has passed, when the signature timestamp check refuses a
 * replay anyway) and by count (beyond the capacity the oldest id is forgotten early; a replay of it within the
 * timestamp tolerance would then cost one extra re-read of that user, never a write of the payload). Held in
 * memory only: after a restart only the timestamp tolerance bounds replays. Thread-safe.
 */
public final class ReplayWindow {

    private final Duration window;
    private final int capacity;
    /** Event id to when it is forgotten, in insertion (acceptance) order. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public ReplayWindow(Duration window, int capacity) {
        this.window = window;
        this.capacity = capacity;
    }

    /**
     * Records the id unless it is already remembered.
     *
     * @return true when the id is new (and is now remembered), false for a replay
     */
    public synchronized boolean firstSeen(String eventId, Instant now) {
        evictExpired(now);
        Instant forgetAt = seen.get(eventId);
        if (forgetAt != null) {
            return false;
        }
        if (seen.size() >= capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        seen.put(eventId, now.plus(window));
        return true;
    }

    public synchronized int size() {
        return seen.size();
    }

    private void evictExpired(Instant now) {
        // Insertion order is nearly expiry order (the clock may step back a little): stop at the first live one.
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }
}
