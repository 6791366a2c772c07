package io.rostersync.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.AccessToken;
import io.rostersync.http.AuthFailedException;
import io.rostersync.http.AuthHeader;
import io.rostersync.http.ErrorDetails;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.InvalidConfigurationException;
import io.rostersync.http.InvalidResponseException;
import io.rostersync.http.Secret;
import io.rostersync.http.TransientException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 JWT bearer flow (RFC 7523) as Salesforce implements it: an assertion
 * {@code {iss: client id, sub: username, aud: login host, exp: now + 3 min}} signed RS256 with the
 * host's private key is exchanged for an access token. The token is cached until the org rejects it;
 * a fresh assertion is signed for each exchange. The key is only ever handed to {@link Signature}.
 */
public final class JwtBearerAuth implements HttpAuth {

    private static final Pattern SAFE_CODE = Pattern.compile("[a-z_]{1,40}");
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);

    private final URI tokenUri;
    private final String clientId;
    private final String username;
    private final String audience;
    private final PrivateKey key;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable AccessToken current;

    public JwtBearerAuth(URI tokenUri, String clientId, String username, String audience, PrivateKey key,
                         HttpClient http, Clock clock, Duration timeout) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.username = username;
        this.audience = audience;
        this.key = key;
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
        if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new InvalidConfigurationException(ErrorDetails.of(SalesforceApi.VENDOR),
                    "salesforce: the JWT bearer flow needs an RSA private key (RS256)");
        }
    }

    /** The cached token, or a new one. */
    public AccessToken token() {
        AccessToken t = current;
        if (t != null) {
            return t;
        }
        lock.lock();
        try {
            if (current == null) {
                current = exchange();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<AuthHeader> header() {
        return Optional.of(AuthHeader.authorization("Bearer " + token().value().reveal()));
    }

    @Override
    public boolean refreshAfterRejection(Optional<AuthHeader> rejected) {
        lock.lock();
        try {
            AccessToken t = current;
            if (t != null && rejected.isPresent()
                    && rejected.get().equals(AuthHeader.authorization("Bearer " + t.value().reveal()))) {
                current = null;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A signed assertion valid for three minutes from now. */
    String assertion() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = mapper.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode claims = mapper.createObjectNode()
                .put("iss", clientId)
                .put("sub", username)
                .put("aud", audience)
                .put("exp", clock.instant().plus(ASSERTION_LIFETIME).getEpochSecond());
        String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            // The exception names the algorithm problem, never the key material.
            throw new InvalidConfigurationException(ErrorDetails.of(SalesforceApi.VENDOR),
                    "salesforce: could not sign the JWT assertion (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private AccessToken exchange() {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TransientException(ErrorDetails.of(SalesforceApi.VENDOR),
                    "salesforce POST /services/oauth2/token: connection failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(ErrorDetails.of(SalesforceApi.VENDOR), "salesforce token request interrupted", e);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status < 200 || status > 299) {
            // Only a code that looks like an OAuth error name is kept; the description may echo input.
            Optional<String> code = Optional.ofNullable(body == null ? null : body.path("error").textValue())
                    .filter(c -> SAFE_CODE.matcher(c).matches());
            ErrorDetails details = new ErrorDetails(SalesforceApi.VENDOR, OptionalInt.of(status), code, Optional.empty(),
                    Optional.empty(), Optional.empty());
            String message = "salesforce token request refused: HTTP " + status + code.map(c -> " " + c).orElse("");
            if (status >= 500 || status == 408) {
                throw new TransientException(details, message);
            }
            throw new AuthFailedException(details, message);
        }
        if (body == null || !body.path("access_token").isTextual() || body.path("access_token").asText().isBlank()) {
            throw new InvalidResponseException(ErrorDetails.of(SalesforceApi.VENDOR, status),
                    "salesforce token response has no access_token");
        }
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (e.getValue().isValueNode() && !e.getValue().isNull()
                    && !name.equals("access_token") && !name.equals("refresh_token") && !name.equals("id_token")) {
                fields.put(name, e.getValue().asText());
            }
        }
        Instant now = clock.instant();
        return new AccessToken(Secret.of(body.get("access_token").asText()), "bearer", now, Optional.empty(),
                Optional.ofNullable(fields.get("scope")), fields);
    }

    private @Nullable JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : mapper.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "JwtBearerAuth[tokenUri=" + tokenUri + ", clientId=" + clientId + ", username=" + username + ", key=****]";
    }
}
