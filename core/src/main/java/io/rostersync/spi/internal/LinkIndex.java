package io.rostersync.spi.internal;

import io.rostersync.model.NativeId;
import io.rostersync.spi.Link;
import java.util.Objects;

/**
 * The two indexes of a {@link io.rostersync.spi.Links} snapshot, by source id and by target id, as positions
 * in its array of links. Positions let the planner keep its own data per link in an array, with no map of
 * its own; it reaches a snapshot's index through {@link LinksAccess#index}.
 *
 * <p>A host may hold a million links for every run: the links sit in one array and both indexes are flat
 * arrays of positions in it, about 36 bytes a link on top of the links themselves. Immutable once built.
 */
public final class LinkIndex {

    private final Link[] links;
    private final OpenIndex bySource;
    private final OpenIndex byTarget;

    /**
     * Indexes {@code links}, which the caller hands over and never changes again.
     *
     * @throws IllegalArgumentException when a source is linked twice or a target is linked to two sources
     */
    public LinkIndex(Link[] links) {
        this.links = links;
        this.bySource = new OpenIndex(links.length) {
            @Override
            protected boolean holds(int position, Object key) {
                return links[position].sourceId().equals(key);
            }
        };
        this.byTarget = new OpenIndex(links.length) {
            @Override
            protected boolean holds(int position, Object key) {
                return links[position].targetId().equals(key);
            }
        };
        for (int i = 0; i < links.length; i++) {
            Link link = links[i];
            if (bySource.find(link.sourceId()) >= 0) {
                throw new IllegalArgumentException("source " + link.sourceId() + " is linked twice");
            }
            if (byTarget.find(link.targetId()) >= 0) {
                throw new IllegalArgumentException("target " + link.targetId() + " is linked to two sources");
            }
            bySource.insert(link.sourceId(), i);
            byTarget.insert(link.targetId(), i);
        }
    }

    /** The position of the link of this source account, or -1 when it has none. */
    public int positionOfSource(NativeId sourceId) {
        return bySource.get(sourceId);
    }

    /** The position of the link to this target account, or -1 when it has none. */
    public int positionOfTarget(NativeId targetId) {
        return byTarget.get(targetId);
    }

    /**
     * The link at a position.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
     */
    public Link at(int position) {
        return links[Objects.checkIndex(position, links.length)];
    }

    public int size() {
        return links.length;
    }
}
