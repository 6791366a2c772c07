package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.PermissionSetKey;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spring.boot.connections.ConnectionsProperties.NewUser;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Salesforce;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** {@code rostersync.connections.<name>.salesforce.*} to a {@link SalesforceUserDirectory}; loaded only when rostersync-salesforce is present. */
final class SalesforceConnections {

    private static final Map<String, PermissionSetKey> KEYS = Map.of("label", PermissionSetKey.LABEL, "api-name",
            PermissionSetKey.API_NAME);

    private SalesforceConnections() {
    }

    static PreparedConnection prepare(PropertyGroup group, Salesforce p, ResourceLoader resources) {
        String domain = group.required("my-domain-url", p.myDomainUrl(), "the org's My Domain URL (https://acme.my.salesforce.com)");
        SalesforceConnection.Builder c = SalesforceConnection.builder(group.url("my-domain-url", domain));
        String clientId = group.required("client-id", p.clientId(), "the connected app's consumer key");
        String clientSecret = group.optionalSecret("client-secret", p.clientSecret());
        String inlineKey = group.optionalPemSecret("private-key", p.privateKey());
        String keyLocation = group.text("private-key-location", p.privateKeyLocation());
        String username = group.text("username", p.username());
        boolean jwt = inlineKey != null || keyLocation != null || username != null;
        if (clientSecret == null && !jwt) {
            throw group.groupError("has no credentials: set client-secret (client-secret=${SALESFORCE_CLIENT_SECRET}) for the "
                    + "client-credentials flow, or username and private-key (or private-key-location) for the JWT bearer flow");
        }
        if (clientSecret != null && jwt) {
            throw group.groupError("sets credentials of both flows: keep either client-secret (client credentials), "
                    + "or username and private-key or private-key-location (JWT bearer)");
        }
        if (clientSecret != null) {
            group.apply("client-id", () -> c.clientCredentials(clientId, Secret.of(group.name("client-secret"), clientSecret)));
        } else {
            String user = group.required("username", username, "the Salesforce user the JWT assertions speak for");
            if (inlineKey != null && keyLocation != null) {
                throw group.error("private-key", "is set together with private-key-location: keep one of them");
            }
            PrivateKey key = inlineKey != null
                    ? privateKey(group, "private-key", inlineKey)
                    : privateKey(group, "private-key-location", read(group, resources, group.required("private-key-location",
                            keyLocation, "where the PEM key is")));
            group.apply("client-id", () -> c.jwtBearer(clientId, user, key));
            String audience = group.text("jwt-audience", p.jwtAudience());
            if (audience != null) {
                group.apply("jwt-audience", () -> c.jwtAudience(audience));
            }
        }
        String version = group.text("api-version", p.apiVersion());
        if (version != null) {
            if (!version.matches("\\d{2,3}\\.0")) {
                throw group.error("api-version", "must look like 62.0, was '" + version + "'");
            }
            c.apiVersion(version);
        }
        List<String> trusted = p.trustedHosts();
        if (trusted != null) {
            for (String host : trusted) {
                group.apply("trusted-hosts", () -> c.trustHost(host.strip()));
            }
        }
        Integer floor = p.dailyApiFloor();
        if (floor != null) {
            group.apply("daily-api-floor", () -> c.dailyApiFloor(floor));
        }
        Integer batch = p.queryBatchSize();
        if (batch != null) {
            group.apply("query-batch-size", () -> c.queryBatchSize(batch));
        }
        HttpSettings http = HttpProperties.settings(group, p.http());

        String name = group.text("name", p.name());
        String keyName = group.text("permission-set-key", p.permissionSetKey());
        PermissionSetKey key = keyName == null ? null : group.choice("permission-set-key", keyName, KEYS);
        NewUserDefaults defaults = newUserDefaults(group.child("new-user"), p.newUser());
        return new PreparedConnection() {
            @Override
            public Class<? extends UserDirectory> type() {
                return SalesforceUserDirectory.class;
            }

            @Override
            public UserDirectory build(HttpSettingsHook hook) {
                c.http(hook.apply(http));
                SalesforceConnection connection = group.get("my-domain-url", c::build);
                SalesforceUserDirectory.Builder b = SalesforceUserDirectory.builder(connection);
                if (name != null) {
                    group.apply("name", () -> b.name(name));
                }
                if (key != null) {
                    b.permissionSetKey(key);
                }
                if (defaults != null) {
                    b.newUserDefaults(defaults);
                }
                return b.build();
            }
        };
    }

    private static @Nullable NewUserDefaults newUserDefaults(PropertyGroup group, @Nullable NewUser n) {
        if (n == null) {
            return null;
        }
        String profile = group.required("profile-id", n.profileId(), "the id of the profile new users get (00e...)");
        NewUserDefaults d = group.get("profile-id", () -> NewUserDefaults.of(profile));
        String zone = group.text("time-zone", n.timeZone());
        String locale = group.text("locale", n.locale());
        String language = group.text("language", n.language());
        String encoding = group.text("email-encoding", n.emailEncoding());
        return new NewUserDefaults(d.profileId(), zone != null ? zone : d.timeZoneSidKey(), locale != null ? locale : d.localeSidKey(),
                encoding != null ? encoding : d.emailEncodingKey(), language != null ? language : d.languageLocaleKey());
    }

    private static String read(PropertyGroup group, ResourceLoader resources, String location) {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw group.error("private-key-location", "cannot be read (" + location + "): " + e.getClass().getSimpleName()
                    + "; point it at the PEM file, such as file:/run/secrets/salesforce.pem");
        }
    }

    /** A PEM PKCS#8 RSA key; no message ever quotes the key. */
    private static PrivateKey privateKey(PropertyGroup group, String key, String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw group.error(key, "holds a PKCS#1 key (BEGIN RSA PRIVATE KEY): convert it to PKCS#8 with "
                    + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw group.error(key, "holds an encrypted key: give the unencrypted PKCS#8 key (keep it in a secret store)");
        }
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw group.error(key, "is not a PEM RSA private key in PKCS#8 (-----BEGIN PRIVATE KEY-----): give the key "
                    + "matching the connected app's certificate");
        }
    }
}
