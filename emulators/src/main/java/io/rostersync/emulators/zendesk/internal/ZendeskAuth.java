package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who may call: API tokens ({@code Basic base64(email/token:token)}), configured bearer tokens that never
 * expire, and bearer tokens issued at {@code POST /oauth/tokens} (client_credentials grant, JSON body) that
 * expire after the configured lifetime or when {@link #revoke revoked}.
 */
final class ZendeskAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ZendeskStore clock;
    private final Map<String, String> apiTokens;
    private final Set<String> staticBearerTokens;
    private final Map<String, String> oauthClients;
    private final Optional<Duration> tokenLifetime;
    private final Map<String, Instant> issuedTokens = new HashMap<>();
    private int nextToken = 1;

    ZendeskAuth(ZendeskStore clock, ZendeskSettings settings) {
        this.clock = clock;
        this.apiTokens = settings.apiTokens();
        this.staticBearerTokens = settings.bearerTokens();
        this.oauthClients = settings.oauthClients();
        this.tokenLifetime = settings.tokenLifetime();
    }

    /** {@code POST /oauth/tokens}: a bearer token for a known client and secret. */
    MockResponse token(RecordedRequest request) {
        JsonNode body = ZendeskJson.body(request);
        String clientId = body.path("client_id").asText("");
        String secret = body.path("client_secret").asText("");
        if (!body.path("grant_type").asText("").equals("client_credentials")) {
            return json(400, obj("error", "unsupported_grant_type"));
        }
        if (!oauthClients.containsKey(clientId) || !oauthClients.get(clientId).equals(secret)) {
            return json(401, obj("error", "invalid_client"));
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String token = "emu-oauth-" + (nextToken++) + "-" + HexFormat.of().formatHex(random);
        Instant expires = tokenLifetime.map(clock.now()::plus).orElse(Instant.MAX);
        issuedTokens.put(token, expires);
        ObjectNode response = JSON.createObjectNode();
        response.put("access_token", token);
        response.put("token_type", "bearer");
        response.put("scope", body.path("scope").asText("read"));
        tokenLifetime.ifPresent(l -> response.put("expires_in", l.toSeconds()));
        return json(200, response);
    }

    /** An issued token stops working: the next request with it gets 401. */
    void revoke(String token) {
        issuedTokens.remove(token);
    }

    /** Whether the request carries a valid credential. */
    boolean authenticated(RecordedRequest request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null) {
            return false;
        }
        if (header.startsWith("Bearer ")) {
            String token = header.substring(7).strip();
            if (staticBearerTokens.contains(token)) {
                return true;
            }
            Instant expires = issuedTokens.get(token);
            return expires != null && clock.now().isBefore(expires);
        }
        if (header.startsWith("Basic ")) {
            Optional<String[]> emailAndToken = apiToken(header);
            return emailAndToken.isPresent()
                    && Objects.equals(apiTokens.get(emailAndToken.get()[0].toLowerCase(Locale.ROOT)), emailAndToken.get()[1]);
        }
        return false;
    }

    /** The agent email of an API-token credential ({@code Basic base64(email/token:token)}), as sent. */
    static Optional<String> basicEmail(@Nullable String header) {
        return header == null ? Optional.empty() : apiToken(header).map(t -> t[0]);
    }

    /** The email and token of a {@code Basic} API-token header, if it is one. */
    private static Optional<String[]> apiToken(String header) {
        if (!header.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int sep = decoded.indexOf("/token:");
        if (sep < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, sep), decoded.substring(sep + 7)});
    }

    /** Zendesk's answer to a request without a valid credential. */
    static MockResponse unauthorized() {
        return ZendeskJson.error(401, "Couldn't authenticate you", null);
    }
}
