/**
 * A stateful Talkdesk emulator (token endpoint, REST users with HAL paging, SCIM users with the Talkdesk
 * extension and the seat rule) for testing Talkdesk integrations offline.
 */
@NullMarked
package io.rostersync.emulators.talkdesk;

import org.jspecify.annotations.NullMarked;
