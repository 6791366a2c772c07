/**
 * One request budget per vendor account that every node draws from, kept in the host's PostgreSQL through
 * Bucket4j: {@link io.rostersync.bucket4j.PostgresRequestBudgets} makes an
 * {@link io.rostersync.http.RequestBudget} a host adds to its {@link io.rostersync.http.HttpSettings}.
 */
@NullMarked
package io.rostersync.bucket4j;

import org.jspecify.annotations.NullMarked;
