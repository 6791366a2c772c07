package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.Secret;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Zendesk;
import io.rostersync.zendesk.ZendeskDirectory;
import io.rostersync.zendesk.ZendeskRole;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code rostersync.connections.<name>.zendesk.*} to a {@link ZendeskDirectory}; loaded only when rostersync-zendesk is present. */
final class ZendeskConnections {

    private ZendeskConnections() {
    }

    static PreparedConnection prepare(PropertyGroup group, Zendesk p) {
        ZendeskDirectory.Builder b = ZendeskDirectory.builder();
        String subdomain = group.required("subdomain", p.subdomain(), "the account's subdomain (acme for https://acme.zendesk.com)");
        group.apply("subdomain", () -> b.subdomain(subdomain));

        boolean readOnly = Boolean.TRUE.equals(p.readOnly());
        String email = group.text("email", p.email());
        String apiToken = group.optionalSecret("api-token", p.apiToken());
        String accessToken = group.optionalSecret("oauth-access-token", p.oauthAccessToken());
        String clientId = group.text("client-id", p.clientId());
        String clientSecret = group.optionalSecret("client-secret", p.clientSecret());
        int kinds = (email != null || apiToken != null ? 1 : 0) + (accessToken != null ? 1 : 0)
                + (clientId != null || clientSecret != null ? 1 : 0);
        if (kinds == 0) {
            throw group.groupError("has no credentials: set email and api-token (api-token=${ZENDESK_API_TOKEN}), "
                    + "or oauth-access-token, or client-id and client-secret");
        }
        if (kinds > 1) {
            throw group.groupError("sets more than one kind of credentials: keep either email and api-token, "
                    + "or oauth-access-token, or client-id and client-secret");
        }
        if (email != null || apiToken != null) {
            String user = group.required("email", email, "the integration user whose API token api-token is");
            String token = group.secret("api-token", apiToken);
            group.apply("email", () -> b.apiToken(user, Secret.of(group.name("api-token"), token)));
        } else if (accessToken != null) {
            b.oauthToken(Secret.of(group.name("oauth-access-token"), accessToken));
        } else {
            String id = group.required("client-id", clientId, "the OAuth client's identifier");
            String secret = group.secret("client-secret", clientSecret);
            String scope = group.text("scope", p.scope());
            String chosen = scope != null ? scope : readOnly ? "read" : "read write";
            group.apply("client-id", () -> b.oauthClientCredentials(id, Secret.of(group.name("client-secret"), secret), chosen));
        }

        List<String> roles = p.onlyRoles();
        if (roles != null && !roles.isEmpty()) {
            Set<ZendeskRole> only = EnumSet.noneOf(ZendeskRole.class);
            for (String role : roles) {
                only.add(ZendeskRole.fromApiName(role).orElseThrow(() -> group.error("only-roles",
                        "must list end-user, agent or admin, was '" + role + "'")));
            }
            b.onlyRoles(only);
        }
        if (readOnly) {
            b.readOnly();
        }
        if (Boolean.TRUE.equals(p.allowSoftDelete())) {
            b.allowSoftDelete();
        }
        Integer pageSize = p.pageSize();
        if (pageSize != null) {
            group.apply("page-size", () -> b.pageSize(pageSize));
        }
        Integer incrementalPageSize = p.incrementalPageSize();
        if (incrementalPageSize != null) {
            group.apply("incremental-page-size", () -> b.incrementalPageSize(incrementalPageSize));
        }
        Integer perMinute = p.requestsPerMinute();
        Integer incrementalPerMinute = p.incrementalRequestsPerMinute();
        if (perMinute != null && perMinute == 0) {
            // 0 means Zendesk's 429s (and their Retry-After) are the only brake, for the export too.
            b.withoutClientRateLimits();
        } else if (perMinute != null) {
            group.apply("requests-per-minute", () -> b.accountRateLimit(
                    RateLimit.of("zendesk-account-" + subdomain, perMinute, Duration.ofMinutes(1))));
        }
        if (incrementalPerMinute != null) {
            if (perMinute != null && perMinute == 0) {
                throw group.error("incremental-requests-per-minute", "is set although requests-per-minute is 0 (no client-side "
                        + "limits at all): remove one of them");
            }
            group.apply("incremental-requests-per-minute", () -> b.incrementalRateLimit(
                    RateLimit.of("zendesk-incremental-export-" + subdomain, incrementalPerMinute, Duration.ofMinutes(1))));
        }
        Duration pollInterval = p.jobPollInterval();
        Duration jobTimeout = p.jobTimeout();
        if (pollInterval != null || jobTimeout != null) {
            group.apply(pollInterval != null ? "job-poll-interval" : "job-timeout", () -> b.jobPolling(
                    pollInterval != null ? pollInterval : Duration.ofSeconds(2), jobTimeout != null ? jobTimeout : Duration.ofMinutes(10)));
        }
        String testUrl = group.text("base-url-for-testing", p.baseUrlForTesting());
        if (testUrl != null) {
            group.apply("base-url-for-testing", () -> b.baseUriForTesting(group.url("base-url-for-testing", testUrl)));
        }
        HttpSettings http = HttpProperties.settings(group, p.http());
        return new PreparedConnection() {
            @Override
            public Class<? extends UserDirectory> type() {
                return ZendeskDirectory.class;
            }

            @Override
            public UserDirectory build(HttpSettingsHook hook) {
                b.http(hook.apply(http));
                return group.get("subdomain", b::build);
            }
        };
    }
}
