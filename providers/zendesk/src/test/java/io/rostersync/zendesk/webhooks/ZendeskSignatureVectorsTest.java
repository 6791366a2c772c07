package io.rostersync.zendesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.testkit.ManualClock;
import io.rostersync.zendesk.webhooks.internal.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signature check against values none of our code produced. Zendesk's page "Verifying webhook authenticity"
 * (developer.zendesk.com/documentation/webhooks/verifying/) documents the signature as
 * {@code base64(HMACSHA256(TIMESTAMP + BODY))} keyed with the signing secret as shown (its text, not base64-decoded),
 * and sends it in {@code X-Zendesk-Webhook-Signature} with the timestamp, an ISO-8601 instant such as
 * {@code 2021-03-25T05:09:27Z} ("Anatomy of a webhook request"), in {@code X-Zendesk-Webhook-Signature-Timestamp}.
 *
 * <p>Every expected signature below was computed by OpenSSL 3.0.19, not by Java, with
 * <pre>
 *   { printf '%s' "$TIMESTAMP"; printf '%s' "$BODY"; } | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
 * </pre>
 */
class ZendeskSignatureVectorsTest {

    /** The secret, timestamp and body of the worked example on Zendesk's event-connectors verifying page. */
    private static final String DOC_SECRET = "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=";
    private static final String DOC_TIMESTAMP = "2021-07-25T10:00:00Z";
    private static final String DOC_BODY = "{\"say\": \"hello\"}";

    @Test
    void matchesOpenSslOverTheDocumentedTimestampThenBody() {
        // openssl over "2021-07-25T10:00:00Z{"say": "hello"}" with the documented secret
        String expected = "Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=";

        assertThat(WebhookSignature.matches(DOC_SECRET.getBytes(StandardCharsets.UTF_8), DOC_TIMESTAMP,
                DOC_BODY.getBytes(StandardCharsets.UTF_8), expected)).isTrue();
    }

    @Test
    void refusesTheSameMacOverBodyThenTimestamp() {
        // The signature printed in that older worked example, tRDSF7...: openssl reproduces it only over BODY then
        // TIMESTAMP (the order that page's formula once read). The current documented order is TIMESTAMP + BODY;
        // a check that accepted either order would accept a MAC computed over a different message.
        String bodyFirst = "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=";

        assertThat(WebhookSignature.matches(DOC_SECRET.getBytes(StandardCharsets.UTF_8), DOC_TIMESTAMP,
                DOC_BODY.getBytes(StandardCharsets.UTF_8), bodyFirst)).isFalse();
    }

    @Test
    void acceptsAUserEventSignedByOpenSslWithTheDocumentedHeaders() {
        // Keyed with the static secret the verifying page's Express example uses (base64 text of
        // "this_secret_is_for_testing_only", used as text, as Zendesk does).
        String secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
        String timestamp = "2026-12-03T10:00:00Z";
        String body = "{\"type\":\"zen:event-type:user.deleted\",\"account_id\":12514403,\"id\":\"c4a1b5e2-vector-1\","
                + "\"time\":\"2026-12-03T09:59:58Z\",\"zendesk_event_version\":\"2022-06-20\","
                + "\"subject\":\"zen:user:6596848315901\",\"detail\":{\"id\":\"6596848315901\",\"role\":\"agent\"},\"event\":{}}";
        String signature = "3lclzn61SgQQ+mlTxiv0/n/yrIpVOE2A8sPtAJjtsog=";
        ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
                .signingSecret(Secret.of(secret))
                .clock(new ManualClock(Instant.parse("2026-12-03T10:01:00Z")))
                .build();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        // Lower-case, as "Anatomy of a webhook request" shows them.
        headers.put("x-zendesk-account-id", List.of("12514403"));
        headers.put("x-zendesk-webhook-id", List.of("01F1KRFQ6BG29CNWFR60NK5FNY"));
        headers.put("x-zendesk-webhook-invocation-id", List.of("8350205582"));
        headers.put("x-zendesk-webhook-signature", List.of(signature));
        headers.put("x-zendesk-webhook-signature-timestamp", List.of(timestamp));

        WebhookOutcome outcome = receiver.receive(headers, body.getBytes(StandardCharsets.UTF_8));

        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(
                new UserEventHint(NativeId.of("6596848315901"), "zen:event-type:user.deleted", "c4a1b5e2-vector-1")));
    }
}
