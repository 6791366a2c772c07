package io.rostersync.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import org.jspecify.annotations.Nullable;

/**
 * The REST API's error body, an array of errors of which the first is read:
 * {@code [{"message": "No such column ...", "errorCode": "INVALID_FIELD", "fields": [...]}]}. Token errors
 * are the OAuth2 shape and are read by the token endpoint's own parser.
 */
public final class SalesforceErrorParser implements VendorErrorParser {

    /** The one instance; it holds no state. */
    public static final SalesforceErrorParser INSTANCE = new SalesforceErrorParser();

    private SalesforceErrorParser() {
    }

    @Override
    public VendorError parse(byte[] body, @Nullable JsonNode json) {
        if (json == null || !json.isArray() || json.isEmpty() || !json.get(0).isObject()) {
            return VendorError.NONE;
        }
        JsonNode first = json.get(0);
        return new VendorError(VendorErrorParser.text(first, "errorCode"), VendorErrorParser.text(first, "message"));
    }
}
