package io.rostersync.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one configured sync (for example {@code "zendesk-to-qa"}): the key under which links,
 * cursors, reports and the single-flight lease are stored.
 *
 * @param value 1 to 64 characters of letters, digits, dot, underscore or hyphen
 * @since 0.1.0
 */
public record SyncId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Checks the value's shape.
     *
     * @param value 1 to 64 characters of letters, digits, dot, underscore or hyphen
     * @throws IllegalArgumentException unless the value is 1 to 64 letters, digits, dots, underscores or
     *                                  hyphens
     * @throws NullPointerException if the value is null
     */
    public SyncId {
        Objects.requireNonNull(value, "sync id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "sync id must be 1-64 letters, digits, '.', '_' or '-': '" + value + "'");
        }
    }

    /**
     * A sync id from text.
     *
     * @param value 1 to 64 letters, digits, dots, underscores or hyphens
     * @return the id
     * @throws IllegalArgumentException if the value has another shape
     */
    public static SyncId of(String value) {
        return new SyncId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
