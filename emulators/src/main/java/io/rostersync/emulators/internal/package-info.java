/**
 * Implementation details of the emulators. Not API: may change in any release without notice.
 */
@NullMarked
package io.rostersync.emulators.internal;

import org.jspecify.annotations.NullMarked;
