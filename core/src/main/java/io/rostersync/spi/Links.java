package io.rostersync.spi;

import io.rostersync.internal.OpenIndex;
import io.rostersync.model.NativeId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of one sync's links, indexed both ways.
 *
 * @since 0.1.0
 */
public final class Links {

    private static final Links EMPTY = of(List.of());

    // A host may hold a million links for every run: the links sit in one array and both indexes are
    // flat arrays of positions in it, about 36 bytes a link on top of the links themselves.
    private final Link[] links;
    private final OpenIndex bySource;
    private final OpenIndex byTarget;

    private Links(Link[] links) {
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

    /**
     * No links: a sync that never ran.
     *
     * @return the empty snapshot
     */
    public static Links empty() {
        return EMPTY;
    }

    /**
     * Builds the snapshot, rejecting a target linked to two sources or a source linked twice: either
     * would mean the store is corrupt.
     *
     * @param links the links, in any order; copied
     * @return the snapshot
     * @throws IllegalArgumentException when a source or a target appears in two links
     * @throws NullPointerException if {@code links} is or contains null
     */
    public static Links of(Collection<Link> links) {
        Link[] copy = links.toArray(new Link[0]);
        for (Link link : copy) {
            if (link == null) {
                throw new NullPointerException("links must not contain null");
            }
        }
        return new Links(copy);
    }

    /**
     * The link of a source account.
     *
     * @param sourceId the source account's id
     * @return its link, or empty when it has none
     */
    public Optional<Link> bySource(NativeId sourceId) {
        int position = bySource.get(sourceId);
        return position < 0 ? Optional.empty() : Optional.of(links[position]);
    }

    /**
     * The link to a target account.
     *
     * @param targetId the target account's id
     * @return its link, or empty when it has none
     */
    public Optional<Link> byTarget(NativeId targetId) {
        int position = byTarget.get(targetId);
        return position < 0 ? Optional.empty() : Optional.of(links[position]);
    }

    /**
     * The position in {@link #all()} of the link of this source account, or -1 when it has none.
     * Positions let a caller keep its own data per link in an array, with no map of its own.
     *
     * @param sourceId the source account's id
     * @return the link's position, or -1
     */
    public int positionOfSource(NativeId sourceId) {
        return bySource.get(sourceId);
    }

    /**
     * The position in {@link #all()} of the link to this target account, or -1 when it has none.
     *
     * @param targetId the target account's id
     * @return the link's position, or -1
     */
    public int positionOfTarget(NativeId targetId) {
        return byTarget.get(targetId);
    }

    /**
     * The link at a position in {@link #all()}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= position < size()}
     * @param position a position from {@link #positionOfSource} or {@link #positionOfTarget}
     * @return the link there
     */
    public Link at(int position) {
        return links[Objects.checkIndex(position, links.length)];
    }

    /**
     * Every link, in the order they were given to {@link #of}.
     *
     * @return an unmodifiable list
     */
    public List<Link> all() {
        return Collections.unmodifiableList(Arrays.asList(links));
    }

    /**
     * How many links there are.
     *
     * @return the number of links
     */
    public int size() {
        return links.length;
    }
}
