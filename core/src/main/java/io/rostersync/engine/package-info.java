/**
 * What applications call: the pure {@link io.rostersync.engine.Reconciler}, the {@link io.rostersync.engine.Executor} and the {@link io.rostersync.engine.SyncRunner} that runs a whole sync, with its report and listener.
 */
@NullMarked
package io.rostersync.engine;

import org.jspecify.annotations.NullMarked;
