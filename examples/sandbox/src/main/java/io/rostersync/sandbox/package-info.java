/**
 * The sandbox: runs the four seed flows end to end on the vendor emulators and shows what the engine
 * does. Not published; not API.
 */
@NullMarked
package io.rostersync.sandbox;

import org.jspecify.annotations.NullMarked;
