/**
 * Versioned JSON for plans and run reports, so plans can be approved and applied later.
 */
@NullMarked
package io.rostersync.json;

import org.jspecify.annotations.NullMarked;
