package io.rostersync.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One OAuth2 token request (RFC 6749 §4): the grant type, its plain parameters, its credential parameters
 * (client secret, assertion, password, refresh token) and optionally HTTP Basic client authentication.
 * Immutable; each method returns a new request. Its {@code toString()} names the parameters, never a
 * credential's value.
 *
 * <pre>{@code
 * TokenRequest.grant("client_credentials").parameter("scope", "users:read")
 *         .basicClientAuthentication("rostersync", clientSecret);
 * TokenRequest.grant("urn:ietf:params:oauth:grant-type:jwt-bearer").credential("assertion", Secret.of(jwt));
 * }</pre>
 *
 * @see OAuth2TokenEndpoint#requestToken(TokenRequest)
 * @since 0.1.0
 */
public final class TokenRequest {

    /** Client id and secret for {@code Authorization: Basic}, RFC 6749 §2.3.1. */
    record BasicClient(String clientId, Secret clientSecret) {
    }

    private final Map<String, String> parameters;
    private final Map<String, Secret> credentials;
    private final Optional<BasicClient> basicClient;

    private TokenRequest(Map<String, String> parameters, Map<String, Secret> credentials, Optional<BasicClient> basicClient) {
        this.parameters = parameters;
        this.credentials = credentials;
        this.basicClient = basicClient;
    }

    /**
     * A request for {@code grantType} ({@code client_credentials}, {@code password}, {@code refresh_token},
     * {@code urn:ietf:params:oauth:grant-type:jwt-bearer}, …).
     *
     * @param grantType the {@code grant_type} value
     * @return a request with only the grant type
     * @throws IllegalArgumentException if it is blank
     */
    public static TokenRequest grant(String grantType) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", requireText(grantType, "grantType"));
        return new TokenRequest(p, new LinkedHashMap<>(), Optional.empty());
    }

    /**
     * Adds a parameter that is not a credential ({@code scope}, {@code client_id}, {@code username}).
     *
     * @param name  the parameter name
     * @param value its value, sent as is
     * @return a new request with the parameter added
     * @throws IllegalArgumentException if the name or value is blank or the name is already set
     */
    public TokenRequest parameter(String name, String value) {
        requireNew(name);
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put(name, requireText(value, name));
        return new TokenRequest(p, credentials, basicClient);
    }

    /**
     * Adds a credential parameter ({@code client_secret}, {@code assertion}, {@code password},
     * {@code refresh_token}): sent in the body and redacted from anything the endpoint answers.
     *
     * @param name  the parameter name
     * @param value the credential
     * @return a new request with the credential added
     * @throws IllegalArgumentException if the name is blank or already set
     */
    public TokenRequest credential(String name, Secret value) {
        requireNew(name);
        Objects.requireNonNull(value, name);
        Map<String, Secret> c = new LinkedHashMap<>(credentials);
        c.put(name, value);
        return new TokenRequest(parameters, c, basicClient);
    }

    /**
     * Authenticates the client with {@code Authorization: Basic base64(urlencode(id):urlencode(secret))}.
     *
     * @param clientId     the client id
     * @param clientSecret the client secret
     * @return a new request that authenticates the client this way
     * @throws IllegalArgumentException if the client id is blank
     */
    public TokenRequest basicClientAuthentication(String clientId, Secret clientSecret) {
        requireText(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        return new TokenRequest(parameters, credentials, Optional.of(new BasicClient(clientId, clientSecret)));
    }

    /**
     * The grant type.
     *
     * @return the {@code grant_type}, never blank
     */
    public String grantType() {
        String type = parameters.get("grant_type");
        if (type == null) {
            throw new IllegalStateException("no grant_type; every request is made by grant(...)");
        }
        return type;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    Map<String, Secret> credentials() {
        return credentials;
    }

    Optional<BasicClient> basicClient() {
        return basicClient;
    }

    private void requireNew(String name) {
        requireText(name, "parameter name");
        if (parameters.containsKey(name) || credentials.containsKey(name)) {
            throw new IllegalArgumentException("token request parameter '" + name + "' is already set");
        }
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "TokenRequest[" + parameters.keySet() + (credentials.isEmpty() ? "" : ", credentials=" + credentials.keySet())
                + basicClient.map(b -> ", basic client " + b.clientId() + ":****").orElse("") + "]";
    }
}
