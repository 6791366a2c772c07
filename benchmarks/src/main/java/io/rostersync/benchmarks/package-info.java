/**
 * JMH benchmarks of the reconciliation engine and the plan codec, with the synthetic scenario they run
 * on. Not published; see {@code BENCHMARKS.md} at the repository root for commands and figures.
 */
@NullMarked
package io.rostersync.benchmarks;

import org.jspecify.annotations.NullMarked;
