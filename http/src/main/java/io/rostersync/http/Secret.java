package io.rostersync.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A credential (token, password, client secret, API token). Its {@link #toString()} never shows the
 * value; only {@link #reveal()} does, and only code that puts it on the wire should call that.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a credential.
     *
     * @param value the credential
     * @return the wrapped credential
     * @throws IllegalArgumentException if the value is missing ({@code null}, for example an unset
     *                                  environment variable), blank, or contains a control character (it
     *                                  would corrupt or split an HTTP header); prefer
     *                                  {@link #of(String, String)}, whose message names the credential
     */
    public static Secret of(@Nullable String value) {
        return of("the credential", value);
    }

    /**
     * Wraps a credential, naming it in any error: a missing environment variable is then reported as such
     * instead of as a bare {@code NullPointerException}.
     *
     * <pre>{@code
     * Secret secret = Secret.of("TALKDESK_CLIENT_SECRET", System.getenv("TALKDESK_CLIENT_SECRET"));
     * }</pre>
     *
     * @param name  what the credential is or where it comes from (an environment variable, a property);
     *              never a value, it appears in messages
     * @param value the credential
     * @return the wrapped credential
     * @throws IllegalArgumentException naming {@code name} if the value is missing, blank or contains a
     *                                  control character; the message never contains the value
     */
    public static Secret of(String name, @Nullable String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing (null): set it before building the client"
                    + (name.equals("the credential") ? "; use Secret.of(name, value) to say which credential in this message" : ""));
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank: set it to the credential's value");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(name + " contains a control character (a stray newline?): "
                        + "it would corrupt an HTTP header; remove it");
            }
        }
        return new Secret(value);
    }

    /**
     * The credential itself. Never log or format it.
     *
     * @return the value, exactly as given
     */
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
