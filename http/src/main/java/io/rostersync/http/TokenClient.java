package io.rostersync.http;

import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.TransientException;
import io.rostersync.http.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one token client: every credential a provider sends goes through it, whatever the grant.
 *
 * <ul>
 *   <li>OAuth2 grants ({@link #clientCredentials client credentials}, the {@link #jwtBearer JWT bearer}
 *       flow, or {@link #grant any other}) exchange a {@link TokenRequest} at an {@link OAuth2TokenEndpoint}
 *       on first use. The token is cached and reused until {@code refreshSkew} before it expires (when its
 *       lifetime is known) or until the vendor rejects it with 401; then a new one is requested, with a
 *       fresh request each time (a JWT assertion is signed anew).</li>
 *   <li>Static credentials ({@link HttpAuth#bearer}, {@link HttpAuth#zendeskApiToken},
 *       {@link HttpAuth#basic}) are a token that never changes: a 401 is final.</li>
 * </ul>
 *
 * <p>Thread-safe: however many threads need a token at once, exactly one token request is in flight and
 * the others wait for its result. Its {@code toString()} names the grant and the client id, never a
 * secret; token requests fail without any credential in their message (see {@link OAuth2TokenEndpoint}).
 *
 * <pre>{@code
 * OAuth2TokenEndpoint endpoint = OAuth2TokenEndpoint.builder(URI.create("https://acme.zendesk.com/oauth/tokens"))
 *         .vendor("zendesk").requestFormat(OAuth2TokenEndpoint.RequestFormat.JSON).settings(http).build();
 * TokenClient auth = TokenClient.clientCredentials(endpoint, "rostersync", Secret.of(secret))
 *         .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY)
 *         .scope("users:read users:write")
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TokenClient implements HttpAuth {

    private static final Logger LOG = LoggerFactory.getLogger(TokenClient.class);

    /** Where a client-credentials grant puts the client id and secret. */
    public enum ClientAuthentication {
        /** {@code Authorization: Basic base64(urlencode(id):urlencode(secret))}, RFC 6749 §2.3.1. */
        BASIC,
        /** {@code client_id} and {@code client_secret} as request parameters. */
        REQUEST_BODY
    }

    private final String description;
    private final @Nullable OAuth2TokenEndpoint endpoint;
    private final @Nullable Supplier<TokenRequest> requests;
    private final Duration refreshSkew;
    private final Clock clock;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile @Nullable AccessToken current;

    private TokenClient(String description, OAuth2TokenEndpoint endpoint, Supplier<TokenRequest> requests,
            Duration refreshSkew) {
        this.description = description;
        this.endpoint = endpoint;
        this.requests = requests;
        this.refreshSkew = refreshSkew;
        this.clock = endpoint.clock();
    }

    private TokenClient(String description, AccessToken fixed) {
        this.description = description;
        this.endpoint = null;
        this.requests = null;
        this.refreshSkew = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.current = fixed;
    }

    /**
     * The client-credentials grant (RFC 6749 §4.4). Defaults: client id and secret in HTTP Basic, no scope,
     * refresh 60 s before expiry.
     *
     * @param endpoint     where tokens are requested
     * @param clientId     the client id; shown by {@code toString()}
     * @param clientSecret the client secret
     * @return a builder for the client
     * @throws IllegalArgumentException if the client id is blank
     */
    public static Builder clientCredentials(OAuth2TokenEndpoint endpoint, String clientId, Secret clientSecret) {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        return new Builder(endpoint, clientId, Objects.requireNonNull(clientSecret, "clientSecret"));
    }

    /**
     * The JWT bearer grant (RFC 7523 §2.1): each exchange sends a fresh assertion from {@code assertions}
     * (signed by the caller, such as Salesforce's connected-app key), redacted from anything the endpoint
     * answers.
     *
     * @param subject who the assertions speak for (client id, user name), shown by {@code toString()}; never a secret
     * @param endpoint   where tokens are requested
     * @param assertions gives a newly signed assertion for each exchange; called under the client's lock
     * @return a builder for the client
     */
    public static Builder jwtBearer(OAuth2TokenEndpoint endpoint, String subject, Supplier<Secret> assertions) {
        Objects.requireNonNull(assertions, "assertions");
        return grant(endpoint, "jwtBearer(" + Objects.requireNonNull(subject, "subject") + ")",
                () -> TokenRequest.grant("urn:ietf:params:oauth:grant-type:jwt-bearer")
                        .credential("assertion", Objects.requireNonNull(assertions.get(), "assertion")));
    }

    /**
     * Any other grant: {@code requests} builds the request for each exchange.
     *
     * @param description what the grant is, for {@code toString()}; never a secret
     * @param endpoint where tokens are requested
     * @param requests gives the request for each exchange; called under the client's lock
     * @return a builder for the client
     */
    public static Builder grant(OAuth2TokenEndpoint endpoint, String description, Supplier<TokenRequest> requests) {
        Objects.requireNonNull(description, "description");
        return new Builder(endpoint, description, Objects.requireNonNull(requests, "requests"));
    }

    /** A credential that never changes, sent as {@code Authorization: <scheme> <value>}. */
    static TokenClient fixed(String description, String scheme, Secret value) {
        return new TokenClient(description,
                new AccessToken(value, scheme, Instant.EPOCH, Optional.empty(), Optional.empty(), Map.of()));
    }

    /**
     * A token usable now: the cached one, or a new one fetched under a lock so that concurrent callers
     * cause one token request. A static credential is a token of its scheme ({@code Bearer},
     * {@code Basic}) that never expires.
     *
     * @return a token that is not known to be expired
     * @throws AuthFailedException      if the endpoint refused the client (400/401/403)
     * @throws TransientException       on timeouts (the request timeout covers the whole answer), resets,
     *                                  408 and 5xx
     * @throws RateLimitedException     on 429
     * @throws InvalidResponseException if the response has no usable {@code access_token}
     * @see OAuth2TokenEndpoint#requestToken(TokenRequest)
     */
    public AccessToken token() {
        AccessToken t = current;
        if (t != null && usable(t)) {
            return t;
        }
        refreshLock.lock();
        try {
            t = current;
            if (t != null && usable(t)) {
                return t;
            }
            AccessToken fresh = Objects.requireNonNull(endpoint).requestToken(Objects.requireNonNull(requests).get());
            current = fresh;
            return fresh;
        } finally {
            refreshLock.unlock();
        }
    }

    private boolean usable(AccessToken t) {
        return endpoint == null || t.usableAt(clock.instant(), refreshSkew);
    }

    @Override
    public Optional<AuthHeader> header() {
        return Optional.of(header(token()));
    }

    /**
     * Drops the cached token if it is the one that was rejected (a newer one is kept) and returns
     * {@code true}; a static credential returns {@code false}, since asking again cannot help.
     */
    @Override
    public boolean refreshAfterRejection(Optional<AuthHeader> rejected) {
        OAuth2TokenEndpoint e = endpoint;
        if (e == null) {
            return false;
        }
        refreshLock.lock();
        try {
            AccessToken t = current;
            if (t != null && rejected.isPresent() && rejected.get().equals(header(t))) {
                LOG.debug("{} access token rejected; a new one will be requested", e.vendor());
                current = null;
            }
            return true;
        } finally {
            refreshLock.unlock();
        }
    }

    private static AuthHeader header(AccessToken t) {
        String scheme = t.tokenType().equalsIgnoreCase("bearer") ? "Bearer" : t.tokenType();
        return AuthHeader.authorization(scheme + " " + t.value().reveal());
    }

    /** The grant, the token endpoint and the client id or subject; never a secret. */
    @Override
    public String toString() {
        OAuth2TokenEndpoint e = endpoint;
        return e == null ? description : "TokenClient[" + description + ", tokenUri=" + e.tokenUri() + "]";
    }

    static String basicValue(String user, Secret password) {
        String pair = user + ":" + password.reveal();
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Configuration of a {@link TokenClient}. Not thread-safe; the built client is. */
    public static final class Builder {
        private final OAuth2TokenEndpoint endpoint;
        private final @Nullable String clientId;
        private final @Nullable Secret clientSecret;
        private final String description;
        private final @Nullable Supplier<TokenRequest> requests;
        private ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;
        private Optional<String> scope = Optional.empty();
        private Duration refreshSkew = Duration.ofSeconds(60);

        private Builder(OAuth2TokenEndpoint endpoint, String clientId, Secret clientSecret) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.description = "clientCredentials(" + clientId + ")";
            this.requests = null;
        }

        private Builder(OAuth2TokenEndpoint endpoint, String description, Supplier<TokenRequest> requests) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.clientId = null;
            this.clientSecret = null;
            this.description = description;
            this.requests = requests;
        }

        /**
         * Where the client id and secret go (default {@link ClientAuthentication#BASIC}).
         *
         * @param how where the client credentials go
         * @return this builder
         * @throws IllegalStateException for a grant other than client credentials
         */
        public Builder clientAuthentication(ClientAuthentication how) {
            requireClientCredentials("clientAuthentication");
            this.clientAuthentication = Objects.requireNonNull(how, "clientAuthentication");
            return this;
        }

        /**
         * The space-separated {@code scope} to request; blank means none.
         *
         * @param scope the scope, space-separated
         * @return this builder
         * @throws IllegalStateException for a grant other than client credentials
         */
        public Builder scope(String scope) {
            requireClientCredentials("scope");
            this.scope = Optional.of(Objects.requireNonNull(scope, "scope")).filter(s -> !s.isBlank());
            return this;
        }

        /**
         * How long before expiry a token is replaced (default 60 s).
         *
         * @param skew the margin, zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder refreshSkew(Duration skew) {
            this.refreshSkew = Checks.notNegative(skew, "refreshSkew");
            return this;
        }

        /**
         * The client; nothing is requested until a token is needed.
         *
         * @return the client
         */
        public TokenClient build() {
            Supplier<TokenRequest> given = requests;
            if (given != null) {
                return new TokenClient(description, endpoint, given, refreshSkew);
            }
            String id = Objects.requireNonNull(clientId);
            Secret secret = Objects.requireNonNull(clientSecret);
            ClientAuthentication how = clientAuthentication;
            Optional<String> scopes = scope;
            Supplier<TokenRequest> cc = () -> {
                TokenRequest request = TokenRequest.grant("client_credentials");
                if (scopes.isPresent()) {
                    request = request.parameter("scope", scopes.get());
                }
                return how == ClientAuthentication.BASIC ? request.basicClientAuthentication(id, secret)
                        : request.parameter("client_id", id).credential("client_secret", secret);
            };
            String shown = "clientCredentials(" + id + scopes.map(s -> ", scope=" + s).orElse("") + ", clientSecret=****)";
            return new TokenClient(shown, endpoint, cc, refreshSkew);
        }

        private void requireClientCredentials(String what) {
            if (requests != null) {
                throw new IllegalStateException(what + " applies to the client-credentials grant only");
            }
        }
    }
}
