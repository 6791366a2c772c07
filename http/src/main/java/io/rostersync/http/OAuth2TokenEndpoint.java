package io.rostersync.http;

import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.RosterSyncException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.internal.Checks;
import io.rostersync.http.internal.ErrorMapper;
import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.Exchanges;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.Redactor;
import io.rostersync.http.internal.Transports;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.TransientException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OAuth2 token endpoint (RFC 6749 §3.2), the single way every grant obtains a token: client
 * credentials, the JWT bearer flow (RFC 7523), or any other grant built as a {@link TokenRequest}.
 * Immutable and thread-safe; it caches nothing: a {@link TokenClient} caches the token and decides when to
 * ask again. Transport, clock and request timeout come from {@link HttpSettings}.
 *
 * <p>What every token request gets, whatever the grant:
 * <ul>
 *   <li>the same whole-response deadline as a data call: the request timeout covers sending, the headers
 *       and the whole body, so an endpoint trickling its answer fails with a {@link TransientException}
 *       when the timeout passes and its connection is closed;</li>
 *   <li>no credential in any failure: a failed answer, of any status, is reported by status, an OAuth
 *       error code that looks like one ({@code invalid_client}) and request id; the endpoint's description
 *       is never quoted, and every credential the request carried (each {@link TokenRequest#credential}
 *       value and the Basic client secret, as sent, URL-encoded, JSON-escaped or base64-encoded, whole or
 *       in part) is removed from whatever text of the answer does reach a message;</li>
 *   <li>an https endpoint (http only for loopback when {@link Builder#allowInsecureLoopback()} is set),
 *       no redirects followed when the client is built here, and debug logs with the path only.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class OAuth2TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2TokenEndpoint.class);

    /** How the token request body is encoded. */
    public enum RequestFormat {
        /** {@code application/x-www-form-urlencoded}, the RFC 6749 default (Salesforce, Talkdesk). */
        FORM,
        /** A JSON object with the same parameters (Zendesk's {@code /oauth/tokens}). */
        JSON
    }

    private final String vendor;
    private final URI tokenUri;
    private final RequestFormat requestFormat;
    private final Optional<Duration> assumedLifetime;
    private final Duration requestTimeout;
    private final HttpClient httpClient;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ErrorMapper errors;

    private OAuth2TokenEndpoint(Builder b) {
        this.vendor = b.vendor;
        this.tokenUri = BaseUris.requireSecure(b.vendor, b.tokenUri, b.insecureLoopback || b.settings.allowInsecureLoopback());
        this.requestFormat = b.requestFormat;
        this.assumedLifetime = b.assumedLifetime;
        this.requestTimeout = b.settings.requestTimeout();
        this.clock = b.settings.clock();
        this.httpClient = Transports.client(b.settings);
        this.errors = new ErrorMapper(vendor, clock, b.requestIdHeaders, mapper, VendorErrorParser.OAUTH2);
    }

    /**
     * Starts a configuration. Defaults: vendor name {@code oauth2}, form encoding, no assumed lifetime,
     * {@link HttpSettings#defaults()}, the request-id headers {@code X-Request-Id},
     * {@code X-Zendesk-Request-Id}, {@code X-Correlation-Id}.
     *
     * @param tokenUri the token endpoint; must be https (see {@link HttpSettings.Builder#allowInsecureLoopback()})
     * @return a builder
     */
    public static Builder builder(URI tokenUri) {
        return new Builder(tokenUri);
    }

    /**
     * The validated token endpoint.
     *
     * @return the endpoint URL
     */
    public URI tokenUri() {
        return tokenUri;
    }

    /**
     * The vendor name used in messages and logs.
     *
     * @return the vendor name, a short lower-case word
     */
    public String vendor() {
        return vendor;
    }

    /** The clock token lifetimes are measured with. */
    Clock clock() {
        return clock;
    }

    /**
     * Sends {@code request} and returns the token, within the request timeout from start to the last byte.
     *
     * @param request the grant and its parameters
     * @return the token, never one without a value
     * @throws AuthFailedException      if the endpoint refused the request (400, 401, 403)
     * @throws TransientException       on timeouts (including a body that does not arrive in time), resets,
     *                                  408 and 5xx
     * @throws RateLimitedException     on 429
     * @throws RosterSyncException        for any other status
     * @throws InvalidResponseException if the answer has no usable bearer {@code access_token}
     */
    public AccessToken requestToken(TokenRequest request) {
        Objects.requireNonNull(request, "request");
        List<String> sent = new ArrayList<>();
        Map<String, String> params = new java.util.LinkedHashMap<>(request.parameters());
        request.credentials().forEach((name, secret) -> {
            params.put(name, secret.reveal());
            sent.add(secret.reveal());
        });
        HttpRequest.Builder http = HttpRequest.newBuilder(tokenUri)
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        request.basicClient().ifPresent(client -> {
            String pair = form(client.clientId()) + ":" + form(client.clientSecret().reveal());
            String encoded = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            http.header("Authorization", "Basic " + encoded);
            sent.add(client.clientSecret().reveal());
            sent.add(form(client.clientSecret().reveal()));
            sent.add(encoded);
        });
        String body;
        if (requestFormat == RequestFormat.JSON) {
            ObjectNode json = mapper.createObjectNode();
            params.forEach(json::put);
            body = json.toString();
            http.header("Content-Type", "application/json");
        } else {
            List<String> pairs = new ArrayList<>();
            params.forEach((k, v) -> pairs.add(form(k) + "=" + form(v)));
            body = String.join("&", pairs);
            http.header("Content-Type", "application/x-www-form-urlencoded");
        }
        http.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        Redactor redactor = Redactor.of(sent);

        LOG.debug("{} requesting an access token ({}) from {}", vendor, request.grantType(), ErrorMapper.path(tokenUri));
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = Exchanges.sendWithin(httpClient, http.build(), requestTimeout);
        } catch (IOException e) {
            LOG.debug("{} token request failed after {} ms: {}", vendor, (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName());
            throw errors.fromIo("POST", tokenUri, e, requestTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(ErrorDetails.of(vendor), vendor + " token request interrupted", e);
        }
        int status = response.statusCode();
        LOG.debug("{} POST {} -> {} in {} ms", vendor, ErrorMapper.path(tokenUri), status,
                (System.nanoTime() - start) / 1_000_000);
        if (status < 200 || status > 299) {
            throw errors.fromTokenEndpoint(tokenUri, status, response.headers(), response.body(), redactor);
        }
        return parse(response, redactor);
    }

    private AccessToken parse(HttpResponse<byte[]> response, Redactor redactor) {
        JsonNode root;
        try {
            root = mapper.readTree(response.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw invalid(response, "token response is not a JSON object", redactor);
        }
        JsonNode token = root.path("access_token");
        if (!token.isTextual() || token.asText().isBlank()) {
            throw invalid(response, "token response has no access_token", redactor);
        }
        String type = root.path("token_type").isTextual() ? root.path("token_type").asText() : "bearer";
        if (!type.equalsIgnoreCase("bearer")) {
            String shown = type.length() <= 20 && type.matches("[A-Za-z0-9_-]+") ? type : "(not shown)";
            throw invalid(response, "unsupported token_type " + shown, redactor);
        }
        Secret value;
        try {
            value = Secret.of(token.asText());
        } catch (IllegalArgumentException e) {
            throw invalid(response, "the access_token is not usable in a header", redactor);
        }
        Instant now = clock.instant();
        Optional<Instant> expiresAt = expiresIn(root.path("expires_in")).or(() -> assumedLifetime).map(now::plus);
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (e.getValue().isValueNode() && !e.getValue().isNull()
                    && !name.equals("access_token") && !name.equals("refresh_token") && !name.equals("id_token")
                    // an endpoint echoing the request must not turn a credential into a plain field
                    && !redactor.echoes(name) && !redactor.echoes(e.getValue().asText())) {
                fields.put(name, e.getValue().asText());
            }
        }
        Optional<String> grantedScope = Optional.ofNullable(fields.get("scope"));
        LOG.debug("{} obtained an access token, expires {}", vendor, expiresAt.map(Instant::toString).orElse("unknown"));
        return new AccessToken(value, type, now, expiresAt, grantedScope, fields);
    }

    private InvalidResponseException invalid(HttpResponse<byte[]> response, String what, Redactor redactor) {
        return errors.invalidResponse("POST", tokenUri, response.statusCode(), response.headers(), what, redactor);
    }

    private static Optional<Duration> expiresIn(JsonNode node) {
        if (node.canConvertToLong() && node.asLong() > 0) {
            return Optional.of(Duration.ofSeconds(node.asLong()));
        }
        if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(node.asText())));
        }
        return Optional.empty();
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth2TokenEndpoint[" + vendor + " " + tokenUri + "]";
    }

    /** Configuration of an {@link OAuth2TokenEndpoint}. Not thread-safe; the built object is. */
    public static final class Builder {
        private final URI tokenUri;
        private String vendor = "oauth2";
        private RequestFormat requestFormat = RequestFormat.FORM;
        private Optional<Duration> assumedLifetime = Optional.empty();
        private HttpSettings settings = HttpSettings.defaults();
        private List<String> requestIdHeaders = JsonHttpClient.DEFAULT_REQUEST_ID_HEADERS;
        private boolean insecureLoopback;

        private Builder(URI tokenUri) {
            this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
        }

        /**
         * The vendor name used in exception messages and logs.
         *
         * @param vendor a short lower-case name ({@code [a-z0-9][a-z0-9._-]*}, at most 40 characters)
         * @return this builder
         * @throws IllegalArgumentException if it is not such a name
         */
        public Builder vendor(String vendor) {
            this.vendor = Checks.vendor(vendor);
            return this;
        }

        /**
         * How the request body is encoded: form (RFC 6749, the default) or JSON (Zendesk).
         *
         * @param format the encoding
         * @return this builder
         */
        public Builder requestFormat(RequestFormat format) {
            this.requestFormat = Objects.requireNonNull(format, "requestFormat");
            return this;
        }

        /**
         * A lifetime to assume when the response has no {@code expires_in}.
         *
         * @param lifetime the lifetime, positive
         * @return this builder
         * @throws IllegalArgumentException unless positive
         */
        public Builder assumedLifetime(Duration lifetime) {
            this.assumedLifetime = Optional.of(Checks.positive(lifetime, "assumedLifetime"));
            return this;
        }

        /**
         * The transport, clock and request timeout (which covers each token request from sending to the last
         * byte), and whether plain http is accepted for a loopback endpoint. Retry and rate limits do not
         * apply to token requests: a failed one fails the call that needed the token, which is retried as
         * that call is.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder settings(HttpSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Response headers that carry the vendor's request id, first match wins.
         *
         * @param names the header names, in order of preference; copied
         * @return this builder
         */
        public Builder requestIdHeaders(List<String> names) {
            this.requestIdHeaders = List.copyOf(names);
            return this;
        }

        /**
         * Permits {@code http://} for a loopback endpoint (127.0.0.1, ::1, localhost) even when the settings do
         * not: for a provider whose own test base URI is on loopback. Other hosts still need https.
         *
         * @return this builder
         */
        public Builder allowInsecureLoopback() {
            this.insecureLoopback = true;
            return this;
        }

        /**
         * Validates the configuration.
         *
         * @return the endpoint
         * @throws InvalidConfigurationException if the token URI is not acceptable
         */
        public OAuth2TokenEndpoint build() {
            return new OAuth2TokenEndpoint(this);
        }
    }
}
