package io.rostersync.http;

import java.util.Objects;

/**
 * One credential header to put on a request. Its {@code toString()} shows the header name only.
 *
 * @param name  the header name, usually {@code Authorization}
 * @param value the full header value, for example {@code Bearer abc…}
 */
public record AuthHeader(String name, Secret value) {

    public AuthHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("header name must not be blank");
        }
    }

    /** {@code Authorization: <value>}. */
    public static AuthHeader authorization(String value) {
        return new AuthHeader("Authorization", Secret.of(value));
    }

    @Override
    public String toString() {
        return "AuthHeader[" + name + ": ****]";
    }
}
