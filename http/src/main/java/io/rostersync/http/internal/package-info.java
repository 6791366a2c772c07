/**
 * The JSON-over-HTTP machinery rostersync's own providers share ({@link io.rostersync.http.internal.JsonHttpClient},
 * requests, responses, lazy pagination, error mapping, redaction) and the implementation of
 * {@code io.rostersync.http}. For rostersync's providers only: there is no compatibility promise, and
 * names, signatures (Jackson types included) and behaviour may change in any release without notice.
 * Hosts configure HTTP through {@link io.rostersync.http.HttpSettings} instead.
 */
@NullMarked
package io.rostersync.http.internal;

import org.jspecify.annotations.NullMarked;
