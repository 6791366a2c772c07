package io.rostersync.http;

import io.rostersync.spi.TransientException;
import io.rostersync.spi.AuthFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How a provider authenticates its requests; {@link TokenClient} implements every grant rostersync
 * knows, and the factories here return one for static credentials. Implementations must be thread-safe: one
 * instance serves every concurrent request of a client. Their {@code toString()} must not show secrets.
 *
 * <p>The client calls {@link #header()} before every attempt. When the vendor answers 401, it calls
 * {@link #refreshAfterRejection(Optional)} with the header it sent; if that returns {@code true} it
 * asks for a header again and resends the request once. A second 401 becomes an
 * {@link AuthFailedException}.
 *
 * @since 0.1.0
 */
public interface HttpAuth {

    /**
     * The header to send now, or empty for an unauthenticated request. May block to obtain a token.
     *
     * @return the header for the next attempt, or empty to send none
     * @throws AuthFailedException if credentials were refused while obtaining a token
     * @throws TransientException  if a token endpoint could not be reached
     */
    Optional<AuthHeader> header();

    /**
     * Called after the vendor rejected {@code rejected} with 401. Returns whether a fresh
     * {@link #header()} may succeed (a cached token was dropped or has already been replaced). Static
     * credentials return {@code false}.
     *
     * @param rejected the header the rejected request carried, or empty if it had none
     * @return true when asking {@link #header()} again may give a header the vendor accepts
     */
    default boolean refreshAfterRejection(Optional<AuthHeader> rejected) {
        return false;
    }

    /**
     * No credentials at all.
     *
     * @return an authentication that sends no header
     */
    static HttpAuth none() {
        return new HttpAuth() {
            @Override
            public Optional<AuthHeader> header() {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "NoAuth";
            }
        };
    }

    /**
     * {@code Authorization: Bearer <token>} with a token that never changes.
     *
     * @param token the token, sent as is
     * @return an authentication that always sends this header
     */
    static HttpAuth bearer(Secret token) {
        Objects.requireNonNull(token, "token");
        return TokenClient.fixed("BearerToken[secret=****]", "Bearer", token);
    }

    /**
     * A Zendesk API token: {@code Authorization: Basic base64("{email}/token:{token}")}.
     *
     * @param email the agent or admin the token acts as
     * @param apiToken the API token
     * @return an authentication that always sends this header; its {@code toString()} shows the email only
     * @throws IllegalArgumentException if the email is blank or holds {@code :} or a control character
     */
    static HttpAuth zendeskApiToken(String email, Secret apiToken) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(apiToken, "apiToken");
        if (email.isBlank() || email.contains(":") || email.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("email must be a plain address without ':'");
        }
        return TokenClient.fixed("ZendeskApiToken[email=" + email + ", secret=****]", "Basic",
                Secret.of(TokenClient.basicValue(email + "/token", apiToken)));
    }

    /**
     * HTTP Basic with a user name and password.
     *
     * @param username the user name; must not be blank or hold {@code :}
     * @param password the password
     * @return an authentication that always sends this header; its {@code toString()} shows the user name only
     * @throws IllegalArgumentException if the user name is blank or holds {@code :} or a control character
     */
    static HttpAuth basic(String username, Secret password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank() || username.contains(":") || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("username must not be blank or contain ':'");
        }
        return TokenClient.fixed("BasicAuth[username=" + username + ", secret=****]", "Basic",
                Secret.of(TokenClient.basicValue(username, password)));
    }
}
