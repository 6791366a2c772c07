package io.rostersync.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import org.jspecify.annotations.Nullable;

/**
 * Zendesk's three error-body shapes: {@code {"error": "RecordNotFound", "description": "Not found"}},
 * {@code {"error": {"title": "InvalidValue", "message": "Email is invalid"}}}, and the {@code Errors} schema of
 * its OpenAPI document (429s among others), {@code {"errors": [{"code": "TooManyRequests", "title": "..."}]}},
 * of which the first entry is read. The {@code details} map of a {@code RecordInvalid} and an entry's
 * {@code detail} and {@code source} are not read (they may quote the submitted values).
 */
public final class ZendeskErrorParser implements VendorErrorParser {

    /** The one instance; it holds no state. */
    public static final ZendeskErrorParser INSTANCE = new ZendeskErrorParser();

    private ZendeskErrorParser() {
    }

    @Override
    public VendorError parse(byte[] body, @Nullable JsonNode json) {
        if (json == null || !json.isObject()) {
            return VendorError.NONE;
        }
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            return new VendorError(VendorErrorParser.text(json, "error"), VendorErrorParser.text(json, "description"));
        }
        if (error.isObject()) {
            return new VendorError(VendorErrorParser.text(error, "title"), VendorErrorParser.text(error, "message"));
        }
        JsonNode first = json.path("errors").path(0);
        if (first.isObject()) {
            return new VendorError(VendorErrorParser.text(first, "code"), VendorErrorParser.text(first, "title"));
        }
        return VendorError.NONE;
    }
}
