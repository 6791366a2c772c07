/**
 * How a sync decides: {@link io.rostersync.policy.SyncPolicy} and the built-in matchers, permission mapper, license rules and deletion guard.
 */
@NullMarked
package io.rostersync.policy;

import org.jspecify.annotations.NullMarked;
