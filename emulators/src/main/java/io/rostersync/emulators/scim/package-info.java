/**
 * A stateful SCIM 2.0 service provider emulator for testing SCIM clients offline, and the fault plan
 * that every rostersync vendor emulator uses.
 */
@NullMarked
package io.rostersync.emulators.scim;

import org.jspecify.annotations.NullMarked;
