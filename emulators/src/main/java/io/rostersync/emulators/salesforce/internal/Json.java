package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/** The org's JSON: records from field/value pairs, Salesforce's error and per-record result shapes, JSON responses. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** An object from {@code name, value, name, value, ...}; values as {@link #put} takes them. */
    static ObjectNode fields(@Nullable Object... pairs) {
        ObjectNode n = MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            put(n, (String) pairs[i], pairs[i + 1]);
        }
        return n;
    }

    /** Sets a field to a {@code String}, {@code Boolean}, {@code Integer}, anything else's {@code toString()}, or null. */
    static void put(ObjectNode n, String field, @Nullable Object value) {
        if (value == null) {
            n.putNull(field);
        } else if (value instanceof Boolean b) {
            n.put(field, b);
        } else if (value instanceof Integer i) {
            n.put(field, i);
        } else {
            n.put(field, value.toString());
        }
    }

    /** A successful per-record result of sObject Collections. */
    static ObjectNode success(String id) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("id", id);
        r.put("success", true);
        r.putArray("errors");
        return r;
    }

    /** A failed per-record result of sObject Collections. */
    static ObjectNode failure(@Nullable String id, String code, String message, String... fieldNames) {
        ObjectNode r = MAPPER.createObjectNode();
        if (id != null) {
            r.put("id", id);
        }
        r.put("success", false);
        ObjectNode e = r.putArray("errors").addObject();
        e.put("statusCode", code);
        e.put("message", message);
        ArrayNode f = e.putArray("fields");
        for (String name : fieldNames) {
            f.add(name);
        }
        return r;
    }

    /** The REST API's error body, {@code [{"message": ..., "errorCode": ...}]}. */
    static MockResponse.Builder error(int status, String code, String message) {
        ArrayNode body = MAPPER.createArrayNode();
        ObjectNode e = body.addObject();
        e.put("message", message);
        e.put("errorCode", code);
        return response(status, body);
    }

    /** The OAuth endpoint's error body, {@code {"error": ..., "error_description": ...}}. */
    static MockResponse.Builder oauthError(int status, String error, String description) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return response(status, body);
    }

    static MockResponse.Builder response(int status, JsonNode body) {
        try {
            return new MockResponse.Builder().code(status)
                    .setHeader("Content-Type", "application/json;charset=UTF-8")
                    .body(MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request the REST API refuses as a whole with 400 and this error code. */
    static final class BadRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        BadRequestException(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
