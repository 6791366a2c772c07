package io.rostersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SCIM error response (RFC 7644 section 3.12):
 * {@code {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness",
 * "detail": "..."}}. The code is {@code scimType} (only 400 and 409 carry one); a server that sends none
 * still gets its {@code detail} kept. The {@code status} member repeats the HTTP status, which decides.
 */
public final class ScimErrorParser implements VendorErrorParser {

    /** The one instance; it holds no state. */
    public static final ScimErrorParser INSTANCE = new ScimErrorParser();

    private ScimErrorParser() {
    }

    @Override
    public VendorError parse(byte[] body, @Nullable JsonNode json) {
        if (json == null || !json.isObject()) {
            return VendorError.NONE;
        }
        Optional<String> code = VendorErrorParser.text(json, "scimType");
        Optional<String> detail = VendorErrorParser.text(json, "detail");
        return new VendorError(code, detail);
    }
}
