package io.rostersync.emulators.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** Zendesk's JSON shapes: response bodies, error bodies, request parsing and cursors. */
public final class ZendeskJson {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern NUMERIC = Pattern.compile("[0-9]{1,19}");

    private ZendeskJson() {
    }

    /** Thrown inside handlers for a request that cannot be served; carries the response. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient MockResponse response;

        BadRequest(MockResponse response) {
            super(null, null, false, false);
            this.response = response;
        }

        MockResponse response() {
            return response;
        }
    }

    /** The request's JSON body; a 400 ({@link BadRequest}) if it is missing or not JSON. */
    static JsonNode body(RecordedRequest request) {
        ByteString bytes = request.getBody();
        if (bytes == null || bytes.size() == 0) {
            throw new BadRequest(error(400, "InvalidRequest", "a JSON body is required"));
        }
        try {
            return JSON.readTree(bytes.utf8());
        } catch (IOException e) {
            throw new BadRequest(error(400, "InvalidJSON", "the body is not JSON"));
        }
    }

    static int intParam(HttpUrl url, String name, int dflt, int min, int max) {
        String v = url.queryParameter(name);
        if (v == null) {
            return dflt;
        }
        if (!NUMERIC.matcher(v).matches() || v.length() > 6) {
            throw new BadRequest(error(400, "InvalidPaginationParameter", name + " must be a number"));
        }
        return Math.max(min, Math.min(max, Integer.parseInt(v)));
    }

    static String encodeCursor(String kind, long value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeCursor(String cursor, String kind) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(kind + ":") && NUMERIC.matcher(decoded.substring(kind.length() + 1)).matches()) {
                return Long.parseLong(decoded.substring(kind.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new BadRequest(error(400, "InvalidCursor", "the cursor is not valid"));
    }

    /**
     * The endpoint key of a request: its method and its path without {@code .json}, ids as {@code {id}},
     * e.g. {@code "PUT /api/v2/users/{id}"}.
     */
    public static String endpoint(String method, String encodedPath) {
        String p = encodedPath.endsWith(".json") ? encodedPath.substring(0, encodedPath.length() - 5) : encodedPath;
        String[] parts = p.split("/", -1);
        if (parts.length == 5 && (parts[3].equals("users") || parts[3].equals("job_statuses"))
                && !parts[4].equals("me") && !parts[4].equals("show_many") && !parts[4].equals("update_many")
                && !parts[4].equals("search") && !parts[4].equals("create_or_update_many") && !parts[4].isEmpty()) {
            parts[4] = "{id}";
        }
        return method + " " + String.join("/", parts);
    }

    static ObjectNode wrap(String field, JsonNode value) {
        ObjectNode body = JSON.createObjectNode();
        body.set(field, value.deepCopy());
        return body;
    }

    static ObjectNode obj(String field, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put(field, value);
        return body;
    }

    static MockResponse notFound() {
        return error(404, "RecordNotFound", "Not found");
    }

    /** Zendesk's answer to a create or update whose unique field another user holds. */
    static MockResponse duplicate(String field, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        ObjectNode detail = JSON.createObjectNode();
        detail.put("description", description);
        detail.put("error", "DuplicateValue");
        body.putObject("details").putArray(field).add(detail);
        return json(422, body);
    }

    static MockResponse recordInvalid(String code) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        ObjectNode detail = JSON.createObjectNode();
        detail.put("error", code);
        detail.put("description", code.equals("DuplicateValue") ? "Email is already being used by another user" : "Value is invalid");
        body.putObject("details").putArray("base").add(detail);
        return json(422, body);
    }

    /** An error body {@code {"error": ..., "description": ...}} with this status. */
    public static MockResponse error(int status, String error, @Nullable String description) {
        ObjectNode body = obj("error", error);
        if (description != null) {
            body.put("description", description);
        }
        return json(status, body);
    }

    /** A JSON response with Zendesk's content type and a request id. */
    public static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("X-Zendesk-Request-Id", "emu-" + Integer.toHexString(body.hashCode()))
                .body(body.toString())
                .build();
    }
}
