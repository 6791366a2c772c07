package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.NUMERIC;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.decodeCursor;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.encodeCursor;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.error;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.intParam;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * {@code GET /api/v2/incremental/users/cursor}: {@code start_time} (at least a minute in the past) or
 * {@code cursor}, {@code per_page} up to 1000, {@code after_cursor}, {@code end_of_stream}. Users come in
 * the order of their latest change, so one changed while a client pages shows up again later. Deleted users
 * are exported with {@code active: false}. (Zendesk leaves out the most recent minute; this does not.)
 */
final class IncrementalExport {

    private final ZendeskStore store;

    IncrementalExport(ZendeskStore store) {
        this.store = store;
    }

    /** An export page with nobody on it that ends the stream, its cursor where the request started. */
    MockResponse empty(HttpUrl url) {
        String cursor = url.queryParameter("cursor");
        return body(cursor != null ? cursor : encodeCursor("seq", 0), JSON.createArrayNode(), false);
    }

    MockResponse page(HttpUrl url) {
        int perPage = intParam(url, "per_page", 1000, 1, 1000);
        String cursor = url.queryParameter("cursor");
        String start = url.queryParameter("start_time");
        long afterSeq;
        long startEpoch = Long.MIN_VALUE;
        if (cursor != null) {
            afterSeq = decodeCursor(cursor, "seq");
        } else if (start != null && NUMERIC.matcher(start).matches()) {
            startEpoch = Long.parseLong(start);
            if (startEpoch > store.now().getEpochSecond() - 60) {
                return error(400, "InvalidValue", "start_time must be at least one minute in the past");
            }
            afterSeq = 0;
        } else {
            return error(400, "InvalidValue", "start_time or cursor is required");
        }
        ArrayNode page = JSON.createArrayNode();
        long last = afterSeq;
        boolean more = false;
        for (Map.Entry<Long, Long> e : store.changeOrder()) {
            if (e.getValue() <= afterSeq) {
                continue;
            }
            ObjectNode u = store.held(e.getKey()); // users are never removed, so every sequenced id has one
            if (startEpoch != Long.MIN_VALUE && Instant.parse(u.path("updated_at").asText()).getEpochSecond() < startEpoch) {
                continue;
            }
            if (page.size() == perPage) {
                more = true;
                break;
            }
            page.add(u);
            last = e.getValue();
        }
        if (page.isEmpty() && cursor == null) {
            last = store.lastSequence();
        }
        return body(encodeCursor("seq", last), page, more);
    }

    private MockResponse body(String after, ArrayNode page, boolean more) {
        ObjectNode body = JSON.createObjectNode();
        body.put("after_cursor", after);
        body.put("after_url", store.origin() + "/api/v2/incremental/users/cursor.json?cursor=" + after);
        body.putNull("before_cursor");
        body.putNull("before_url");
        body.put("end_of_stream", !more);
        body.set("users", page);
        return json(200, body);
    }
}
