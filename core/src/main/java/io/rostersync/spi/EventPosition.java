package io.rostersync.spi;

import java.util.Objects;

/**
 * Where a subscriber to a directory's event stream resumes: an opaque token the stream issued (a Salesforce
 * Pub/Sub replay id, base64-encoded, say), kept by the {@link SyncStateStore} per sync and stream. Only the
 * subscriber that wrote it interprets it; a store keeps it exactly.
 *
 * @param token the stream's encoding: not blank, at most {@value #MAX_LENGTH} characters, no control characters
 * @since 0.3.0
 */
public record EventPosition(String token) {

    /** The longest token a store keeps. */
    public static final int MAX_LENGTH = 4096;

    /**
     * Checks the token.
     *
     * @param token the stream's encoding
     * @throws NullPointerException if the token is null
     * @throws IllegalArgumentException if the token is blank, longer than {@value #MAX_LENGTH} characters or
     *         holds a control character (encode binary positions, base64 for one)
     */
    public EventPosition {
        Objects.requireNonNull(token, "event position token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("event position token must not be blank");
        }
        if (token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("event position token is " + token.length() + " characters long; at most "
                    + MAX_LENGTH + " are kept (store a shorter position, e.g. the replay id alone, base64-encoded)");
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isISOControl(token.charAt(i))) {
                throw new IllegalArgumentException("event position token has a control character at index " + i
                        + " (U+" + String.format("%04X", (int) token.charAt(i)) + "); encode binary positions as text, base64 for one");
            }
        }
    }

    /**
     * An event position from the stream's encoding.
     *
     * @param token the stream's encoding
     * @return the position
     * @throws IllegalArgumentException if the token is blank, too long or holds a control character
     */
    public static EventPosition of(String token) {
        return new EventPosition(token);
    }
}
