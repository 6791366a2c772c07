package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth token endpoint, {@code POST /services/oauth2/token}: the client-credentials grant (secret in the
 * form or HTTP Basic) and the JWT bearer grant (RS256, {@code exp} at most five minutes ahead), and the
 * tokens it issued, valid until {@link #expireAll()}. Guarded by the {@link OrgStore}'s monitor.
 */
public final class TokenEndpoint {

    /** The path of the token endpoint. */
    public static final String PATH = "/services/oauth2/token";
    static final String ORG_ID = "00D5g000004EmUL";

    private record JwtClient(PublicKey key, String username) {
    }

    private final OrgStore store;
    private final Supplier<URI> myDomain;
    private final Set<String> validTokens = new HashSet<>();
    private final Map<String, String> clients = new HashMap<>();
    private final Map<String, JwtClient> jwtClients = new HashMap<>();
    private int tokensIssued;

    /**
     * A token endpoint that accepts {@code clientId}/{@code clientSecret}.
     *
     * @param myDomain the org's URL, its {@code instance_url} and a JWT audience it accepts
     */
    public TokenEndpoint(OrgStore store, Supplier<URI> myDomain, String clientId, String clientSecret) {
        this.store = store;
        this.myDomain = myDomain;
        clients.put(clientId, clientSecret);
    }

    /** Accepts JWT bearer assertions from {@code clientId}, signed with the key matching {@code key}, for {@code username}. */
    public void registerJwtClient(String clientId, PublicKey key, String username) {
        synchronized (store) {
            jwtClients.put(clientId, new JwtClient(key, username));
        }
    }

    /** Invalidates every token issued so far. */
    public void expireAll() {
        synchronized (store) {
            validTokens.clear();
        }
    }

    /** Tokens issued so far, by either grant. */
    public int issued() {
        synchronized (store) {
            return tokensIssued;
        }
    }

    /** Whether {@code token} is an access token this org issued and has not expired. */
    public boolean isValid(String token) {
        synchronized (store) {
            return validTokens.contains(token);
        }
    }

    /** The org's id, 15 characters, as the token endpoint's identity URL carries it. */
    public static String orgId() {
        return ORG_ID;
    }

    /** Whether an {@code Authorization} header carries a token this org issued and has not expired. */
    boolean authorizes(@Nullable String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") && validTokens.contains(authorization.substring(7));
    }

    /** Revokes the bearer token an {@code Authorization} header carries, if any: it has expired. */
    void revoke(@Nullable String authorization) {
        if (authorization != null && authorization.startsWith("Bearer ")) {
            validTokens.remove(authorization.substring(7));
        }
    }

    MockResponse.Builder token(RecordedRequest request) {
        HttpUrl form = HttpUrl.parse("http://form.invalid/?" + request.getBody().string(StandardCharsets.UTF_8));
        if (form == null) {
            return Json.oauthError(400, "invalid_request", "unreadable request");
        }
        String grant = form.queryParameter("grant_type");
        if ("client_credentials".equals(grant)) {
            String id = form.queryParameter("client_id");
            String secret = form.queryParameter("client_secret");
            String basic = request.getHeaders().get("Authorization");
            if (basic != null && basic.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    id = HttpUrl.parse("http://x.invalid/?v=" + pair.substring(0, colon)).queryParameter("v");
                    secret = HttpUrl.parse("http://x.invalid/?v=" + pair.substring(colon + 1)).queryParameter("v");
                }
            }
            if (id == null || secret == null || !secret.equals(clients.get(id))) {
                return Json.oauthError(400, "invalid_client", "invalid client credentials");
            }
            return issue();
        }
        if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(grant)) {
            String assertion = form.queryParameter("assertion");
            return assertion == null ? Json.oauthError(400, "invalid_grant", "no assertion") : jwt(assertion);
        }
        return Json.oauthError(400, "unsupported_grant_type", "grant type not supported");
    }

    private MockResponse.Builder jwt(String assertion) {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return Json.oauthError(400, "invalid_grant", "invalid assertion");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = Json.MAPPER.readTree(b64.decode(parts[0]));
            JsonNode claims = Json.MAPPER.readTree(b64.decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return Json.oauthError(400, "invalid_grant", "algorithm not supported");
            }
            JwtClient client = jwtClients.get(claims.path("iss").asText());
            if (client == null) {
                return Json.oauthError(400, "invalid_client_id", "client identifier invalid");
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(client.key());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(b64.decode(parts[2]))) {
                return Json.oauthError(400, "invalid_grant", "invalid assertion");
            }
            long exp = claims.path("exp").asLong(0);
            long now = store.clock().instant().getEpochSecond();
            if (exp <= now || exp > now + 300) {
                return Json.oauthError(400, "invalid_grant", "expired authorization code");
            }
            if (!client.username().equalsIgnoreCase(claims.path("sub").asText())) {
                return Json.oauthError(400, "invalid_grant", "user hasn't approved this consumer");
            }
            String aud = claims.path("aud").asText();
            if (!aud.equals("https://login.salesforce.com") && !aud.equals("https://test.salesforce.com")
                    && !aud.equals(myDomain.get().toString())) {
                return Json.oauthError(400, "invalid_grant", "audience is invalid");
            }
            return issue();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Json.oauthError(400, "invalid_grant", "invalid assertion");
        }
    }

    private MockResponse.Builder issue() {
        String token = ORG_ID + "!" + UUID.randomUUID().toString().replace("-", "");
        validTokens.add(token);
        tokensIssued++;
        URI instance = myDomain.get();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("access_token", token);
        body.put("instance_url", instance.toString());
        body.put("id", instance + "/id/" + ORG_ID + "/005000000000001AAA");
        body.put("token_type", "Bearer");
        body.put("issued_at", String.valueOf(store.clock().millis()));
        body.put("signature", Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        body.put("scope", "api");
        return Json.response(200, body);
    }
}
