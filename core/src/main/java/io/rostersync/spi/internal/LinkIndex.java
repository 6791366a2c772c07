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

    /** Ids looked up together per stage (see {@link #positionsOf}). */
    private static final int BLOCK = 256;

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
     * {@link #positionOfSource} of each of the first {@code count} ids, into {@code positions}: faster than
     * one lookup at a time when the links are not in the cache (a host's million links never are), see
     * {@link #positionsOf}. Like every read of this index, safe from several threads at once.
     */
    public void positionsOfSources(NativeId[] ids, int count, int[] positions) {
        positionsOf(ids, count, positions, bySource, true);
    }

    /** {@link #positionOfTarget} of each of the first {@code count} ids, into {@code positions}. */
    public void positionsOfTargets(NativeId[] ids, int count, int[] positions) {
        positionsOf(ids, count, positions, byTarget, false);
    }

    /**
     * One lookup is a chain of dependent cache misses (the id's string for its hash, the slot, the link, its
     * id, that id's string and bytes), and a loop that does one whole lookup per turn waits for each miss in
     * turn. Done in stages instead, one small loop per step of the chain over a block of ids, the processor
     * has the misses of many ids in flight at once. A block is small enough for what its stages touched to
     * stay in the cache until the last stage, which checks each candidate exactly.
     */
    private void positionsOf(NativeId[] ids, int count, int[] positions, OpenIndex index, boolean bySource) {
        int[] hashes = new int[Math.min(count, BLOCK)];
        NativeId[] found = new NativeId[hashes.length];
        for (int from = 0; from < count; from += BLOCK) {
            int to = Math.min(count, from + BLOCK);
            for (int i = from; i < to; i++) {
                hashes[i - from] = OpenIndex.hashOf(ids[i]);
            }
            for (int i = from; i < to; i++) {
                positions[i] = index.candidate(hashes[i - from]);
            }
            for (int i = from; i < to; i++) {
                int p = positions[i];
                found[i - from] = p < 0 ? null : bySource ? links[p].sourceId() : links[p].targetId();
            }
            for (int i = from; i < to; i++) {
                NativeId candidate = found[i - from];
                // Reads the lengths of both strings, which brings them and the start of their bytes in.
                hashes[i - from] = candidate == null ? -1 : candidate.value().length() - ids[i].value().length();
            }
            for (int i = from; i < to; i++) {
                NativeId candidate = found[i - from];
                if (candidate != null && (hashes[i - from] != 0 || !candidate.equals(ids[i]))) {
                    positions[i] = index.get(ids[i]); // another id with the same hash: look it up in full
                }
            }
        }
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
