package io.rostersync.spi;

import io.rostersync.model.NativeId;
import io.rostersync.spi.internal.LinkIndex;
import io.rostersync.spi.internal.LinksAccess;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of one sync's links, indexed both ways.
 *
 * @since 0.1.0
 */
public final class Links {

    static {
        // The planner reads the index by position; that stays out of the SPI.
        LinksAccess.install(links -> links.index);
    }

    private static final Links EMPTY = of(List.of());

    private final Link[] links;
    private final LinkIndex index;

    private Links(Link[] links) {
        this.links = links;
        this.index = new LinkIndex(links);
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
        int position = index.positionOfSource(sourceId);
        return position < 0 ? Optional.empty() : Optional.of(links[position]);
    }

    /**
     * The link to a target account.
     *
     * @param targetId the target account's id
     * @return its link, or empty when it has none
     */
    public Optional<Link> byTarget(NativeId targetId) {
        int position = index.positionOfTarget(targetId);
        return position < 0 ? Optional.empty() : Optional.of(links[position]);
    }

    /**
     * Every link, in the order they were given to {@link #of}.
     *
     * @return every link, in the order they were given to {@link #of}
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
