/**
 * The implementation of {@code io.rostersync.micrometer}: the listeners and the licence-pool wrapper that turn
 * events into meters. There is no compatibility promise: names, signatures and behaviour may change in any
 * release without notice. Hosts use {@link io.rostersync.micrometer.RosterSyncMetrics} instead.
 */
@NullMarked
package io.rostersync.micrometer.internal;

import org.jspecify.annotations.NullMarked;
