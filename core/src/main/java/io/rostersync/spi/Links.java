package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of one sync's links, indexed both ways. */
public final class Links {

    private static final Links EMPTY = new Links(Map.of(), Map.of());

    private final Map<NativeId, Link> bySource;
    private final Map<NativeId, Link> byTarget;

    private Links(Map<NativeId, Link> bySource, Map<NativeId, Link> byTarget) {
        this.bySource = bySource;
        this.byTarget = byTarget;
    }

    public static Links empty() {
        return EMPTY;
    }

    /**
     * Builds the snapshot, rejecting a target linked to two sources or a source linked twice: either
     * would mean the store is corrupt.
     */
    public static Links of(Collection<Link> links) {
        Map<NativeId, Link> bySource = new HashMap<>(links.size() * 2);
        Map<NativeId, Link> byTarget = new HashMap<>(links.size() * 2);
        for (Link link : links) {
            if (bySource.put(link.sourceId(), link) != null) {
                throw new IllegalArgumentException("source " + link.sourceId() + " is linked twice");
            }
            if (byTarget.put(link.targetId(), link) != null) {
                throw new IllegalArgumentException("target " + link.targetId() + " is linked to two sources");
            }
        }
        return new Links(Collections.unmodifiableMap(bySource), Collections.unmodifiableMap(byTarget));
    }

    public Optional<Link> bySource(NativeId sourceId) {
        return Optional.ofNullable(bySource.get(sourceId));
    }

    public Optional<Link> byTarget(NativeId targetId) {
        return Optional.ofNullable(byTarget.get(targetId));
    }

    public Collection<Link> all() {
        return bySource.values();
    }

    public int size() {
        return bySource.size();
    }
}
