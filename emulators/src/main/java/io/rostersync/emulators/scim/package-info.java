/**
 * A stateful SCIM 2.0 service provider emulator ({@link io.rostersync.emulators.scim.ScimEmulator}) for
 * testing SCIM clients offline, on the shared emulator API of {@link io.rostersync.emulators}.
 */
@NullMarked
package io.rostersync.emulators.scim;

import org.jspecify.annotations.NullMarked;
