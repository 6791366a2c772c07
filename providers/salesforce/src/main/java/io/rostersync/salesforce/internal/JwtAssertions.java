package io.rostersync.salesforce.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.http.Secret;
import io.rostersync.http.TokenClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The assertions of the OAuth 2.0 JWT bearer flow (RFC 7523) as Salesforce implements it:
 * {@code {iss: client id, sub: username, aud: login host, exp: now + 3 min}} signed RS256 with the host's
 * private key. The exchange, caching and refresh are {@link TokenClient#jwtBearer}'s, like every grant's; a
 * fresh assertion is signed for each exchange. The key is only ever handed to {@link Signature}.
 */
public final class JwtAssertions {

    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(3);

    private final String clientId;
    private final String username;
    private final String audience;
    private final PrivateKey key;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @throws InvalidConfigurationException unless the key is an RSA key */
    public JwtAssertions(String clientId, String username, String audience, PrivateKey key, Clock clock) {
        this.clientId = clientId;
        this.username = username;
        this.audience = audience;
        this.key = key;
        this.clock = clock;
        if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new InvalidConfigurationException(ErrorDetails.of(SalesforceApi.VENDOR),
                    "salesforce: the JWT bearer flow needs an RSA private key (RS256)");
        }
    }

    /** A signed assertion valid for three minutes from now. */
    public Secret next() {
        return Secret.of("the JWT assertion", assertion());
    }

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

    /** Names the client and user, never the key. */
    @Override
    public String toString() {
        return "JwtAssertions[clientId=" + clientId + ", username=" + username + ", key=****]";
    }
}
