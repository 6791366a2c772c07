package io.rostersync.spring.boot.connections;

import io.rostersync.spring.boot.connections.ConnectionsProperties.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Masks the connections' credentials in {@code /actuator/env} and {@code /actuator/configprops} when a host shows
 * values there: every {@code rostersync.connections} setting whose name ends like a credential's, and every
 * property anywhere whose value is (or holds) one of the credentials, such as the environment variable a
 * placeholder reads.
 */
final class ConnectionSecretsSanitizer implements SanitizingFunction {

    private static final List<String> CREDENTIAL_ENDINGS = List.of("token", "secret", "key", "password", "credentials");
    /** Shorter values are masked only where they are the whole value, so that a short one does not mask half the environment. */
    private static final int MIN_CONTAINED = 8;

    private final List<String> secrets;

    ConnectionSecretsSanitizer(Environment environment) {
        this.secrets = secrets(environment);
    }

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (isConnectionCredentialKey(data.getLowerCaseKey()) || holdsSecret(data.getValue())) {
            return data.withSanitizedValue();
        }
        return data;
    }

    static boolean isConnectionCredentialKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        // rostersync.connections.x.zendesk.api-token, rostersync.connections.x.zendesk.apiToken (configprops),
        // ROSTERSYNC_CONNECTIONS_X_ZENDESK_APITOKEN (an environment variable)
        boolean ours = k.startsWith("rostersync.connections.") || k.startsWith("rostersync_connections_")
                || k.startsWith("rostersync.connections[");
        return ours && CREDENTIAL_ENDINGS.stream().anyMatch(k::endsWith);
    }

    private boolean holdsSecret(@Nullable Object value) {
        if (value == null || secrets.isEmpty()) {
            return false;
        }
        String text = value.toString();
        for (String secret : secrets) {
            if (text.equals(secret) || (secret.length() >= MIN_CONTAINED && text.contains(secret))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> secrets(Environment environment) {
        Map<String, Connection> connections;
        try {
            connections = Binder.get(environment)
                    .bind(ConnectionsProperties.PREFIX, Bindable.mapOf(String.class, Connection.class))
                    .orElse(Map.of());
        } catch (RuntimeException e) {
            return List.of(); // a binding problem fails start-up through the registrar, with its own message
        }
        List<String> out = new ArrayList<>();
        for (Connection c : connections.values()) {
            List<@Nullable String> values = new ArrayList<>();
            ConnectionsProperties.Zendesk zendesk = c.zendesk();
            if (zendesk != null) {
                values.addAll(java.util.Arrays.asList(zendesk.apiToken(), zendesk.oauthAccessToken(), zendesk.clientSecret()));
            }
            ConnectionsProperties.Talkdesk talkdesk = c.talkdesk();
            if (talkdesk != null) {
                values.add(talkdesk.clientSecret());
            }
            ConnectionsProperties.Salesforce salesforce = c.salesforce();
            if (salesforce != null) {
                values.addAll(java.util.Arrays.asList(salesforce.clientSecret(), salesforce.privateKey()));
            }
            ConnectionsProperties.Scim scim = c.scim();
            if (scim != null) {
                values.addAll(java.util.Arrays.asList(scim.bearerToken(), scim.password(), scim.clientSecret()));
            }
            for (String v : values) {
                if (v != null && !v.isBlank() && !v.contains("${")) {
                    out.add(v.strip());
                }
            }
        }
        return List.copyOf(out);
    }
}
