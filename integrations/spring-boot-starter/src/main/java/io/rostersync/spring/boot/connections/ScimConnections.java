package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.Secret;
import io.rostersync.http.TokenClient;
import io.rostersync.scim.PatchSupport;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Scim;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@code rostersync.connections.<name>.scim.*} to a {@link ScimUserDirectory}; loaded only when rostersync-scim is present. */
final class ScimConnections {

    private static final Map<String, PatchSupport> PATCH = Map.of("auto", PatchSupport.AUTO, "patch", PatchSupport.PATCH,
            "put-only", PatchSupport.PUT_ONLY);

    private ScimConnections() {
    }

    static PreparedConnection prepare(String connection, PropertyGroup group, Scim p) {
        URI base = group.url("base-url", group.required("base-url", p.baseUrl(), "the SCIM base URL, under which /Users lives "
                + "(https://idp.example.com/scim/v2/)"));
        String name = group.text("name", p.name());
        ScimUserDirectory.Builder b = group.get("name", () -> ScimUserDirectory.builder(name != null ? name : connection, base));
        String vendor = group.text("vendor", p.vendor());
        if (vendor != null) {
            group.apply("vendor", () -> b.vendor(vendor));
        }
        HttpSettings configured = HttpProperties.settings(group, p.http());

        String bearer = group.optionalSecret("bearer-token", p.bearerToken());
        String username = group.text("username", p.username());
        String password = group.optionalSecret("password", p.password());
        String clientId = group.text("client-id", p.clientId());
        String clientSecret = group.optionalSecret("client-secret", p.clientSecret());
        int kinds = (bearer != null ? 1 : 0) + (username != null || password != null ? 1 : 0)
                + (clientId != null || clientSecret != null ? 1 : 0);
        if (kinds == 0) {
            throw group.groupError("has no credentials: set bearer-token (bearer-token=${SCIM_BEARER_TOKEN}), "
                    + "or username and password, or client-id, client-secret and token-url");
        }
        if (kinds > 1) {
            throw group.groupError("sets more than one kind of credentials: keep either bearer-token, "
                    + "or username and password, or client-id, client-secret and token-url");
        }
        @Nullable Function<HttpSettings, HttpAuth> oauth = null;
        if (bearer != null) {
            b.auth(HttpAuth.bearer(Secret.of(group.name("bearer-token"), bearer)));
        } else if (username != null || password != null) {
            String user = group.required("username", username, "the user of HTTP Basic authentication");
            String secret = group.secret("password", password);
            group.apply("username", () -> b.auth(HttpAuth.basic(user, Secret.of(group.name("password"), secret))));
        } else {
            String id = group.required("client-id", clientId, "the OAuth client's identifier");
            String secret = group.secret("client-secret", clientSecret);
            URI tokenUri = group.url("token-url", group.required("token-url", p.tokenUrl(), "the OAuth token endpoint"));
            String scope = group.text("scope", p.scope());
            String vendorName = vendor != null ? vendor : "scim";
            // The token endpoint holds an HTTP client: it is made with the directory, not while settings are checked.
            oauth = http -> {
                OAuth2TokenEndpoint endpoint = group.get("token-url", () -> OAuth2TokenEndpoint.builder(tokenUri)
                        .vendor(vendorName).requestFormat(OAuth2TokenEndpoint.RequestFormat.FORM).settings(http).build());
                TokenClient.Builder tokens = group.get("client-id", () -> TokenClient.clientCredentials(endpoint, id,
                        Secret.of(group.name("client-secret"), secret)));
                if (scope != null) {
                    group.apply("scope", () -> tokens.scope(scope));
                }
                return tokens.build();
            };
        }

        Integer pageSize = p.pageSize();
        if (pageSize != null) {
            group.apply("page-size", () -> b.pageSize(pageSize));
        }
        String patch = group.text("patch-support", p.patchSupport());
        if (patch != null) {
            b.patchSupport(group.choice("patch-support", patch, PATCH));
        }
        Boolean sendEmails = p.sendEmails();
        if (sendEmails != null) {
            b.sendEmails(sendEmails);
        }
        String externalId = group.text("external-id-attribute", p.externalIdAttribute());
        if (Boolean.TRUE.equals(p.ignoreExternalId())) {
            if (externalId != null) {
                throw group.error("ignore-external-id", "is true although external-id-attribute is set: remove one of them");
            }
            b.ignoreExternalId();
        } else if (externalId != null) {
            group.apply("external-id-attribute", () -> b.externalIdAttribute(externalId));
        }
        Boolean allowDelete = p.allowDelete();
        if (allowDelete != null) {
            b.allowDelete(allowDelete);
        }
        String mediaType = group.text("media-type", p.mediaType());
        if (mediaType != null) {
            group.apply("media-type", () -> b.mediaType(mediaType));
        }
        Integer readAttempts = p.readAttempts();
        if (readAttempts != null) {
            group.apply("read-attempts", () -> b.readAttempts(readAttempts));
        }
        @Nullable Function<HttpSettings, HttpAuth> deferredAuth = oauth;
        return new PreparedConnection() {
            @Override
            public Class<? extends UserDirectory> type() {
                return ScimUserDirectory.class;
            }

            @Override
            public UserDirectory build(HttpSettingsHook hook) {
                HttpSettings http = hook.apply(configured);
                b.http(http);
                if (deferredAuth != null) {
                    b.auth(deferredAuth.apply(http));
                }
                return group.get("base-url", b::build);
            }
        };
    }
}
