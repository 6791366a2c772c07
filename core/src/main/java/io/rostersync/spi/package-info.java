/**
 * What directory, license and state-store authors implement: {@link io.rostersync.spi.UserDirectory}, {@link io.rostersync.spi.IdentityMatcher}, {@link io.rostersync.spi.RoleToPermissionMapper}, {@link io.rostersync.spi.LicensePool} and {@link io.rostersync.spi.SyncStateStore}, with their value types and the exception root.
 */
@NullMarked
package io.rostersync.spi;

import org.jspecify.annotations.NullMarked;
