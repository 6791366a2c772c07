package io.rostersync.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4) with a cached token. Token requests go through an
 * {@link OAuth2TokenEndpoint}: the request timeout covers the whole answer, and no failure message carries
 * the client secret, whatever the endpoint echoes.
 *
 * <p>The token is fetched on first use and reused until {@code refreshSkew} before it expires (when its
 * lifetime is known) or until the vendor rejects it with 401. Thread-safe: however many threads need a
 * token at once, exactly one token request is in flight and the others wait for its result.
 *
 * <pre>{@code
 * OAuth2ClientCredentials auth = OAuth2ClientCredentials
 *         .builder(URI.create("https://acme.zendesk.com/oauth/tokens"), "rostersync", Secret.of(secret))
 *         .requestFormat(OAuth2ClientCredentials.RequestFormat.JSON)   // Zendesk wants JSON
 *         .clientAuthentication(OAuth2ClientCredentials.ClientAuthentication.REQUEST_BODY)
 *         .scope("users:read users:write")
 *         .build();
 * }</pre>
 */
public final class OAuth2ClientCredentials implements HttpAuth {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2ClientCredentials.class);

    /** Where the client id and secret go. */
    public enum ClientAuthentication {
        /** {@code Authorization: Basic base64(urlencode(id):urlencode(secret))}, RFC 6749 §2.3.1. */
        BASIC,
        /** {@code client_id} and {@code client_secret} as request parameters. */
        REQUEST_BODY
    }

    /** How the token request body is encoded. */
    public enum RequestFormat {
        /** {@code application/x-www-form-urlencoded}, the RFC 6749 default (Salesforce). */
        FORM,
        /** A JSON object with the same parameters (Zendesk's {@code /oauth/tokens}). */
        JSON
    }

    private final String vendor;
    private final URI tokenUri;
    private final String clientId;
    private final Secret clientSecret;
    private final Optional<String> scope;
    private final ClientAuthentication clientAuthentication;
    private final Duration refreshSkew;
    private final Clock clock;
    private final OAuth2TokenEndpoint endpoint;

    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile @Nullable AccessToken current;

    private OAuth2ClientCredentials(Builder b) {
        this.vendor = b.vendor;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.scope = b.scope;
        this.clientAuthentication = b.clientAuthentication;
        this.refreshSkew = b.refreshSkew;
        this.clock = b.clock;
        OAuth2TokenEndpoint.Builder e = OAuth2TokenEndpoint.builder(b.tokenUri)
                .vendor(b.vendor)
                .requestFormat(b.requestFormat)
                .connectTimeout(b.connectTimeout)
                .requestTimeout(b.requestTimeout)
                .clock(b.clock)
                .requestIdHeaders(b.requestIdHeaders);
        b.assumedLifetime.ifPresent(e::assumedLifetime);
        if (b.httpClient != null) {
            e.httpClient(b.httpClient);
        }
        if (b.allowInsecureLoopback) {
            e.allowInsecureLoopback();
        }
        this.endpoint = e.build();
        this.tokenUri = endpoint.tokenUri();
    }

    /**
     * Starts a configuration. Defaults: form encoding, client id and secret in HTTP Basic, no scope,
     * refresh 60 s before expiry, no assumed lifetime, 10 s connect and 30 s request timeouts, the system
     * UTC clock, a new JDK {@code HttpClient}, vendor name {@code oauth2}.
     *
     * @param tokenUri the token endpoint; must be https (see {@link Builder#allowInsecureLoopback()})
     */
    public static Builder builder(URI tokenUri, String clientId, Secret clientSecret) {
        return new Builder(tokenUri, clientId, clientSecret);
    }

    /**
     * A token usable now: the cached one, or a new one fetched under a lock so that concurrent callers
     * cause one token request.
     *
     * @throws AuthFailedException      if the endpoint refused the client (400/401/403)
     * @throws TransientException       on timeouts (the request timeout covers the whole answer), resets,
     *                                  408 and 5xx
     * @throws RateLimitedException     on 429
     * @throws InvalidResponseException if the response has no usable {@code access_token}
     * @see OAuth2TokenEndpoint#requestToken(TokenRequest)
     */
    public AccessToken token() {
        AccessToken t = current;
        if (t != null && t.usableAt(clock.instant(), refreshSkew)) {
            return t;
        }
        refreshLock.lock();
        try {
            t = current;
            if (t != null && t.usableAt(clock.instant(), refreshSkew)) {
                return t;
            }
            AccessToken fresh = fetch();
            current = fresh;
            return fresh;
        } finally {
            refreshLock.unlock();
        }
    }

    @Override
    public Optional<AuthHeader> header() {
        return Optional.of(bearer(token()));
    }

    /** Drops the cached token if it is the one that was rejected; a newer one is kept. */
    @Override
    public boolean refreshAfterRejection(Optional<AuthHeader> rejected) {
        refreshLock.lock();
        try {
            AccessToken t = current;
            if (t != null && rejected.isPresent() && rejected.get().equals(bearer(t))) {
                LOG.debug("{} access token rejected; a new one will be requested", vendor);
                current = null;
            }
            return true;
        } finally {
            refreshLock.unlock();
        }
    }

    private static AuthHeader bearer(AccessToken t) {
        return AuthHeader.authorization("Bearer " + t.value().reveal());
    }

    private AccessToken fetch() {
        TokenRequest request = TokenRequest.grant("client_credentials");
        if (scope.isPresent()) {
            request = request.parameter("scope", scope.get());
        }
        if (clientAuthentication == ClientAuthentication.BASIC) {
            request = request.basicClientAuthentication(clientId, clientSecret);
        } else {
            request = request.parameter("client_id", clientId).credential("client_secret", clientSecret);
        }
        return endpoint.requestToken(request);
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=****"
                + scope.map(s -> ", scope=" + s).orElse("") + "]";
    }

    /** Configuration of an {@link OAuth2ClientCredentials}. Not thread-safe; the built object is. */
    public static final class Builder {
        private final URI tokenUri;
        private final String clientId;
        private final Secret clientSecret;
        private String vendor = "oauth2";
        private Optional<String> scope = Optional.empty();
        private ClientAuthentication clientAuthentication = ClientAuthentication.BASIC;
        private RequestFormat requestFormat = RequestFormat.FORM;
        private Duration refreshSkew = Duration.ofSeconds(60);
        private Optional<Duration> assumedLifetime = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private @Nullable HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private List<String> requestIdHeaders = JsonHttpClient.DEFAULT_REQUEST_ID_HEADERS;
        private boolean allowInsecureLoopback;

        private Builder(URI tokenUri, String clientId, Secret clientSecret) {
            this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
        }

        /** The vendor name used in exception messages and logs. */
        public Builder vendor(String vendor) {
            this.vendor = JsonHttpClient.requireVendor(vendor);
            return this;
        }

        /** The space-separated {@code scope} to request. */
        public Builder scope(String scope) {
            this.scope = Optional.of(scope).filter(s -> !s.isBlank());
            return this;
        }

        public Builder clientAuthentication(ClientAuthentication how) {
            this.clientAuthentication = Objects.requireNonNull(how, "clientAuthentication");
            return this;
        }

        public Builder requestFormat(RequestFormat format) {
            this.requestFormat = Objects.requireNonNull(format, "requestFormat");
            return this;
        }

        /** How long before expiry a token is replaced. */
        public Builder refreshSkew(Duration skew) {
            this.refreshSkew = JsonHttpClient.requireNotNegative(skew, "refreshSkew");
            return this;
        }

        /** A lifetime to assume when the response has no {@code expires_in}. */
        public Builder assumedLifetime(Duration lifetime) {
            this.assumedLifetime = Optional.of(JsonHttpClient.requirePositive(lifetime, "assumedLifetime"));
            return this;
        }

        /** Connect timeout of the {@code HttpClient} built here; ignored when one is passed in. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = JsonHttpClient.requirePositive(timeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = JsonHttpClient.requirePositive(timeout, "requestTimeout");
            return this;
        }

        /** The caller's own client; it should not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Response headers that carry the vendor's request id, first match wins. */
        public Builder requestIdHeaders(List<String> names) {
            this.requestIdHeaders = List.copyOf(names);
            return this;
        }

        /** Permits {@code http://} for 127.0.0.1, ::1 and localhost only: for tests against local servers. */
        public Builder allowInsecureLoopback() {
            this.allowInsecureLoopback = true;
            return this;
        }

        /** @throws InvalidConfigurationException if the token URI is not acceptable */
        public OAuth2ClientCredentials build() {
            return new OAuth2ClientCredentials(this);
        }
    }
}
