/** Runnable examples of embedding rostersync; not published. */
@NullMarked
package io.rostersync.examples;

import org.jspecify.annotations.NullMarked;
