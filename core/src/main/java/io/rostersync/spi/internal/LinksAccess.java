package io.rostersync.spi.internal;

import io.rostersync.spi.Links;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the planner reaches the {@link LinkIndex} inside a {@link Links} snapshot, which the SPI does not
 * show: {@code Links} hands over the way to its index once, when its class is initialised. The planner
 * asks once per plan and then calls the index directly, so this costs nothing per user.
 */
public final class LinksAccess {

    private static volatile @Nullable Function<Links, LinkIndex> indexOfLinks;

    private LinksAccess() {
    }

    /**
     * Called by {@code Links} alone, once.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void install(Function<Links, LinkIndex> accessor) {
        Objects.requireNonNull(accessor, "accessor");
        if (indexOfLinks != null) {
            throw new IllegalStateException("the Links accessor is installed already");
        }
        indexOfLinks = accessor;
    }

    /** The index of {@code links}, by position. */
    public static LinkIndex index(Links links) {
        Objects.requireNonNull(links, "links");
        // Holding a Links means its class was initialised, and that installed the accessor.
        Function<Links, LinkIndex> accessor = Objects.requireNonNull(indexOfLinks, "Links installed no accessor");
        return accessor.apply(links);
    }
}
