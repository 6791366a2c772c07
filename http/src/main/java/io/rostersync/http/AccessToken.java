package io.rostersync.http;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OAuth2 access token as the token endpoint returned it.
 *
 * @param value     the token itself
 * @param tokenType the {@code token_type} (for example {@code bearer}); {@code bearer} when the endpoint
 *                  gave none
 * @param obtainedAt when we received it, by the client's clock
 * @param expiresAt when it stops being usable: {@code expires_in} after {@code obtainedAt}, or the
 *                  configured assumed lifetime; empty when neither is known (Zendesk and Salesforce
 *                  tokens do not say), in which case only a 401 retires it
 * @param scope     the granted {@code scope}, when returned
 * @param fields    every other scalar field of the response, as text, for example Salesforce's
 *                  {@code instance_url}, {@code id}, {@code issued_at}. Never includes
 *                  {@code access_token}, {@code refresh_token} or {@code id_token}.
 */
public record AccessToken(
        Secret value, String tokenType, Instant obtainedAt, Optional<Instant> expiresAt, Optional<String> scope,
        Map<String, String> fields) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scope, "scope");
        fields = Map.copyOf(fields);
        for (String secretField : new String[] {"access_token", "refresh_token", "id_token"}) {
            if (fields.containsKey(secretField)) {
                throw new IllegalArgumentException(secretField + " must not be among the plain fields");
            }
        }
    }

    /** One field of the token response other than the token itself, e.g. {@code field("instance_url")}. */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Whether the token is still good at {@code now}, leaving {@code skew} before its expiry. */
    public boolean usableAt(Instant now, java.time.Duration skew) {
        return expiresAt.map(exp -> now.isBefore(exp.minus(skew))).orElse(true);
    }

    /** Shows the type, expiry and the names of the other fields, never a value. */
    @Override
    public String toString() {
        return "AccessToken[type=" + tokenType + ", expiresAt=" + expiresAt.map(Instant::toString).orElse("unknown")
                + ", fields=" + new TreeMap<>(fields).keySet() + ", value=****]";
    }
}
