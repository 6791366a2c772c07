package io.rostersync.emulators;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request an emulator received, as {@link Emulator#takeRequest()} and {@link Emulator#requests()} return
 * it. Secrets are masked before it is recorded: the values of {@code Authorization}, {@code Cookie} and
 * API-key or token headers, of the token-endpoint fields {@code client_secret}, {@code assertion},
 * {@code client_assertion}, {@code password}, {@code refresh_token} and {@code code} in a form body or the
 * query string, and of JSON {@code "password"} and {@code "client_secret"} members, all read {@value #MASK}. Immutable.
 *
 * @param sequence the position of the request at its emulator, 0 for the first
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the request path without the query string, as sent (percent-encoded)
 * @param query the decoded query parameters in order; empty if none
 * @param headers the headers by name (looked up case-insensitively), each with its values in order
 * @param body the body as UTF-8 text; empty if none
 */
public record RecordedRequest(long sequence, String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> headers, String body) {

    /** What a masked secret reads. */
    public static final String MASK = "***";

    /**
     * Checks and copies the request's parts.
     *
     * @throws IllegalArgumentException if the sequence is negative
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        if (sequence < 0) {
            throw new IllegalArgumentException("a request's sequence is not negative; got " + sequence);
        }
        Map<String, List<String>> q = new LinkedHashMap<>();
        Objects.requireNonNull(query, "query").forEach((k, v) -> q.put(k, List.copyOf(v)));
        query = Collections.unmodifiableMap(q);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.merge(k, List.copyOf(v), RecordedRequest::concat));
        headers = Collections.unmodifiableMap(h);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return its first value, or empty if the request did not carry it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the decoded parameter name, exact case
     * @return its first value (empty text for a parameter without a value), or empty if absent
     */
    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The request line as the client would write it, e.g. {@code GET /scim/v2/Users?count=100}, with masked
     * query values.
     *
     * @return the method, path and query
     */
    public String requestLine() {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep).append(e.getKey()).append('=').append(v);
                sep = '&';
            }
        }
        return sb.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
