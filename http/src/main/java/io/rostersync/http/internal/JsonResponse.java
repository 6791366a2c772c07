package io.rostersync.http.internal;

import io.rostersync.spi.InvalidResponseException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A successful (2xx) response whose body, if any, was valid JSON. Immutable.
 */
public final class JsonResponse {

    private final int status;
    private final URI uri;
    private final JsonNode body;
    private final Map<String, List<String>> headers;
    private final Optional<String> requestId;
    private final ObjectMapper mapper;
    private final Function<String, InvalidResponseException> invalid;

    JsonResponse(int status, URI uri, JsonNode body, Map<String, List<String>> headers, Optional<String> requestId,
            ObjectMapper mapper, Function<String, InvalidResponseException> invalid) {
        this.status = status;
        this.uri = uri;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.requestId = requestId;
        this.mapper = mapper;
        this.invalid = invalid;
    }

    /** The 2xx status. */
    public int status() {
        return status;
    }

    /** The URL that answered. */
    public URI uri() {
        return uri;
    }

    /** The parsed body; a {@code MissingNode} when the body was empty (204, or a HEAD). */
    public JsonNode body() {
        return body;
    }

    /** The response headers, names lower-cased. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The vendor's request id from the configured headers. */
    public Optional<String> requestId() {
        return requestId;
    }

    /**
     * The body bound to {@code type} with the client's {@code ObjectMapper}.
     *
     * @throws InvalidResponseException if the body is empty or does not fit
     */
    public <T> T as(Class<T> type) {
        return bind(mapper.getTypeFactory().constructType(type));
    }

    /** The body bound to a generic type, e.g. {@code new TypeReference<List<User>>() {}}. */
    public <T> T as(TypeReference<T> type) {
        return bind(mapper.getTypeFactory().constructType(type));
    }

    private <T> T bind(JavaType type) {
        if (body.isMissingNode() || body.isNull()) {
            throw invalid.apply("empty body where " + type.getRawClass().getSimpleName() + " was expected");
        }
        try {
            T value = mapper.treeToValue(body, type);
            if (value == null) {
                throw invalid.apply("body does not fit " + type.getRawClass().getSimpleName());
            }
            return value;
        } catch (JsonMappingException e) {
            // The path says where; the exception's message may quote vendor data and is not used.
            throw invalid.apply("body does not fit " + type.getRawClass().getSimpleName() + " at " + pathOf(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw invalid.apply("body does not fit " + type.getRawClass().getSimpleName());
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "JsonResponse[" + status + " " + uri.getRawPath() + requestId.map(id -> ", request id " + id).orElse("") + "]";
    }
}
