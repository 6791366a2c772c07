package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Talkdesk;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import java.util.Map;

/** {@code rostersync.connections.<name>.talkdesk.*} to a {@link TalkdeskUserDirectory}; loaded only when rostersync-talkdesk is present. */
final class TalkdeskConnections {

    private static final Map<String, TalkdeskRegion> REGIONS = Map.of("us", TalkdeskRegion.US, "eu", TalkdeskRegion.EU,
            "ca", TalkdeskRegion.CA);

    private TalkdeskConnections() {
    }

    static PreparedConnection prepare(PropertyGroup group, Talkdesk p) {
        String account = group.required("account", p.account(), "the Talkdesk account name (acme)");
        String regionName = group.required("region", p.region(), "us, eu or ca, where the account lives");
        TalkdeskRegion region = group.choice("region", regionName, REGIONS);
        TalkdeskUserDirectory.Builder b = group.get("account", () -> TalkdeskUserDirectory.builder(account, region));
        String clientId = group.required("client-id", p.clientId(), "the id of the OAuth client (Talkdesk Builder, OAuth clients) "
                + "with the users:read and scim scopes");
        String secret = group.secret("client-secret", p.clientSecret());
        group.apply("client-id", () -> b.clientCredentials(clientId, Secret.of(group.name("client-secret"), secret)));
        String apiBase = group.text("api-base-url", p.apiBaseUrl());
        String tokenUrl = group.text("token-url", p.tokenUrl());
        if (apiBase != null || tokenUrl != null) {
            String api = group.required("api-base-url", apiBase, "the API gateway URL, together with token-url");
            String token = group.required("token-url", tokenUrl, "the OAuth token URL, together with api-base-url");
            b.endpoints(group.url("api-base-url", api), group.url("token-url", token));
        }
        String name = group.text("name", p.name());
        if (name != null) {
            group.apply("name", () -> b.name(name));
        }
        Integer scimPerSecond = p.scimRequestsPerSecond();
        if (scimPerSecond != null) {
            group.apply("scim-requests-per-second", () -> b.scimRequestsPerSecond(scimPerSecond));
        }
        Integer restPageSize = p.restPageSize();
        if (restPageSize != null) {
            group.apply("rest-page-size", () -> b.restPageSize(restPageSize));
        }
        Boolean rolesFromScim = p.rolesFromScim();
        if (rolesFromScim != null) {
            b.rolesFromScim(rolesFromScim);
        }
        HttpSettings http = HttpProperties.settings(group, p.http());
        return new PreparedConnection() {
            @Override
            public Class<? extends UserDirectory> type() {
                return TalkdeskUserDirectory.class;
            }

            @Override
            public UserDirectory build(HttpSettingsHook hook) {
                b.http(hook.apply(http));
                return group.get(apiBase != null ? "api-base-url" : "account", b::build);
            }
        };
    }
}
