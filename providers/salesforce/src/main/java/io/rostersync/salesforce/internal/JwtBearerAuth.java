package io.rostersync.salesforce.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.AccessToken;
import io.rostersync.http.AuthHeader;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.Secret;
import io.rostersync.http.TokenRequest;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 JWT bearer flow (RFC 7523) as Salesforce implements it: an assertion
 * {@code {iss: client id, sub: username, aud: login host, exp: now + 3 min}} signed RS256 with the
 * host's private key is exchanged for an access token. The token is cached until the org rejects it;
 * a fresh assertion is signed for each exchange. The key is only ever handed to {@link Signature}. The
 * exchange goes through {@link OAuth2TokenEndpoint}, like every grant: the request timeout covers the whole
 * answer, and no failure carries the assertion.
 */
public final class JwtBearerAuth implements HttpAuth {

    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);

    private final URI tokenUri;
    private final String clientId;
    private final String username;
    private final String audience;
    private final PrivateKey key;
    private final Clock clock;
    private final OAuth2TokenEndpoint endpoint;
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
        this.clock = clock;
        OAuth2TokenEndpoint.Builder e = OAuth2TokenEndpoint.builder(tokenUri)
                .vendor(SalesforceApi.VENDOR)
                .httpClient(http)
                .clock(clock)
                .requestTimeout(timeout)
                .requestIdHeaders(List.of("X-Request-Id", "X-SFDC-Request-Id"));
        if ("http".equalsIgnoreCase(tokenUri.getScheme())) {
            // The connection validated the org URL already; http is accepted only for a loopback host.
            e.allowInsecureLoopback();
        }
        this.endpoint = e.build();
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
        // A fresh assertion for each exchange; the endpoint redacts it (and its signature) from any answer.
        return endpoint.requestToken(TokenRequest.grant("urn:ietf:params:oauth:grant-type:jwt-bearer")
                .credential("assertion", Secret.of("the JWT assertion", assertion())));
    }

    @Override
    public String toString() {
        return "JwtBearerAuth[tokenUri=" + tokenUri + ", clientId=" + clientId + ", username=" + username + ", key=****]";
    }
}
