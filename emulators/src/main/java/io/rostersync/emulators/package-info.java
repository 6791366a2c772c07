/**
 * The shared API of the vendor emulators: one lifecycle ({@link io.rostersync.emulators.Emulator}), one
 * fault vocabulary ({@link io.rostersync.emulators.Fault}) planned per {@link io.rostersync.emulators.Route}
 * through a {@link io.rostersync.emulators.FaultPlan}, the requests an emulator received
 * ({@link io.rostersync.emulators.RecordedRequest}, secrets masked), and a JUnit 5 extension
 * ({@link io.rostersync.emulators.EmulatorExtension}) that starts and stops an emulator per test or per class.
 *
 * <p>A test reads in mockwebserver3's order: script the emulator and its faults, exercise the code under
 * test, verify the requests the emulator recorded.
 */
@NullMarked
package io.rostersync.emulators;

import org.jspecify.annotations.NullMarked;
