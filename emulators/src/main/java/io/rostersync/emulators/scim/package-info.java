/**
 * A stateful SCIM 2.0 service provider emulator for testing SCIM clients offline, and the fault plan
 * ({@link io.rostersync.emulators.scim.EmulatorFaults}) shared by the SCIM and Talkdesk emulators.
 */
@NullMarked
package io.rostersync.emulators.scim;

import org.jspecify.annotations.NullMarked;
