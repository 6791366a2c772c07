package io.rostersync.http;

import java.util.Objects;

/**
 * One credential header to put on a request. Its {@code toString()} shows the header name only.
 *
 * @param name  the header name, usually {@code Authorization}
 * @param value the full header value, for example {@code Bearer abc…}
 * @since 0.1.0
 */
public record AuthHeader(String name, Secret value) {

    /**
     * Checks the parts.
     *
     * @param name  the header name
     * @param value the header value
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if the name is blank
     */
    public AuthHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("header name must not be blank");
        }
    }

    /**
     * An {@code Authorization} header.
     *
     * @param value the full header value, scheme included ({@code Bearer abc…})
     * @return the header, its value held as a {@link Secret}
     */
    public static AuthHeader authorization(String value) {
        return new AuthHeader("Authorization", Secret.of(value));
    }

    @Override
    public String toString() {
        return "AuthHeader[" + name + ": ****]";
    }
}
