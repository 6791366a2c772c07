/**
 * What directory, license and state-store authors implement: {@link io.rostersync.spi.UserDirectory}, {@link io.rostersync.spi.IdentityMatcher}, {@link io.rostersync.spi.RoleToPermissionMapper}, {@link io.rostersync.spi.LicensePool} and {@link io.rostersync.spi.SyncStateStore}, with their value types and the exception root.
 *
 * <p>The bottom layer above {@link io.rostersync.model}: it uses nothing else of rostersync, so an
 * implementation needs only these two packages. The values a store keeps are here for that reason: the run's
 * {@link io.rostersync.spi.SyncReport} and what it is made of ({@link io.rostersync.spi.RunStatus},
 * {@link io.rostersync.spi.FailedAction}, {@link io.rostersync.spi.Conflict}, {@link io.rostersync.spi.ConflictKind},
 * {@link io.rostersync.spi.UserRef}, {@link io.rostersync.spi.ActionKind}, {@link io.rostersync.spi.PlanMode}),
 * which plans use too, and the reasons actions and conflicts give ({@link io.rostersync.spi.Reason},
 * {@link io.rostersync.spi.ReasonCode}, shown in words by a {@link io.rostersync.spi.ReasonExplainer}).
 */
@NullMarked
package io.rostersync.spi;

import org.jspecify.annotations.NullMarked;
