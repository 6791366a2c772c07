/**
 * Implementation details of the testkit. Not API: may change in any release without notice.
 */
@NullMarked
package io.rostersync.testkit.internal;

import org.jspecify.annotations.NullMarked;
