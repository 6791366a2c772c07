package io.rostersync.http.internal;

import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.InvalidResponseException;


/**
 * Fetches and decodes one page, supplied by a provider. It is called with the first target and then
 * with each next link the server returned, and nothing else: the reader never builds page URLs.
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface PageFetcher<T> {

    /**
     * @param target the first target, or a next link from the previous page
     * @throws RosterSyncException as the client throws it; {@link InvalidResponseException} if the page
     *                           cannot be decoded
     */
    Page<T> fetch(String target);
}
