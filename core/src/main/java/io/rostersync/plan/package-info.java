/**
 * Plans: ordered actions, conflicts and explanations produced by the reconciler.
 */
@NullMarked
package io.rostersync.plan;

import org.jspecify.annotations.NullMarked;
