package io.rostersync.plan;

import java.util.Arrays;
import java.util.Objects;

/**
 * The host's secret key for plan digests ({@link PlanDigest}). Keep it where the host keeps its other
 * secrets; whoever holds it can sign a plan the executor will apply. Never shown by {@link #toString()}.
 *
 * @since 0.1.0
 */
public final class PlanKey {

    /** Shortest key accepted: 32 bytes, the output size of SHA-256, as RFC 2104 recommends for HMAC. */
    public static final int MIN_BYTES = 32;

    private final byte[] bytes;

    private PlanKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A key from random bytes (for example 32 bytes from {@link java.security.SecureRandom}, stored base64).
     *
     * @param bytes the key material; copied
     * @return the key
     * @throws IllegalArgumentException when shorter than {@link #MIN_BYTES}
     */
    public static PlanKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "the plan key is missing: pass the host's secret key bytes");
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a plan key needs at least " + MIN_BYTES + " bytes, got " + bytes.length
                    + "; generate one with SecureRandom");
        }
        return new PlanKey(bytes.clone());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlanKey k && java.security.MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PlanKey[redacted]";
    }
}
