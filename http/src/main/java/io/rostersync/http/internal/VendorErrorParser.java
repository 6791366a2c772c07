package io.rostersync.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a vendor's error code and message out of an error response body; each provider supplies its own
 * (the shape of an error body is the vendor's business), {@link ErrorMapper} stays the one place that maps
 * the status to a type and decides what of the result may be shown.
 *
 * <p>A parser only extracts: {@link ErrorMapper} calls it inside a guard (a parser that throws or returns
 * {@code null} counts as having found nothing), drops a code or message that echoes a credential the
 * request sent, keeps only a code that looks like one where the body may echo credentials (401, 403, token
 * endpoints), and cuts and cleans what it keeps. A parser therefore never needs to bound what it returns,
 * but should return text as the vendor sent it (stripped), not decorated.
 */
@FunctionalInterface
public interface VendorErrorParser {

    /** Finds nothing: the status alone decides; the default of a {@link JsonHttpClient}. */
    VendorErrorParser NONE = (body, json) -> VendorError.NONE;

    /**
     * The standard OAuth2 token error response (RFC 6749 section 5.2):
     * {@code {"error": "invalid_client", "error_description": "..."}}; the default of
     * {@code OAuth2TokenEndpoint}.
     */
    VendorErrorParser OAUTH2 = (body, json) -> json != null && json.path("error").isTextual()
            ? new VendorError(text(json, "error"), text(json, "error_description"))
            : VendorError.NONE;

    /**
     * The vendor's code and message in {@code body}.
     *
     * @param body the raw error body, possibly empty, binary or truncated
     * @param json {@code body} read as JSON, or {@code null} if it is empty or not JSON
     * @return what was found; {@link VendorError#NONE} if nothing
     */
    VendorError parse(byte[] body, @Nullable JsonNode json);

    /**
     * The first of {@code names} on {@code node} whose value is a non-blank string or a number, stripped.
     * Never throws, whatever {@code node} is.
     */
    static Optional<String> text(@Nullable JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()) {
                return Optional.of(v.asText().strip());
            }
        }
        return Optional.empty();
    }

    /**
     * The code and description found in an error body, unbounded and unchecked: {@link ErrorMapper} judges
     * and bounds them.
     *
     * @param code    the vendor's error code ({@code RecordNotFound}, {@code uniqueness})
     * @param message the vendor's human-readable description
     */
    record VendorError(Optional<String> code, Optional<String> message) {

        /** Nothing found. */
        public static final VendorError NONE = new VendorError(Optional.empty(), Optional.empty());

        /** Checks that neither part is null. */
        public VendorError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
