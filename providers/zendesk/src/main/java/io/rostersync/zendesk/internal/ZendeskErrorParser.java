package io.rostersync.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import org.jspecify.annotations.Nullable;

/**
 * Zendesk's two error-body shapes: {@code {"error": "RecordNotFound", "description": "Not found"}} and
 * {@code {"error": {"title": "InvalidValue", "message": "Email is invalid"}}}; the {@code details} map of
 * a {@code RecordInvalid} is not read (its per-field messages may quote the submitted values).
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
        return VendorError.NONE;
    }
}
