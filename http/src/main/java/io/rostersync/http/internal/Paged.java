package io.rostersync.http.internal;

import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidResponseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A lazy, single-pass read over server-driven pages. Nothing is fetched until the consumer asks; the
 * next page is fetched only when the previous one is used up, so a consumer that stops early causes no
 * further requests. Only links the server returned are followed.
 *
 * <p>Fails with {@link InvalidResponseException} when a next link repeats one already read (a loop),
 * when a page claims more results but gives no next link (a truncated response), or when a next link
 * points to another origin (credentials must not follow it).
 *
 * <pre>{@code
 * Paged<JsonNode> users = client.paginate("/api/v2/users?page%5Bsize%5D=100", target -> {
 *     JsonNode body = client.get(target);
 *     List<JsonNode> items = new ArrayList<>();
 *     body.path("users").forEach(items::add);
 *     JsonNode next = body.path("links").path("next");
 *     return new Page<>(items, next.isTextual() ? Optional.of(next.asText()) : Optional.empty(),
 *             body.path("meta").path("has_more").asBoolean());
 * });
 * users.stream().limit(10).forEach(...);   // one request
 * }</pre>
 *
 * <p>Not thread-safe; use {@link #pages()} or {@link #stream()} once.
 *
 * @param <T> item type
 */
public final class Paged<T> {

    private final String vendor;
    private final String first;
    private final PageFetcher<T> fetcher;
    private final UnaryOperator<String> canonical;
    private boolean started;

    Paged(String vendor, String first, PageFetcher<T> fetcher, UnaryOperator<String> canonical) {
        this.vendor = Checks.vendor(vendor);
        this.first = Objects.requireNonNull(first, "first");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.canonical = canonical;
    }

    /**
     * Pages without a client: follows any next link. Prefer {@link JsonHttpClient#paginate}, which also
     * refuses links to another origin.
     */
    public static <T> Paged<T> of(String vendor, String firstTarget, PageFetcher<T> fetcher) {
        return new Paged<>(vendor, firstTarget, fetcher, UnaryOperator.identity());
    }

    /** The pages, fetched one at a time as the iterator advances. */
    public Iterator<Page<T>> pages() {
        if (started) {
            throw new IllegalStateException("a Paged read can be consumed once");
        }
        started = true;
        return new PageIterator();
    }

    /** The items of all pages, in order, as a lazy sequential stream. */
    public Stream<T> stream() {
        Iterator<Page<T>> pages = pages();
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!pages.hasNext()) {
                        return false;
                    }
                    current = pages.next().items().iterator();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private final class PageIterator implements Iterator<Page<T>> {
        private final Set<String> seen = new HashSet<>();
        private Optional<String> nextTarget = Optional.of(first);
        private @Nullable Page<T> fetched;
        private int pageCount;

        @Override
        public boolean hasNext() {
            if (fetched != null) {
                return true;
            }
            if (nextTarget.isEmpty()) {
                return false;
            }
            String target = nextTarget.get();
            seen.add(canonical.apply(target));
            Page<T> page = fetcher.fetch(target);
            pageCount++;
            nextTarget = Optional.empty();
            if (page.moreClaimed() && page.next().isEmpty()) {
                throw invalid("page " + pageCount + " says more results follow but has no next link (truncated response)");
            }
            if (page.continues()) {
                String next = page.next().get();
                String key;
                try {
                    key = canonical.apply(next);
                } catch (IllegalArgumentException e) {
                    throw invalid("page " + pageCount + " links to another origin or a malformed URL; not followed");
                }
                if (seen.contains(key)) {
                    throw invalid("page " + pageCount + " links back to a page already read (pagination loop)");
                }
                nextTarget = Optional.of(next);
            }
            fetched = page;
            return true;
        }

        @Override
        public Page<T> next() {
            if (!hasNext() || fetched == null) { // hasNext() leaves the page in fetched
                throw new NoSuchElementException();
            }
            Page<T> page = fetched;
            fetched = null;
            return page;
        }

        private InvalidResponseException invalid(String what) {
            return new InvalidResponseException(ErrorDetails.of(vendor), vendor + " paged read: " + what);
        }
    }
}
