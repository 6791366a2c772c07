/**
 * Offline test support for hosts and providers: in-memory fakes, contract suites and seeded roster generators.
 */
@NullMarked
package io.rostersync.testkit;

import org.jspecify.annotations.NullMarked;
