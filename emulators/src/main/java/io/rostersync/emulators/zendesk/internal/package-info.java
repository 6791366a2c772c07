/**
 * Implementation of the Zendesk emulator: its store, routes, auth, rate limits and faults. Not API: may
 * change in any release without notice.
 */
@NullMarked
package io.rostersync.emulators.zendesk.internal;

import org.jspecify.annotations.NullMarked;
