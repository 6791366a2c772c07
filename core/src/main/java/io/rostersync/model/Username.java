package io.rostersync.model;

import io.rostersync.model.internal.IdentityText;
import java.util.Objects;

/**
 * A login name as a directory shows it. Kept as given (trimmed); {@link #matchKey()} is the form used for
 * matching: Unicode Normalization Form C with {@code A-Z} folded to {@code a-z}, and nothing else. Case is
 * folded in ASCII only, so a name with a character from outside ASCII never has the key of an ASCII name
 * (with U+212A KELVIN SIGN for its {@code K}, {@code Kate} is not {@code kate}); the engine shows such near-twins as conflicts.
 *
 * @param value the username, never blank
 * @since 0.1.0
 */
public record Username(String value) implements Comparable<Username> {

    /** The longest username accepted. */
    public static final int MAX_LENGTH = 255;

    /**
     * Trims and checks the value.
     *
     * @param value the username, never blank
     * @throws IllegalArgumentException if the username is blank or longer than {@link #MAX_LENGTH}
     * @throws NullPointerException if the value is null
     */
    public Username {
        Objects.requireNonNull(value, "username");
        value = value.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("username of " + value.length() + " characters, longer than "
                    + MAX_LENGTH + "; shorten it in the source directory");
        }
    }

    /**
     * A username from text, trimmed.
     *
     * @param value the username as the directory shows it
     * @return the username
     * @throws IllegalArgumentException if the username is blank or longer than {@link #MAX_LENGTH}
     */
    public static Username of(String value) {
        return new Username(value);
    }

    /**
     * The matching form: NFC, {@code A-Z} folded to {@code a-z}, every other character as it is.
     *
     * @return the key two usernames are compared by
     */
    public String matchKey() {
        return IdentityText.key(value);
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
