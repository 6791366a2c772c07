package io.rostersync.model;

import java.util.Objects;

/**
 * The identifier a directory itself gives a user (a Zendesk user id, a Salesforce {@code 005…} id, a
 * database key). Opaque to the engine and only meaningful inside the directory that issued it.
 *
 * @param value the directory's id, never blank, at most 255 characters, no control characters
 * @since 0.1.0
 */
public record NativeId(String value) implements Comparable<NativeId> {

    /**
     * Checks the value.
     *
     * @param value the directory's id, never blank, at most 255 characters, no control characters
     * @throws IllegalArgumentException if the id is blank, longer than 255 characters or holds a control
     *                                  character
     * @throws NullPointerException if the value is null
     */
    public NativeId {
        Objects.requireNonNull(value, "native id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("native id must not be blank");
        }
        if (value.length() > 255) {
            throw new IllegalArgumentException("native id longer than 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("native id contains a control character");
            }
        }
    }

    /**
     * An id from the directory's text.
     *
     * @param value the directory's id
     * @return the id
     * @throws IllegalArgumentException if the id is blank, longer than 255 characters or holds a control
     *                                  character
     */
    public static NativeId of(String value) {
        return new NativeId(value);
    }

    @Override
    public int compareTo(NativeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
