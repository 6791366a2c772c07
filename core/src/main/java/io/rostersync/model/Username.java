package io.rostersync.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A login name as a directory shows it. Kept as given (trimmed); {@link #matchKey()} is the
 * case-insensitive form used for matching.
 *
 * @param value the username, never blank
 */
public record Username(String value) implements Comparable<Username> {

    public Username {
        Objects.requireNonNull(value, "username");
        value = value.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        if (value.length() > 255) {
            throw new IllegalArgumentException("username longer than 255 characters");
        }
    }

    public static Username of(String value) {
        return new Username(value);
    }

    public String matchKey() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(Username other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
