package io.rostersync.spi;

import java.util.Optional;

/**
 * A lazy, single-pass sequence of pages. Each {@link #next()} may do I/O; a failure mid-way throws and
 * the whole read is void (the engine never plans from a partial read). Not thread-safe.
 *
 * @since 0.1.0
 */
public interface UserPages extends AutoCloseable {

    /**
     * The next page, or empty once the read is complete.
     *
     * @return the next page, or empty once the read is complete (and every later call is empty too)
     * @throws RosterSyncException when the read fails; pages already returned are then void
     */
    Optional<UserPage> next();

    /** Releases anything held open. Idempotent. */
    @Override
    default void close() {
    }

    /**
     * Pages over an in-memory list, for fakes and tests.
     *
     * @param pages the pages, in order
     * @return a sequence that returns them one by one
     */
    static UserPages of(java.util.List<UserPage> pages) {
        java.util.Iterator<UserPage> it = java.util.List.copyOf(pages).iterator();
        return () -> it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
}
