package io.rostersync.spring.boot.connections;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The vendor connections under {@code rostersync.connections}: one entry per connection, keyed by the name of the
 * {@link io.rostersync.spi.UserDirectory} bean it becomes, with exactly one vendor group set.
 *
 * <pre>
 * rostersync.connections.support.zendesk.subdomain=acme
 * rostersync.connections.support.zendesk.email=integration@acme.example
 * rostersync.connections.support.zendesk.api-token=${ZENDESK_API_TOKEN}
 * </pre>
 *
 * <p>Every setting left out keeps the provider's own default. Settings that hold a credential end in
 * {@code -token}, {@code -secret}, {@code -key} or {@code password}, the endings Spring Boot's
 * {@code SanitizingFunction.ifLikelyCredential()} masks; the starter masks them (and their values wherever else
 * they appear in the environment) in {@code /actuator/env} and {@code /actuator/configprops} in any case.
 * {@code toString()} of every part shows no credential.
 *
 * @param connections the connections by name; empty when none is configured
 * @since 0.2.0
 */
@ConfigurationProperties("rostersync")
public record ConnectionsProperties(@Nullable Map<String, Connection> connections) {

    /** The prefix every connection's settings live under. */
    public static final String PREFIX = "rostersync.connections";

    /**
     * Copies the map.
     *
     * @param connections the connections by name, or {@code null} for none
     */
    public ConnectionsProperties {
        connections = connections == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connections));
    }

    /**
     * The connections by name, in the order they were declared.
     *
     * @return the connections; empty when none is configured
     */
    @Override
    public Map<String, Connection> connections() {
        return Objects.requireNonNull(connections);
    }

    /**
     * One connection: exactly one of the vendor groups is set.
     *
     * @param zendesk    a Zendesk Support account ({@code .zendesk.*})
     * @param talkdesk   a Talkdesk account ({@code .talkdesk.*})
     * @param salesforce a Salesforce org ({@code .salesforce.*})
     * @param scim       any SCIM 2.0 service provider ({@code .scim.*})
     */
    public record Connection(@Nullable Zendesk zendesk, @Nullable Talkdesk talkdesk, @Nullable Salesforce salesforce,
                             @Nullable Scim scim) {
    }

    /**
     * A Zendesk Support account ({@code io.rostersync:rostersync-zendesk}). Credentials: {@code email} with
     * {@code api-token}, or {@code oauth-access-token}, or {@code client-id} with {@code client-secret}.
     *
     * @param subdomain                    the account's subdomain, {@code acme} for {@code https://acme.zendesk.com} (required)
     * @param email                        the integration user whose API token is used
     * @param apiToken                     the API token (a secret: take it from the environment)
     * @param oauthAccessToken             an OAuth access token the host obtained (a secret)
     * @param clientId                     an OAuth client, for the client-credentials grant
     * @param clientSecret                 the OAuth client's secret (a secret)
     * @param scope                        the scopes asked with client credentials; {@code read} for a read-only
     *                                     connection, else {@code read write}
     * @param onlyRoles                    list only users of these roles: {@code end-user}, {@code agent}, {@code admin}
     * @param readOnly                     declare reads only (Zendesk is the source of truth)
     * @param allowSoftDelete              declare deletes (Zendesk's soft delete)
     * @param pageSize                     users per page of a full read, 1 to 100
     * @param incrementalPageSize          users per page of the incremental export, 1 to 1000
     * @param requestsPerMinute            client-side budget of the account, 0 for none (default 400)
     * @param incrementalRequestsPerMinute client-side budget of the incremental export, 0 for none (default 10)
     * @param jobPollInterval              time between polls of a bulk job
     * @param jobTimeout                   longest wait for one bulk job
     * @param baseUrlForTesting            a loopback URL (an emulator) instead of {@code https://<subdomain>.zendesk.com}
     * @param http                         transport settings
     */
    public record Zendesk(@Nullable String subdomain, @Nullable String email, @Nullable String apiToken,
                          @Nullable String oauthAccessToken, @Nullable String clientId, @Nullable String clientSecret,
                          @Nullable String scope, @Nullable List<String> onlyRoles, @Nullable Boolean readOnly,
                          @Nullable Boolean allowSoftDelete, @Nullable Integer pageSize, @Nullable Integer incrementalPageSize,
                          @Nullable Integer requestsPerMinute, @Nullable Integer incrementalRequestsPerMinute,
                          @Nullable Duration jobPollInterval, @Nullable Duration jobTimeout,
                          @Nullable String baseUrlForTesting, @Nullable Http http) {

        /** Names the account and which credentials are set; never their values. */
        @Override
        public String toString() {
            return "Zendesk[subdomain=" + subdomain + ", email=" + email + ", apiToken=" + mask(apiToken)
                    + ", oauthAccessToken=" + mask(oauthAccessToken) + ", clientId=" + clientId
                    + ", clientSecret=" + mask(clientSecret) + ", readOnly=" + readOnly + "]";
        }
    }

    /**
     * A Talkdesk account ({@code io.rostersync:rostersync-talkdesk}), through an OAuth client with the
     * {@code users:read} and {@code scim} scopes.
     *
     * @param account               the account name, {@code acme} (required)
     * @param region                {@code us}, {@code eu} or {@code ca} (required)
     * @param clientId              the OAuth client's id (required)
     * @param clientSecret          the OAuth client's secret (required; a secret)
     * @param apiBaseUrl            another API gateway than the region's (a proxy, an emulator); with {@code token-url}
     * @param tokenUrl              another OAuth token URL than the account's; with {@code api-base-url}
     * @param name                  the directory's name in plans and reports (default {@code talkdesk:<account>})
     * @param scimRequestsPerSecond the client-side SCIM limit, 1 to 1000 (default 4)
     * @param restPageSize          users per REST page, 1 to 100
     * @param rolesFromScim         whether full reads complete users with roles and teams from SCIM (default true)
     * @param http                  transport settings
     */
    public record Talkdesk(@Nullable String account, @Nullable String region, @Nullable String clientId,
                           @Nullable String clientSecret, @Nullable String apiBaseUrl, @Nullable String tokenUrl,
                           @Nullable String name, @Nullable Integer scimRequestsPerSecond, @Nullable Integer restPageSize,
                           @Nullable Boolean rolesFromScim, @Nullable Http http) {

        /** Names the account and client; never the secret. */
        @Override
        public String toString() {
            return "Talkdesk[account=" + account + ", region=" + region + ", clientId=" + clientId
                    + ", clientSecret=" + mask(clientSecret) + "]";
        }
    }

    /**
     * A Salesforce org ({@code io.rostersync:rostersync-salesforce}) through a connected app: {@code client-id}
     * (the consumer key) with {@code client-secret} for the client-credentials flow, or with {@code username} and
     * {@code private-key} (or {@code private-key-location}) for the JWT bearer flow.
     *
     * @param myDomainUrl        the org's My Domain URL, {@code https://acme.my.salesforce.com} (required)
     * @param clientId           the connected app's consumer key (required)
     * @param clientSecret       the consumer secret, for the client-credentials flow (a secret)
     * @param username           the user the JWT assertions speak for
     * @param privateKey         the PEM (PKCS#8) RSA key matching the connected app's certificate (a secret)
     * @param privateKeyLocation where that PEM key is, such as {@code file:/run/secrets/salesforce.pem}
     * @param jwtAudience        the JWT audience; {@code https://test.salesforce.com} for sandboxes
     * @param apiVersion         the REST API version, such as {@code 62.0}
     * @param trustedHosts       hosts accepted as the org although they are not Salesforce domains
     * @param dailyApiFloor      daily API calls to keep in reserve; 0 for none
     * @param queryBatchSize     records per query page, 200 to 2000
     * @param name               the directory's name in plans and reports (default {@code salesforce})
     * @param permissionSetKey   which name of a permission set is the role name: {@code label} or {@code api-name}
     * @param newUser            the fields Salesforce requires on create
     * @param http               transport settings
     */
    public record Salesforce(@Nullable String myDomainUrl, @Nullable String clientId, @Nullable String clientSecret,
                             @Nullable String username, @Nullable String privateKey, @Nullable String privateKeyLocation,
                             @Nullable String jwtAudience, @Nullable String apiVersion, @Nullable List<String> trustedHosts,
                             @Nullable Integer dailyApiFloor, @Nullable Integer queryBatchSize, @Nullable String name,
                             @Nullable String permissionSetKey, @Nullable NewUser newUser, @Nullable Http http) {

        /** Names the org and the flow; never the secret or the key. */
        @Override
        public String toString() {
            return "Salesforce[myDomainUrl=" + myDomainUrl + ", clientId=" + clientId + ", clientSecret="
                    + mask(clientSecret) + ", username=" + username + ", privateKey=" + mask(privateKey)
                    + ", privateKeyLocation=" + privateKeyLocation + "]";
        }
    }

    /**
     * The User fields Salesforce requires on create that a synced profile does not carry.
     *
     * @param profileId     the profile new users get, {@code 00e...} (required when any of these is set)
     * @param timeZone      the time zone key (default {@code America/Los_Angeles})
     * @param locale        the locale key (default {@code en_US})
     * @param language      the language key (default {@code en_US})
     * @param emailEncoding the email encoding key (default {@code UTF-8})
     */
    public record NewUser(@Nullable String profileId, @Nullable String timeZone, @Nullable String locale,
                          @Nullable String language, @Nullable String emailEncoding) {
    }

    /**
     * Any SCIM 2.0 service provider ({@code io.rostersync:rostersync-scim}). Credentials: {@code bearer-token}, or
     * {@code username} with {@code password}, or {@code client-id} with {@code client-secret} and {@code token-url}.
     *
     * @param baseUrl             the SCIM base URL, under which {@code /Users} lives (required)
     * @param bearerToken         a static bearer token (a secret)
     * @param username            the user of HTTP Basic authentication
     * @param password            its password (a secret)
     * @param clientId            an OAuth client, for the client-credentials grant
     * @param clientSecret        the OAuth client's secret (a secret)
     * @param tokenUrl            the OAuth token endpoint
     * @param scope               the scopes asked with client credentials
     * @param name                the directory's name in plans and reports (default the connection's name)
     * @param vendor              the short name in exception messages and logs (default {@code scim})
     * @param pageSize            users asked per page, 1 to 1000
     * @param patchSupport        {@code auto}, {@code patch} or {@code put-only}
     * @param sendEmails          whether to write the email as the primary {@code emails} value (default true)
     * @param externalIdAttribute the profile attribute {@code externalId} maps to (default {@code externalId})
     * @param ignoreExternalId    neither read nor write {@code externalId}
     * @param allowDelete         whether to declare and perform deletes (default true)
     * @param mediaType           the media type of request bodies (default {@code application/scim+json})
     * @param readAttempts        how many times a full read starts over when the list moves, 1 to 10
     * @param http                transport settings
     */
    public record Scim(@Nullable String baseUrl, @Nullable String bearerToken, @Nullable String username,
                       @Nullable String password, @Nullable String clientId, @Nullable String clientSecret,
                       @Nullable String tokenUrl, @Nullable String scope, @Nullable String name, @Nullable String vendor,
                       @Nullable Integer pageSize, @Nullable String patchSupport, @Nullable Boolean sendEmails,
                       @Nullable String externalIdAttribute, @Nullable Boolean ignoreExternalId,
                       @Nullable Boolean allowDelete, @Nullable String mediaType, @Nullable Integer readAttempts,
                       @Nullable Http http) {

        /** Names the server and which credentials are set; never their values. */
        @Override
        public String toString() {
            return "Scim[baseUrl=" + baseUrl + ", bearerToken=" + mask(bearerToken) + ", username=" + username
                    + ", password=" + mask(password) + ", clientId=" + clientId + ", clientSecret=" + mask(clientSecret) + "]";
        }
    }

    /**
     * How a connection talks HTTP ({@code io.rostersync.http.HttpSettings}); every part left out keeps its default.
     *
     * @param connectTimeout        connect timeout (default 10 s)
     * @param requestTimeout        time allowed for each attempt (default 30 s)
     * @param userAgent             the {@code User-Agent} header (default {@code rostersync})
     * @param allowInsecureLoopback accept plain http for 127.0.0.1, ::1 and localhost only (for an emulator)
     * @param retry                 when calls are retried
     */
    public record Http(@Nullable Duration connectTimeout, @Nullable Duration requestTimeout, @Nullable String userAgent,
                       @Nullable Boolean allowInsecureLoopback, @Nullable Retry retry) {
    }

    /**
     * When calls are retried ({@code io.rostersync.http.RetryPolicy}); every part left out keeps its default.
     *
     * @param maxAttempts    attempts in all, 1 disables retry (default 4)
     * @param initialBackoff the first backoff (default 500 ms)
     * @param multiplier     backoff growth per attempt, at least 1 (default 2)
     * @param jitter         randomisation in [0, 1) (default 0.5)
     * @param maxBackoff     cap of one backoff (default 30 s)
     * @param maxTotalWait   cap of all waits of one call (default 2 min)
     */
    public record Retry(@Nullable Integer maxAttempts, @Nullable Duration initialBackoff, @Nullable Double multiplier,
                        @Nullable Double jitter, @Nullable Duration maxBackoff, @Nullable Duration maxTotalWait) {
    }

    private static String mask(@Nullable String secret) {
        return secret == null ? "unset" : "****";
    }
}
