package io.rostersync.model;

import java.util.Objects;

/**
 * An opaque position in a directory's change stream. Only the directory that issued it can interpret
 * it; the engine stores and hands it back unchanged.
 *
 * @param value the directory's encoding, never blank
 * @since 0.1.0
 */
public record Cursor(String value) {

    /**
     * Checks the value.
     *
     * @param value the directory's encoding, never blank
     * @throws IllegalArgumentException if the value is blank
     * @throws NullPointerException if the value is null
     */
    public Cursor {
        Objects.requireNonNull(value, "cursor");
        if (value.isBlank()) {
            throw new IllegalArgumentException("cursor must not be blank");
        }
    }

    /**
     * A cursor from the directory's encoding.
     *
     * @param value the directory's encoding, never blank
     * @return the cursor
     * @throws IllegalArgumentException if the value is blank
     */
    public static Cursor of(String value) {
        return new Cursor(value);
    }
}
