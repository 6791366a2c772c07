package io.rostersync.zendesk.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Zendesk's webhook signature: base64(HMAC-SHA256(secret, timestamp + raw body)). */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The raw HMAC of {@code timestamp} (its UTF-8 bytes, exactly as sent) followed by the body. */
    public static byte[] mac(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * Whether {@code signatureHeader} is the base64 of the expected HMAC. The comparison of the MAC bytes takes
     * the same time wherever they differ; a header that is not base64 is simply wrong.
     */
    public static boolean matches(byte[] key, String timestamp, byte[] body, String signatureHeader) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signatureHeader.strip());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(key, timestamp, body), given);
    }
}
