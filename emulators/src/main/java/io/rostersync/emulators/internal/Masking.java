package io.rostersync.emulators.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rostersync.emulators.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/** Turns what MockWebServer received into a {@link RecordedRequest} with its secrets masked. */
public final class Masking {

    /** Form and query fields whose value is a secret. */
    static final Set<String> SECRET_FIELDS = Set.of("client_secret", "assertion", "client_assertion", "password",
            "refresh_token", "code", "access_token", "id_token", "api_key", "apikey", "token");

    private static final Pattern SECRET_HEADER = Pattern.compile(
            "authorization|proxy-authorization|cookie|set-cookie|.*api[-_]?key.*|.*token.*|.*secret.*|.*password.*");

    private static final Set<String> JSON_SECRET_NAMES = Set.of("password", "client_secret", "refresh_token",
            "access_token", "assertion", "client_assertion");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern JSON_SECRET = Pattern.compile(
            "(\"(?:password|client_secret|refresh_token|access_token|assertion|client_assertion)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern FORM = Pattern.compile("[^=&\\s{\\[\"]+=[^&\\s]*(&[^=&\\s]+=[^&\\s]*)*");

    private Masking() {
    }

    /** The recorded, masked form of {@code request}. */
    public static RecordedRequest record(long sequence, mockwebserver3.RecordedRequest request) {
        HttpUrl url = request.getUrl();
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (int i = 0; i < url.querySize(); i++) {
            String name = url.queryParameterName(i);
            String value = url.queryParameterValue(i);
            query.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(isSecretField(name) ? RecordedRequest.MASK : value == null ? "" : value);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Headers h = request.getHeaders();
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            boolean secret = SECRET_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches();
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(secret ? RecordedRequest.MASK : h.value(i));
        }
        okio.ByteString raw = request.getBody();
        String body = raw == null ? "" : raw.utf8();
        String contentType = h.get("Content-Type");
        boolean form = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        body = form || FORM.matcher(body).matches() ? maskForm(body) : maskJson(body);
        return new RecordedRequest(sequence, request.getMethod() == null ? "" : request.getMethod(),
                url.encodedPath(), query, headers, body);
    }

    static boolean isSecretField(String name) {
        return SECRET_FIELDS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** A form body with every secret field's value masked; other fields kept byte for byte. */
    static String maskForm(String body) {
        if (body.isEmpty()) {
            return body;
        }
        List<String> out = new ArrayList<>();
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
            out.add(isSecretField(name) ? rawName + "=" + URLEncoder.encode(RecordedRequest.MASK, StandardCharsets.UTF_8)
                    .replace("%2A", "*") : pair);
        }
        return String.join("&", out);
    }

    /** A body with the values of JSON secret members masked; anything else unchanged. */
    static String maskJson(String body) {
        if (body.isEmpty()) {
            return body;
        }
        Matcher m = JSON_SECRET.matcher(body);
        String masked = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "\"" + RecordedRequest.MASK + "\""));
        // The pattern keeps the body as sent, but a name spelled with escapes ("pass\u0077ord") slips past it
        // while any JSON parser reads it as the secret: check with a parser, and mask through it if needed.
        JsonNode tree;
        try {
            tree = JSON.readTree(masked);
        } catch (IOException notJson) {
            return masked;
        }
        return tree != null && maskSecretMembers(tree) ? tree.toString() : masked;
    }

    /** Masks every secret member below {@code node}; whether one still held a value. */
    private static boolean maskSecretMembers(JsonNode node) {
        boolean found = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                if (JSON_SECRET_NAMES.contains(member.getKey().toLowerCase(Locale.ROOT))
                        && !member.getValue().asText().equals(RecordedRequest.MASK)) {
                    member.setValue(TextNode.valueOf(RecordedRequest.MASK));
                    found = true;
                } else {
                    found |= maskSecretMembers(member.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                found |= maskSecretMembers(element);
            }
        }
        return found;
    }
}
