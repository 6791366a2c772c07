/**
 * A reference host-side directory over a plain users table, written as the example a host copies.
 */
@NullMarked
package io.rostersync.testkit.jdbc;

import org.jspecify.annotations.NullMarked;
