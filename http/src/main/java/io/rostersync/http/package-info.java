/**
 * What a host configures about rostersync's HTTP: {@link io.rostersync.http.HttpSettings} (transport,
 * clock, sleeper, {@linkplain io.rostersync.http.RetryPolicy retry}, {@linkplain io.rostersync.http.RateLimit
 * rate limits}, timeouts, the executor for background reads), credentials ({@link io.rostersync.http.Secret},
 * {@link io.rostersync.http.HttpAuth}, the {@link io.rostersync.http.TokenClient} every grant goes through,
 * {@link io.rostersync.http.OAuth2TokenEndpoint}), base-URL validation ({@link io.rostersync.http.BaseUris})
 * and and how a vendor failure maps to the typed {@linkplain io.rostersync.spi.RosterSyncException failures} of core.
 *
 * <p>No JSON library type appears here: the JSON-over-HTTP machinery the providers share lives in
 * {@code io.rostersync.http.internal}, which carries no compatibility promise. Secrets are held in
 * {@link io.rostersync.http.Secret} and never appear in logs, exception messages or {@code toString()}.
 */
@NullMarked
package io.rostersync.http;

import org.jspecify.annotations.NullMarked;
