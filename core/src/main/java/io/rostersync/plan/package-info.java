/**
 * Plans: ordered actions, conflicts and explanations produced by the reconciler. The words a plan shares with
 * run reports and the state store ({@link io.rostersync.spi.ActionKind}, {@link io.rostersync.spi.Conflict},
 * {@link io.rostersync.spi.UserRef} and the like) are in {@link io.rostersync.spi}.
 */
@NullMarked
package io.rostersync.plan;

import org.jspecify.annotations.NullMarked;
