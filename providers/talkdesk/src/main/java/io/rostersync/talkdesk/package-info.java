/**
 * Talkdesk as a {@link io.rostersync.spi.UserDirectory} ({@link io.rostersync.talkdesk.TalkdeskUserDirectory})
 * and its seats as a {@link io.rostersync.spi.LicensePool} ({@link io.rostersync.talkdesk.TalkdeskSeatPool}).
 */
@NullMarked
package io.rostersync.talkdesk;

import org.jspecify.annotations.NullMarked;
