/**
 * The Bucket4j side of the shared budgets. Internal: no compatibility promise; use
 * {@link io.rostersync.bucket4j.PostgresRequestBudgets}.
 */
@NullMarked
package io.rostersync.bucket4j.internal;

import org.jspecify.annotations.NullMarked;
