package io.rostersync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.AccessToken;
import io.rostersync.http.AuthHeader;
import io.rostersync.http.BaseUris;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.http.TokenClient;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.Transports;
import io.rostersync.salesforce.internal.ConnectionAccess;
import io.rostersync.salesforce.internal.JwtAssertions;
import io.rostersync.salesforce.internal.SalesforceApi;
import io.rostersync.salesforce.internal.SalesforceErrorParser;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated connection to one Salesforce org, shared by the org's
 * {@link SalesforceUserDirectory} and {@link SalesforceLicensePool}s.
 *
 * <pre>{@code
 * SalesforceConnection org = SalesforceConnection.builder(URI.create("https://acme.my.salesforce.com"))
 *         .clientCredentials(consumerKey, Secret.of(consumerSecret))      // or .jwtBearer(key, user, privateKey)
 *         .apiVersion("62.0")
 *         .dailyApiFloor(5_000)                       // stop calling when fewer calls are left today
 *         .apiUsageListener(u -> metrics.gauge("sf.api.remaining", u.remaining()))
 *         .build();
 * }</pre>
 *
 * <p>Authentication: the OAuth 2.0 client-credentials flow (a connected app with a run-as user) or the
 * JWT bearer flow (the connected app's certificate; the host supplies the matching RSA
 * {@link PrivateKey}, which is only used to sign assertions and never logged or shown), both against the
 * org's My Domain token endpoint {@code /services/oauth2/token}. The token response's
 * {@code instance_url} decides where API calls go; it must be https on a Salesforce host
 * ({@code *.salesforce.com}, {@code *.force.com}, {@code *.cloudforce.com}, {@code *.salesforce.mil})
 * unless {@link Builder#trustHost(String)} names it. An expired session (401 {@code INVALID_SESSION_ID})
 * gets one fresh token and one retry.
 *
 * <p>Nothing touches the network until the first call. Thread-safe.
 *
 * @since 0.1.0
 */
public final class SalesforceConnection {

    static {
        ConnectionAccess.install(SalesforceConnection::api);
    }

    /** The clock this connection was configured with (the host's, unless a test set one). */
    Clock clock() {
        return clock;
    }

    /**
     * The client name calls send in {@code Sforce-Call-Options} unless {@linkplain Builder#clientName configured}: {@value}.
     *
     * @since 0.2.0
     */
    public static final String DEFAULT_CLIENT_NAME = SalesforceApi.DEFAULT_CLIENT_NAME;

    /** The API version used unless configured: Winter '25. */
    public static final String DEFAULT_API_VERSION = "62.0";

    private static final List<String> REQUEST_ID_HEADERS = List.of("X-Request-Id", "X-SFDC-Request-Id");

    private static final List<String> SALESFORCE_DOMAINS =
            List.of(".salesforce.com", ".force.com", ".cloudforce.com", ".salesforce.mil");

    private final URI myDomain;
    private final String principal;
    private final SalesforceApi api;
    private final Clock clock;

    private SalesforceConnection(Builder b) {
        boolean insecure = b.http.allowInsecureLoopback();
        this.clock = b.http.clock();
        this.myDomain = requireOrgUrl(b.myDomain, insecure, b.trustedHosts, "My Domain URL");
        if (!b.apiVersion.matches("\\d{2,3}\\.0")) {
            throw invalid("apiVersion must look like 62.0");
        }
        // One JDK client for the token endpoint and the API, whatever the instance_url turns out to be.
        HttpClient shared = Transports.client(b.http);
        HttpSettings http = b.http.httpClient().isPresent() ? b.http : b.http.toBuilder().httpClient(shared).build();
        URI tokenUri = URI.create(myDomain.toString().replaceAll("/+$", "") + "/services/oauth2/token");
        OAuth2TokenEndpoint endpoint = OAuth2TokenEndpoint.builder(tokenUri)
                .vendor(SalesforceApi.VENDOR)
                .requestFormat(OAuth2TokenEndpoint.RequestFormat.FORM)
                .settings(http)
                .requestIdHeaders(REQUEST_ID_HEADERS)
                .build();
        TokenClient tokens;
        if (b.clientSecret != null && b.clientId != null) {
            tokens = TokenClient.clientCredentials(endpoint, b.clientId, b.clientSecret)
                    .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY)
                    .build();
            principal = "clientCredentials(" + b.clientId + ")";
        } else if (b.privateKey != null && b.clientId != null && b.username != null) {
            JwtAssertions assertions = new JwtAssertions(b.clientId, b.username, b.audience, b.privateKey, http.clock());
            // Salesforce tokens carry no lifetime: the cached one is used until the org rejects it.
            tokens = TokenClient.jwtBearer(endpoint, b.clientId + " as " + b.username, assertions::next).build();
            principal = "jwtBearer(" + b.clientId + ", " + b.username + ")";
        } else {
            throw invalid("choose clientCredentials(...) or jwtBearer(...)");
        }
        Set<String> trusted = Set.copyOf(b.trustedHosts);
        TokenClient tokenClient = tokens;
        this.api = new SalesforceApi(tokens::token,
                rejected -> tokenClient.refreshAfterRejection(Optional.of(bearer(rejected))),
                instance -> requireOrgUrl(BaseUris.parse(SalesforceApi.VENDOR, instance, insecure), insecure, trusted, "instance_url"),
                base -> JsonHttpClient.builder(SalesforceApi.VENDOR, base)
                        .settings(http)
                        .auth(tokens)
                        .requestIdHeaders(REQUEST_ID_HEADERS)
                        .errorParser(SalesforceErrorParser.INSTANCE)
                        .build(),
                b.apiVersion, b.queryBatchSize, b.dailyFloor, b.listener, b.clientName);
    }

    private static AuthHeader bearer(AccessToken token) {
        String scheme = token.tokenType().equalsIgnoreCase("bearer") ? "Bearer" : token.tokenType();
        return AuthHeader.authorization(scheme + " " + token.value().reveal());
    }

    /**
     * Starts a configuration; credentials are required. Defaults: API version {@value #DEFAULT_API_VERSION},
     * {@link HttpSettings#defaults()}, no listener, no daily floor, query pages of 2000.
     *
     * @param myDomainUrl the org's My Domain URL, such as {@code https://acme.my.salesforce.com}; checked by
     *                    {@link Builder#build()}
     * @return a builder
     */
    public static Builder builder(URI myDomainUrl) {
        return new Builder(myDomainUrl);
    }

    /**
     * The REST API version calls are made with.
     *
     * @return the version, such as {@code 62.0}
     */
    public String apiVersion() {
        return api.apiVersion();
    }

    /**
     * The client name every call sends as {@code Sforce-Call-Options: client=<name>}; Salesforce puts it in the
     * {@code changeOrigin} of the change events our writes cause, which is how a change-event subscriber tells
     * them from other changes.
     *
     * @return the name, {@value #DEFAULT_CLIENT_NAME} unless
     *     {@linkplain Builder#clientName(String) configured}
     * @since 0.2.0
     */
    public String clientName() {
        return api.clientName();
    }

    /**
     * The daily API usage the org last reported; empty before the first call.
     *
     * @return the usage, or empty before any response reported it
     */
    public Optional<ApiUsage> apiUsage() {
        return api.usage();
    }

    /**
     * Asks the org for its daily API allowance ({@code /limits}); also proves the credentials work.
     *
     * @return the usage the org reported
     * @throws io.rostersync.spi.RosterSyncException as the call failed
     */
    public ApiUsage refreshApiUsage() {
        JsonNode daily = api.get("limits").path("DailyApiRequests");
        if (!daily.path("Max").canConvertToInt() || !daily.path("Remaining").canConvertToInt()) {
            throw new InvalidResponseException(ErrorDetails.of(SalesforceApi.VENDOR), "salesforce /limits has no DailyApiRequests");
        }
        int max = daily.get("Max").asInt();
        return new ApiUsage(Math.max(0, max - daily.get("Remaining").asInt()), max);
    }

    SalesforceApi api() {
        return api;
    }

    @Override
    public String toString() {
        return "SalesforceConnection[" + myDomain.getHost() + ", " + principal + ", v" + api.apiVersion() + "]";
    }

    private static URI requireOrgUrl(URI uri, boolean allowInsecureLoopback, Set<String> trusted, String what) {
        URI valid = BaseUris.requireSecure(SalesforceApi.VENDOR, uri, allowInsecureLoopback);
        String host = valid.getHost().toLowerCase(Locale.ROOT);
        boolean salesforce = SALESFORCE_DOMAINS.stream().anyMatch(host::endsWith);
        if (!salesforce && !trusted.contains(host)) {
            throw invalid(what + " host is not a Salesforce host; name it with trustHost(...) if it really is your org");
        }
        String path = valid.getRawPath() == null ? "" : valid.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw invalid(what + " must be the bare org URL without a path");
        }
        return valid;
    }

    private static InvalidConfigurationException invalid(String what) {
        return new InvalidConfigurationException(ErrorDetails.of(SalesforceApi.VENDOR), "salesforce: " + what);
    }

    /** Configuration of a {@link SalesforceConnection}; {@link #build()} validates without touching the network. */
    public static final class Builder {
        private final URI myDomain;
        private @Nullable String clientId;
        private @Nullable Secret clientSecret;
        private @Nullable String username;
        private @Nullable PrivateKey privateKey;
        private String audience = "https://login.salesforce.com";
        private String apiVersion = DEFAULT_API_VERSION;
        private HttpSettings http = HttpSettings.defaults();
        private final Set<String> trustedHosts = new TreeSet<>();
        private ApiUsageListener listener = ApiUsageListener.none();
        private int dailyFloor;
        private int queryBatchSize = 2000;
        private String clientName = SalesforceApi.DEFAULT_CLIENT_NAME;

        private Builder(URI myDomain) {
            this.myDomain = Objects.requireNonNull(myDomain, "myDomainUrl");
        }

        /**
         * The client-credentials flow with the connected app's consumer key and secret.
         *
         * @param consumerKey    the connected app's consumer key
         * @param consumerSecret the connected app's consumer secret
         * @return this builder; replaces credentials set before
         * @throws IllegalArgumentException if the key is blank or holds a control character
         */
        public Builder clientCredentials(String consumerKey, Secret consumerSecret) {
            requireText(consumerKey, "consumerKey");
            this.clientId = consumerKey;
            this.clientSecret = Objects.requireNonNull(consumerSecret, "consumerSecret");
            this.privateKey = null;
            return this;
        }

        /**
         * The JWT bearer flow: assertions for {@code username}, issued by the connected app
         * {@code consumerKey}, signed RS256 with {@code privateKey}.
         *
         * @param consumerKey the connected app's consumer key
         * @param username    the Salesforce user the assertions speak for
         * @param privateKey  the RSA key matching the connected app's certificate
         * @return this builder; replaces credentials set before
         * @throws IllegalArgumentException if the key or user name is blank or holds a control character
         */
        public Builder jwtBearer(String consumerKey, String username, PrivateKey privateKey) {
            requireText(consumerKey, "consumerKey");
            requireText(username, "username");
            this.clientId = consumerKey;
            this.username = username;
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            this.clientSecret = null;
            return this;
        }

        /**
         * The JWT {@code aud}: {@code https://login.salesforce.com} (default) or {@code https://test.salesforce.com} for sandboxes.
         *
         * @param audience the audience URL
         * @return this builder
         * @throws IllegalArgumentException if it is blank or holds a control character
         */
        public Builder jwtAudience(String audience) {
            requireText(audience, "audience");
            this.audience = audience;
            return this;
        }

        /**
         * The REST API version, such as {@code "62.0"}.
         *
         * @param version the version; checked by {@link #build()}
         * @return this builder
         */
        public Builder apiVersion(String version) {
            this.apiVersion = Objects.requireNonNull(version, "apiVersion");
            return this;
        }

        /**
         * Transport, clock, sleeper, retry, shared rate limits and timeouts (default
         * {@link HttpSettings#defaults()}). Plain http to an emulator on loopback needs
         * {@link HttpSettings.Builder#allowInsecureLoopback()} (and {@link #trustHost} for its host).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.http = java.util.Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Accepts this exact host as the org (My Domain or {@code instance_url}) although it is not a Salesforce domain.
         *
         * @param host the host name, compared ignoring case
         * @return this builder
         * @throws IllegalArgumentException if it is blank or holds a control character
         */
        public Builder trustHost(String host) {
            requireText(host, "host");
            trustedHosts.add(host.toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * Who is told the daily API usage after each call that reports it (default nobody).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder apiUsageListener(ApiUsageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Keeps this many daily API calls in reserve: once the org reports fewer remaining, every call
         * fails at once with {@link SalesforceLimitException} (reason {@code BUDGET_FLOOR_REACHED}), so a
         * sync run stops cleanly and the next run resumes. 0 (the default) disables the floor.
         *
         * @param calls calls to keep, zero or more
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder dailyApiFloor(int calls) {
            if (calls < 0) {
                throw new IllegalArgumentException("dailyApiFloor must not be negative");
            }
            this.dailyFloor = calls;
            return this;
        }

        /**
         * Records per query page ({@code Sforce-Query-Options: batchSize}), 200 to 2000; default 2000.
         *
         * @param size records per page, 200 to 2000
         * @return this builder
         * @throws IllegalArgumentException outside 200 to 2000
         */
        public Builder queryBatchSize(int size) {
            if (size < 200 || size > 2000) {
                throw new IllegalArgumentException("queryBatchSize must be between 200 and 2000");
            }
            this.queryBatchSize = size;
            return this;
        }

        /**
         * The name every call sends as {@code Sforce-Call-Options: client=<name>} (default
         * {@value SalesforceConnection#DEFAULT_CLIENT_NAME}). Change Data Capture events
         * caused by our own writes carry it in {@code changeOrigin}, so a subscriber can ignore them; give each
         * host application its own name when several write to one org.
         *
         * @param name 1 to 64 letters, digits, {@code .}, {@code _}, {@code -} or {@code /}, starting with a letter or digit
         * @return this builder
         * @throws IllegalArgumentException if the name is not of that form
         * @since 0.2.0
         */
        public Builder clientName(String name) {
            Objects.requireNonNull(name, "clientName");
            this.clientName = SalesforceApi.requireClientName(name);
            return this;
        }

        /**
         * Builds the connection without touching the network.
         *
         * @return the connection
         * @throws InvalidConfigurationException if a URL, version or credential choice is not acceptable
         */
        public SalesforceConnection build() {
            return new SalesforceConnection(this);
        }

        private static void requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(what + " must be printable text");
            }
        }
    }
}
