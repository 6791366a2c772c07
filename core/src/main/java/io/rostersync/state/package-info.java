/**
 * Durable {@link io.rostersync.spi.SyncStateStore} implementations.
 */
@NullMarked
package io.rostersync.state;

import org.jspecify.annotations.NullMarked;
