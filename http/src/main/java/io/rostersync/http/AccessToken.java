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
 * @since 0.1.0
 */
public record AccessToken(
        Secret value, String tokenType, Instant obtainedAt, Optional<Instant> expiresAt, Optional<String> scope,
        Map<String, String> fields) {

    /**
     * Checks and copies the parts; see the record's description for each.
     *
     * @param value      the token itself
     * @param tokenType  the {@code token_type}
     * @param obtainedAt when it was received
     * @param expiresAt  when it stops being usable, or empty when not known
     * @param scope      the granted scope, or empty
     * @param fields     the other scalar fields of the response; copied
     * @throws NullPointerException     if any part is null
     * @throws IllegalArgumentException if {@code fields} holds {@code access_token}, {@code refresh_token} or
     *                                  {@code id_token}
     */
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

    /**
     * One field of the token response other than the token itself, e.g. {@code field("instance_url")}.
     *
     * @param name the field name as the endpoint sent it
     * @return its value as text, or empty when the response had no such scalar field
     */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * Whether the token is still good at {@code now}, leaving {@code skew} before its expiry.
     *
     * @param now  the current time, from the client's clock
     * @param skew how long before {@link #expiresAt()} to stop using it
     * @return true when {@code now} is more than {@code skew} before the expiry, or the expiry is unknown
     */
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
