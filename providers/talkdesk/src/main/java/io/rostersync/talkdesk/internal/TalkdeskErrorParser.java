package io.rostersync.talkdesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import org.jspecify.annotations.Nullable;

/**
 * Talkdesk's REST error body: {@code {"code": "1001001", "message": "Invalid request"}}. Its SCIM endpoints
 * answer in the SCIM shape and are read by the scim provider's parser.
 */
public final class TalkdeskErrorParser implements VendorErrorParser {

    /** The one instance; it holds no state. */
    public static final TalkdeskErrorParser INSTANCE = new TalkdeskErrorParser();

    private TalkdeskErrorParser() {
    }

    @Override
    public VendorError parse(byte[] body, @Nullable JsonNode json) {
        if (json == null || !json.isObject()) {
            return VendorError.NONE;
        }
        return new VendorError(VendorErrorParser.text(json, "code"), VendorErrorParser.text(json, "message"));
    }
}
