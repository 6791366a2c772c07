/**
 * The runnable quick start.
 */
@NullMarked
package io.rostersync.testkit.demo;

import org.jspecify.annotations.NullMarked;
