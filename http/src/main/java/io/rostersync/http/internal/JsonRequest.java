package io.rostersync.http.internal;

import io.rostersync.http.HttpAuth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request for a {@link JsonHttpClient}: immutable, built with {@link #get(String)},
 * {@link #post(String, Object)} and friends.
 *
 * <p>The target is a path relative to the client's base URI ({@code sobjects/User}), a host-absolute
 * path ({@code /api/v2/users}), or an absolute URL on the same origin as the base URI (a next-page link
 * the server returned). Targets on another origin are refused so that credentials never travel there.
 *
 * <pre>{@code
 * JsonRequest.get("/api/v2/users").query("page[size]", "100").build();
 * JsonRequest.post("/api/v2/users/create_or_update_many", body).idempotent().build();
 * }</pre>
 */
public final class JsonRequest {

    private static final Set<String> RESERVED_HEADERS = Set.of(
            "authorization", "content-type", "accept", "content-length", "host", "connection", "expect", "upgrade");

    private final HttpMethod method;
    private final String target;
    private final Optional<Object> body;
    private final Map<String, String> headers;
    private final boolean idempotent;
    private final Optional<Duration> timeout;
    private final Optional<String> contentType;
    private final Optional<String> accept;

    private JsonRequest(Builder b) {
        this.method = b.method;
        StringBuilder t = new StringBuilder(b.target);
        if (b.query.length() > 0) {
            t.append(b.target.contains("?") ? '&' : '?').append(b.query);
        }
        this.target = t.toString();
        this.body = Optional.ofNullable(b.body);
        this.headers = Map.copyOf(b.headers);
        this.idempotent = b.idempotent;
        this.timeout = b.timeout;
        this.contentType = b.contentType;
        this.accept = b.accept;
    }

    public static Builder get(String target) {
        return new Builder(HttpMethod.GET, target);
    }

    public static Builder head(String target) {
        return new Builder(HttpMethod.HEAD, target);
    }

    public static Builder delete(String target) {
        return new Builder(HttpMethod.DELETE, target);
    }

    /** A POST: not retried on 5xx or timeouts unless marked {@link Builder#idempotent()}. */
    public static Builder post(String target, Object body) {
        return new Builder(HttpMethod.POST, target).body(body);
    }

    public static Builder put(String target, Object body) {
        return new Builder(HttpMethod.PUT, target).body(body);
    }

    /** A PATCH: not retried on 5xx or timeouts unless marked {@link Builder#idempotent()}. */
    public static Builder patch(String target, Object body) {
        return new Builder(HttpMethod.PATCH, target).body(body);
    }

    public HttpMethod method() {
        return method;
    }

    /** The target including any query added with {@link Builder#query(String, String)}. */
    public String target() {
        return target;
    }

    /**
     * The body, serialised by the client's {@code ObjectMapper}: a {@code JsonNode}, record, map, …. A
     * {@code String} becomes a JSON string; pass a {@code JsonNode} to send JSON you already have.
     */
    public Optional<Object> body() {
        return body;
    }

    /** Extra headers (never {@code Authorization}, which only the client's {@link HttpAuth} sets). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Whether a 5xx, timeout or reset may be retried: the method is idempotent or the caller said so. */
    public boolean safeToRepeat() {
        return idempotent || method.idempotent();
    }

    /** A per-request timeout overriding the client's. */
    public Optional<Duration> timeout() {
        return timeout;
    }

    /**
     * The {@code Content-Type} of the body when it differs from the client's {@code application/json;
     * charset=utf-8}, such as {@code application/scim+json} (RFC 7644 section 8.1).
     */
    public Optional<String> contentType() {
        return contentType;
    }

    /** The {@code Accept} header when it differs from the client's {@code application/json}. */
    public Optional<String> accept() {
        return accept;
    }

    /** Method and path only; never the query or body. */
    @Override
    public String toString() {
        int q = target.indexOf('?');
        return method + " " + (q < 0 ? target : target.substring(0, q));
    }

    /** Builds a {@link JsonRequest}. */
    public static final class Builder {
        private final HttpMethod method;
        private final String target;
        private final StringBuilder query = new StringBuilder();
        private @Nullable Object body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean idempotent;
        private Optional<Duration> timeout = Optional.empty();
        private Optional<String> contentType = Optional.empty();
        private Optional<String> accept = Optional.empty();

        private Builder(HttpMethod method, String target) {
            this.method = Objects.requireNonNull(method, "method");
            this.target = Objects.requireNonNull(target, "target");
            if (target.isBlank() || target.chars().anyMatch(c -> Character.isISOControl(c) || c == ' ')) {
                throw new IllegalArgumentException("target must not be blank or contain spaces or control characters");
            }
        }

        /** Appends a query parameter, percent-encoding name and value ({@code page[size]} goes out as {@code page%5Bsize%5D}). */
        public Builder query(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(name)).append('=').append(encode(value));
            return this;
        }

        public Builder body(Object body) {
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                throw new IllegalArgumentException(method + " has no body");
            }
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** Adds a header such as {@code If-Match}; credential and framing headers are refused. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the client");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Marks a POST or PATCH as safe to repeat (an upsert keyed by external id, a create carrying an
         * idempotency key), so that 5xx, timeouts and resets are retried.
         */
        public Builder idempotent() {
            this.idempotent = true;
            return this;
        }

        /**
         * The body's media type instead of {@code application/json; charset=utf-8}; the body is still
         * serialised as UTF-8 JSON, so only JSON media types ({@code …/json} or {@code …+json}) are accepted.
         */
        public Builder contentType(String mediaType) {
            this.contentType = Optional.of(requireJsonMediaType(mediaType, "content type"));
            return this;
        }

        /** The {@code Accept} header instead of {@code application/json}, e.g. {@code application/scim+json, application/json}. */
        public Builder accept(String mediaTypes) {
            Objects.requireNonNull(mediaTypes, "mediaTypes");
            if (mediaTypes.isBlank() || mediaTypes.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("accept must be a non-blank header value");
            }
            this.accept = Optional.of(mediaTypes);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Optional.of(Checks.positive(timeout, "timeout"));
            return this;
        }

        public JsonRequest build() {
            return new JsonRequest(this);
        }

        private static String requireJsonMediaType(String mediaType, String what) {
            Objects.requireNonNull(mediaType, what);
            String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (mediaType.chars().anyMatch(Character::isISOControl) || !(type.endsWith("/json") || type.endsWith("+json"))) {
                throw new IllegalArgumentException(what + " must be a JSON media type (…/json or …+json), was '" + mediaType + "'");
            }
            return mediaType;
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
