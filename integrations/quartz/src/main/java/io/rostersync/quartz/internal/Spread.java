package io.rostersync.quartz.internal;

import io.rostersync.model.SyncId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where in a window a sync first fires: a point derived from its id alone, so every node and every restart
 * computes the same one, and ids that differ in one character (tenant-0001, tenant-0002) land far apart.
 */
public final class Spread {

    private Spread() {
    }

    /**
     * The sync's offset in {@code [0, window)}.
     *
     * @param syncId the sync
     * @param window the window; zero gives zero
     * @return the offset, whole milliseconds
     */
    public static Duration offset(SyncId syncId, Duration window) {
        long millis = window.toMillis();
        if (millis <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Long.remainderUnsigned(hash(syncId), millis));
    }

    /** FNV-1a over the id's bytes, finished with SplitMix64's mixer so nearby ids spread evenly. */
    static long hash(SyncId syncId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : syncId.value().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
