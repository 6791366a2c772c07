package io.rostersync.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential (token, password, client secret, API token). Its {@link #toString()} never shows the
 * value; only {@link #reveal()} does, and only code that puts it on the wire should call that.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a credential.
     *
     * @throws IllegalArgumentException if the value is blank or contains a control character (it would
     *                                  corrupt or split an HTTP header)
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("secret contains a control character");
            }
        }
        return new Secret(value);
    }

    /** The credential itself. Never log or format it. */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison of the values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // deliberately uninformative: a hash would leak information about the value
    }

    @Override
    public String toString() {
        return "****";
    }
}
