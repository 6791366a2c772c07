/**
 * What applications call: the pure {@link io.rostersync.engine.Reconciler}, the {@link io.rostersync.engine.Executor} and the {@link io.rostersync.engine.SyncRunner} that runs a whole sync, with its options and listener. The report a run returns, {@link io.rostersync.spi.SyncReport}, is an SPI value, since the state store keeps it.
 */
@NullMarked
package io.rostersync.engine;

import org.jspecify.annotations.NullMarked;
