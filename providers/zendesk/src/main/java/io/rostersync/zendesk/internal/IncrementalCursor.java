package io.rostersync.zendesk.internal;

import io.rostersync.model.Cursor;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RosterSyncException;
import java.time.Instant;

/**
 * Where the incremental user export resumes: a {@code start_time} (after a full read) or the export's
 * own {@code after_cursor}. Encoded as {@code zendesk-users:start:<epoch seconds>} or
 * {@code zendesk-users:cursor:<after_cursor>} so that a cursor from another directory is recognised.
 */
public record IncrementalCursor(boolean isStartTime, String value) {

    private static final String PREFIX = "zendesk-users:";

    public static IncrementalCursor startAt(Instant time) {
        return new IncrementalCursor(true, Long.toString(Math.max(0, time.getEpochSecond())));
    }

    public static IncrementalCursor after(String afterCursor) {
        return new IncrementalCursor(false, afterCursor);
    }

    public Cursor encode() {
        return Cursor.of(PREFIX + (isStartTime ? "start:" : "cursor:") + value);
    }

    /** @throws RosterSyncException (INVALID_CONFIGURATION) if the cursor was not issued by a Zendesk directory */
    public static IncrementalCursor decode(Cursor cursor) {
        String v = cursor.value();
        if (v.startsWith(PREFIX + "start:") && v.substring(PREFIX.length() + 6).matches("\\d{1,12}")) {
            return new IncrementalCursor(true, v.substring(PREFIX.length() + 6));
        }
        if (v.startsWith(PREFIX + "cursor:") && v.length() > PREFIX.length() + 7
                && v.substring(PREFIX.length() + 7).matches("[A-Za-z0-9+/=_%.-]{1,2000}")) {
            return new IncrementalCursor(false, v.substring(PREFIX.length() + 7));
        }
        throw new InvalidConfigurationException("the stored cursor was not issued by a Zendesk user directory; run a full read");
    }
}
