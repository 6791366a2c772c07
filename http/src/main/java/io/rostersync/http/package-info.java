/**
 * JSON-over-HTTP plumbing shared by the vendor providers: a {@link io.rostersync.http.JsonHttpClient}
 * on the JDK {@code HttpClient} and Jackson, {@linkplain io.rostersync.http.HttpAuth auth strategies}
 * (bearer, Zendesk API token, OAuth2 client credentials), retry and client-side rate limiting through
 * resilience4j, typed {@linkplain io.rostersync.spi.RosterSyncException failures}, lazy
 * {@linkplain io.rostersync.http.Paged pagination} and base-URL validation.
 *
 * <p>Nothing here is for host applications directly: providers build on it and map vendor JSON to
 * core records at their boundary. Secrets are held in {@link io.rostersync.http.Secret} and never
 * appear in logs, exception messages or {@code toString()}.
 */
@NullMarked
package io.rostersync.http;

import org.jspecify.annotations.NullMarked;
