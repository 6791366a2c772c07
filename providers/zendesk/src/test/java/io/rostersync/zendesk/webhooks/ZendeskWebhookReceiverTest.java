package io.rostersync.zendesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ZendeskWebhookReceiverTest {

    private static final String SECRET = "dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
            .signingSecret(Secret.of(SECRET))
            .tolerance(Duration.ofMinutes(5))
            .clock(clock)
            .build();

    /** A user event in Zendesk's documented event schema (type, account_id, id, time, subject, detail, event). */
    static String userEvent(String eventId, String type, String userId, String email) {
        return "{\"type\":\"" + type + "\",\"account_id\":12514403,\"id\":\"" + eventId + "\","
                + "\"time\":\"2026-12-03T09:59:58Z\",\"zendesk_event_version\":\"2022-06-20\","
                + "\"subject\":\"zen:user:" + userId + "\","
                + "\"detail\":{\"created_at\":\"2026-12-01T05:27:58Z\",\"email\":\"" + email + "\",\"external_id\":\"\","
                + "\"default_group_id\":\"0\",\"id\":\"" + userId + "\",\"organization_id\":\"0\",\"role\":\"agent\","
                + "\"updated_at\":\"2026-12-03T09:59:58Z\"},"
                + "\"event\":{\"current\":false,\"previous\":true}}";
    }

    static String sign(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    static Map<String, List<String>> headers(String signature, String timestamp) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-zendesk-account-id", List.of("12514403"));
        h.put("x-zendesk-webhook-id", List.of("01F1KRFQ6BG29CNWFR60NK5FNY"));
        h.put("x-zendesk-webhook-signature", List.of(signature));
        h.put("x-zendesk-webhook-signature-timestamp", List.of(timestamp));
        return h;
    }

    private WebhookOutcome deliver(String body, String timestamp) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return receiver.receive(headers(sign(SECRET, timestamp, bytes), timestamp), bytes);
    }

    private static final String NOW = "2026-12-03T10:00:00Z";

    @Test
    void acceptsASignedUserEventAndTakesOnlyTheUserIdAndType() throws Exception {
        WebhookOutcome outcome = deliver(userEvent("ev-1", "zen:event-type:user.active_changed", "6596848315901", "a@example.com"), NOW);

        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(
                new UserEventHint(NativeId.of("6596848315901"), "zen:event-type:user.active_changed", "ev-1")));
        assertThat(outcome.suggestedStatus()).isEqualTo(200);
        assertThat(outcome.toString()).doesNotContain("a@example.com");
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "1", "a@example.com").getBytes(StandardCharsets.UTF_8);

        WebhookOutcome outcome = receiver.receive(headers(sign("another-secret", NOW, body), NOW), body);

        assertThat(outcome).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(outcome.suggestedStatus()).isEqualTo(401);
    }

    @Test
    void refusesABodyAlteredByOneByte() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "1001", "a@example.com").getBytes(StandardCharsets.UTF_8);
        String signature = sign(SECRET, NOW, body);
        for (int i = 0; i < body.length; i += 7) {
            byte[] altered = Arrays.copyOf(body, body.length);
            altered[i] ^= 0x01;
            assertThat(receiver.receive(headers(signature, NOW), altered))
                    .as("byte %d flipped", i)
                    .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        }
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        longer[body.length] = ' ';
        assertThat(receiver.receive(headers(signature, NOW), longer)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void refusesASignatureOfAnotherTimestamp() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "1", "a@example.com").getBytes(StandardCharsets.UTF_8);
        String signedForEarlier = sign(SECRET, "2026-12-03T09:59:00Z", body);

        assertThat(receiver.receive(headers(signedForEarlier, NOW), body))
                .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void refusesMissingHeadersAndGarbageSignatures() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "1", "a@example.com").getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> noSignature = headers("x", NOW);
        noSignature.remove("x-zendesk-webhook-signature");
        Map<String, List<String>> noTimestamp = headers(sign(SECRET, NOW, body), NOW);
        noTimestamp.remove("x-zendesk-webhook-signature-timestamp");

        assertThat(receiver.receive(noSignature, body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MISSING_SIGNATURE));
        assertThat(receiver.receive(headers("", NOW), body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MISSING_SIGNATURE));
        assertThat(receiver.receive(noTimestamp, body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MISSING_TIMESTAMP));
        assertThat(receiver.receive(headers("not base64 at all!", NOW), body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(receiver.receive(headers("AAAA", NOW), body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(receiver.receive(Map.of(), body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MISSING_SIGNATURE));
    }

    @Test
    void matchesHeaderNamesInAnyCase() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "42", "a@example.com").getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> h = new HashMap<>();
        h.put("X-Zendesk-Webhook-Signature", List.of(sign(SECRET, NOW, body)));
        h.put("X-ZENDESK-WEBHOOK-SIGNATURE-TIMESTAMP", List.of(NOW));

        assertThat(receiver.receive(h, body)).isInstanceOf(WebhookOutcome.Accepted.class);
    }

    @Test
    void refusesDuplicatedSignatureOrTimestampHeaders() throws Exception {
        byte[] body = userEvent("ev-1", "zen:event-type:user.created", "42", "a@example.com").getBytes(StandardCharsets.UTF_8);
        String good = sign(SECRET, NOW, body);
        Map<String, List<String>> twoValues = headers(good, NOW);
        twoValues.put("x-zendesk-webhook-signature", List.of("forged==", good));
        Map<String, List<String>> twoSpellings = headers(good, NOW);
        twoSpellings.put("X-Zendesk-Webhook-Signature-Timestamp", List.of("2026-12-03T09:58:00Z"));
        Map<String, List<String>> sameTwice = headers(good, NOW);
        sameTwice.put("x-zendesk-webhook-signature", List.of(good, good));

        assertThat(receiver.receive(twoValues, body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.DUPLICATE_HEADER));
        assertThat(receiver.receive(twoSpellings, body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.DUPLICATE_HEADER));
        assertThat(receiver.receive(sameTwice, body)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.DUPLICATE_HEADER));
    }

    @Test
    void refusesAHugeBodyBeforeVerifyingIt() throws Exception {
        byte[] huge = new byte[receiver.maxBodyBytes() + 1];
        Arrays.fill(huge, (byte) ' ');
        WebhookOutcome outcome = receiver.receive(headers(sign(SECRET, NOW, huge), NOW), huge);

        assertThat(outcome).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.TOO_LARGE));
        assertThat(outcome.suggestedStatus()).isEqualTo(413);
    }

    @Test
    void refusesSignedBodiesThatAreNotZendeskEvents() throws Exception {
        for (String body : List.of("not json", "", "[]", "null", "{\"id\":\"e\"}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\"}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:organization:5\"}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:user:../../admin\"}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:user:-1\"}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:user:5\",\"detail\":{\"id\":\"6\"}}",
                "{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"subject\":\"zen:user:5\"",
                "[".repeat(5000))) {
            assertThat(deliver(body, NOW)).as(body.length() > 80 ? body.substring(0, 80) : body)
                    .isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MALFORMED_PAYLOAD));
        }
    }

    @Test
    void takesTheUserIdFromDetailWhenThereIsNoSubject() throws Exception {
        WebhookOutcome outcome = deliver("{\"id\":\"e\",\"type\":\"zen:event-type:user.created\",\"detail\":{\"id\":\"77\"}}", NOW);

        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(new UserEventHint(NativeId.of("77"), "zen:event-type:user.created", "e")));
    }

    @Test
    void answersOtherDomainsAsNotAUserEvent() throws Exception {
        WebhookOutcome outcome = deliver("{\"id\":\"e\",\"type\":\"zen:event-type:organization.created\",\"subject\":\"zen:organization:5\"}", NOW);

        assertThat(outcome).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.NOT_A_USER_EVENT));
        assertThat(outcome.suggestedStatus()).isEqualTo(200);
    }

    @Test
    void aSignedPayloadClaimingAnotherUsersEmailYieldsOnlyItsSubjectId() throws Exception {
        // The payload is signed (a leaked secret, or an event about user 5 whose email field says the CEO's):
        // only the id of its subject comes out, and the sync re-reads user 5 from Zendesk.
        WebhookOutcome outcome = deliver(userEvent("ev-9", "zen:event-type:user.details_changed", "5", "ceo@example.com")
                .replace("\"role\":\"agent\"", "\"role\":\"admin\""), NOW);

        assertThat(outcome).isInstanceOf(WebhookOutcome.Accepted.class);
        UserEventHint hint = ((WebhookOutcome.Accepted) outcome).hint();
        assertThat(hint.userId()).isEqualTo(NativeId.of("5"));
        assertThat(List.of(hint.userId().value(), hint.eventType(), hint.eventId(), hint.toString()))
                .noneMatch(s -> s.contains("ceo@") || s.contains("admin"));
    }

    @Test
    void refusesTheSameEventIdASecondTimeEvenWithAFreshSignature() throws Exception {
        String body = userEvent("ev-1", "zen:event-type:user.created", "42", "a@example.com");
        assertThat(deliver(body, NOW)).isInstanceOf(WebhookOutcome.Accepted.class);

        assertThat(deliver(body, NOW)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.REPLAYED));
        clock.advance(Duration.ofMinutes(2));
        assertThat(deliver(body, "2026-12-03T10:02:00Z")).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.REPLAYED));
        assertThat(deliver(userEvent("ev-2", "zen:event-type:user.created", "42", "a@example.com"), "2026-12-03T10:02:00Z"))
                .isInstanceOf(WebhookOutcome.Accepted.class);
    }

    @Test
    void refusesTimestampsOutsideTheToleranceEitherWay() throws Exception {
        String body = userEvent("ev-1", "zen:event-type:user.created", "42", "a@example.com");

        assertThat(deliver(body, "2026-12-03T09:54:59Z")).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.STALE_TIMESTAMP));
        assertThat(deliver(body, "2026-12-03T10:05:01Z")).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.FUTURE_TIMESTAMP));
        assertThat(deliver(body, "yesterday")).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.MALFORMED_TIMESTAMP));
        // Within the tolerance, both ways: a sender clock 4 minutes off is fine.
        assertThat(deliver(body, "2026-12-03T10:04:00Z")).isInstanceOf(WebhookOutcome.Accepted.class);
        assertThat(deliver(userEvent("ev-2", "zen:event-type:user.created", "42", "a@example.com"), "2026-12-03T09:56:00Z"))
                .isInstanceOf(WebhookOutcome.Accepted.class);
    }

    @Test
    void aCapturedRequestReplayedAfterTheToleranceIsStale() throws Exception {
        String body = userEvent("ev-1", "zen:event-type:user.created", "42", "a@example.com");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> captured = headers(sign(SECRET, NOW, bytes), NOW);
        assertThat(receiver.receive(captured, bytes)).isInstanceOf(WebhookOutcome.Accepted.class);

        // A fresh receiver (after a restart) has forgotten ev-1; the timestamp still bounds the replay.
        ZendeskWebhookReceiver restarted = ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET)).clock(clock).build();
        clock.advance(Duration.ofMinutes(6));
        assertThat(restarted.receive(captured, bytes)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.STALE_TIMESTAMP));
    }

    @Test
    void memoryOfEventIdsStaysBoundedUnderAFlood() throws Exception {
        ZendeskWebhookReceiver small = ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET)).clock(clock)
                .maxRemembered(10).build();
        List<WebhookOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] body = userEvent("ev-" + i, "zen:event-type:user.created", "42", "a@example.com").getBytes(StandardCharsets.UTF_8);
            outcomes.add(small.receive(headers(sign(SECRET, NOW, body), NOW), body));
        }
        assertThat(outcomes).allMatch(o -> o instanceof WebhookOutcome.Accepted);
        byte[] recent = userEvent("ev-99", "zen:event-type:user.created", "42", "a@example.com").getBytes(StandardCharsets.UTF_8);
        assertThat(small.receive(headers(sign(SECRET, NOW, recent), NOW), recent)).isEqualTo(new WebhookOutcome.Rejected(RejectionReason.REPLAYED));
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(receiver.toString()).doesNotContain(SECRET);
        assertThat(ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET)).toString()).doesNotContain(SECRET);
        assertThat(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE).toString()).doesNotContain(SECRET);
    }

    @Test
    void refusesAConfigurationThatCannotBeSafe() {
        assertThatThrownBy(() -> ZendeskWebhookReceiver.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signing secret");
        assertThatThrownBy(() -> ZendeskWebhookReceiver.builder().signingSecret(Secret.of(SECRET))
                .tolerance(Duration.ofMinutes(10)).replayWindow(Duration.ofMinutes(5)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replayWindow");
        assertThatThrownBy(() -> ZendeskWebhookReceiver.builder().tolerance(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZendeskWebhookReceiver.builder().maxBodyBytes(10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
