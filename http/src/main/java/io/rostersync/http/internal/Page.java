package io.rostersync.http.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a paged read, as a provider's {@link PageFetcher} decoded it.
 *
 * @param items       what the page holds, in server order
 * @param next        the next-page link exactly as the server returned it (absolute URL or path)
 * @param moreClaimed whether the server said more results follow ({@code has_more}, {@code done: false});
 *                    a page that claims more but has no {@code next} is a truncated response
 * @param <T> item type
 */
public record Page<T>(List<T> items, Optional<String> next, boolean moreClaimed) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
        next = next.filter(n -> !n.isBlank());
    }

    /** A page that continues exactly when it has a next link (no separate "more" flag). */
    public static <T> Page<T> of(List<T> items, Optional<String> next) {
        return new Page<>(items, next, next.filter(n -> !n.isBlank()).isPresent());
    }

    /** The last page. */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty(), false);
    }

    /** Whether the reader will fetch another page after this one. */
    public boolean continues() {
        return moreClaimed && next.isPresent();
    }
}
