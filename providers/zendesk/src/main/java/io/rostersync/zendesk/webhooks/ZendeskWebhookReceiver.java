package io.rostersync.zendesk.webhooks;

import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.zendesk.webhooks.internal.EventPayload;
import io.rostersync.zendesk.webhooks.internal.ReplayWindow;
import io.rostersync.zendesk.webhooks.internal.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Zendesk webhook requests for user events and turns each authentic, fresh, first-seen one into a
 * {@link UserEventHint}: a hint to sync that user now. Framework neutral: the host's HTTP endpoint passes the
 * request headers and the raw body, exactly as received, and answers with
 * {@link WebhookOutcome#suggestedStatus()}.
 *
 * <pre>{@code
 * ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
 *         .signingSecret(Secret.of("ZENDESK_WEBHOOK_SECRET", System.getenv("ZENDESK_WEBHOOK_SECRET")))
 *         .build();
 * WebhookOutcome outcome = receiver.receive(request.headers(), request.rawBody());
 * if (outcome instanceof WebhookOutcome.Accepted accepted) {
 *     hints.offer(accepted.hint().userId());
 * }
 * response.status(outcome.suggestedStatus());
 * }</pre>
 *
 * <p>Checks, in order: the body is at most {@linkplain Builder#maxBodyBytes(int) the cap}; exactly one
 * {@code X-Zendesk-Webhook-Signature} and one {@code X-Zendesk-Webhook-Signature-Timestamp} header (names in any
 * case); the signature is base64(HMAC-SHA256(signing secret, timestamp + raw body)), compared in constant time;
 * the timestamp is within {@linkplain Builder#tolerance(Duration) the tolerance} of the clock, either way; the
 * body is a Zendesk event whose type starts with {@code zen:event-type:user.} and whose subject is
 * {@code zen:user:<id>} (or, without a subject, whose {@code detail.id} is the id; both present must agree);
 * and its event id was not accepted before within {@linkplain Builder#replayWindow(Duration) the replay window}.
 *
 * <p>The payload is a hint only. Nothing but the user id, the event type and the event id is read from it: a
 * signed event whose fields claim another email, name or status changes nothing by itself, since the sync it
 * triggers re-reads the user from Zendesk. Events can still be dropped, delayed beyond the tolerance or
 * reordered by Zendesk or the network; the scheduled runs of the sync catch those.
 *
 * <p>Replays: an accepted event id is remembered in memory for the replay window (bounded in count too, see
 * {@link Builder#maxRemembered(int)}). After a restart that memory is empty and only the timestamp tolerance
 * bounds a replay; a replayed authentic event costs one more re-read of its user, never a write of its content.
 *
 * <p>Thread-safe. The signing secret never appears in {@link #toString()}, in an outcome or in a log.
 *
 * @since 0.2.0
 */
public final class ZendeskWebhookReceiver {

    /** The prefix of every Zendesk user event type. */
    public static final String USER_EVENT_PREFIX = "zen:event-type:user.";
    /** The signature header, as Zendesk names it (matched in any case). */
    public static final String SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
    /** The signature timestamp header, as Zendesk names it (matched in any case). */
    public static final String TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";

    private final byte[] key;
    private final Duration tolerance;
    private final Duration replayWindow;
    private final int maxBodyBytes;
    private final Clock clock;
    private final ReplayWindow seen;

    private ZendeskWebhookReceiver(Builder b) {
        if (b.secret == null) {
            throw new IllegalStateException("no signing secret: set signingSecret(...) to the webhook's signing secret "
                    + "(Zendesk Admin Center > Webhooks > the webhook > Signing secret, or GET /api/v2/webhooks/{id}/signing_secret)");
        }
        if (b.replayWindow.compareTo(b.tolerance) < 0) {
            throw new IllegalStateException("replayWindow (" + b.replayWindow + ") is shorter than the tolerance ("
                    + b.tolerance + "): a signed request could be replayed after its id is forgotten; make it at least as long");
        }
        this.key = b.secret.reveal().getBytes(StandardCharsets.UTF_8);
        this.tolerance = b.tolerance;
        this.replayWindow = b.replayWindow;
        this.maxBodyBytes = b.maxBodyBytes;
        this.clock = b.clock;
        this.seen = new ReplayWindow(b.replayWindow, b.maxRemembered);
    }

    /**
     * A builder; the signing secret is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The body size beyond which {@link #receive} refuses a request; an endpoint should stop reading there.
     *
     * @return the cap in bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Verifies one request and, for an accepted user event, remembers its event id.
     *
     * @param headers the request's headers, names in any case, each with its values as received (a name that
     *                appears under two spellings counts as sent twice)
     * @param rawBody the body exactly as received, before any parsing or decoding
     * @return the outcome; never throws for anything a request can contain
     * @throws NullPointerException when {@code headers} or {@code rawBody} is null
     */
    public WebhookOutcome receive(Map<String, List<String>> headers, byte[] rawBody) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(rawBody, "rawBody");
        if (rawBody.length > maxBodyBytes) {
            return reject(RejectionReason.TOO_LARGE);
        }
        List<String> signatures = values(headers, SIGNATURE_HEADER);
        List<String> timestamps = values(headers, TIMESTAMP_HEADER);
        if (signatures.size() > 1 || timestamps.size() > 1) {
            return reject(RejectionReason.DUPLICATE_HEADER);
        }
        if (signatures.isEmpty() || signatures.get(0).isBlank()) {
            return reject(RejectionReason.MISSING_SIGNATURE);
        }
        if (timestamps.isEmpty() || timestamps.get(0).isBlank()) {
            return reject(RejectionReason.MISSING_TIMESTAMP);
        }
        String timestamp = timestamps.get(0);
        if (!WebhookSignature.matches(key, timestamp, rawBody, signatures.get(0))) {
            return reject(RejectionReason.BAD_SIGNATURE);
        }
        Instant signedAt;
        try {
            signedAt = Instant.parse(timestamp.strip());
        } catch (DateTimeParseException e) {
            return reject(RejectionReason.MALFORMED_TIMESTAMP);
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(tolerance))) {
            return reject(RejectionReason.STALE_TIMESTAMP);
        }
        if (signedAt.isAfter(now.plus(tolerance))) {
            return reject(RejectionReason.FUTURE_TIMESTAMP);
        }
        Optional<EventPayload.Parsed> parsed = EventPayload.parse(rawBody, USER_EVENT_PREFIX);
        if (parsed.isEmpty()) {
            return reject(RejectionReason.MALFORMED_PAYLOAD);
        }
        EventPayload.Parsed event = parsed.get();
        if (event.userId().isEmpty()) {
            return reject(RejectionReason.NOT_A_USER_EVENT);
        }
        if (!seen.firstSeen(event.eventId(), now)) {
            return reject(RejectionReason.REPLAYED);
        }
        return new WebhookOutcome.Accepted(new UserEventHint(NativeId.of(event.userId().get()), event.type(), event.eventId()));
    }

    private static WebhookOutcome reject(RejectionReason reason) {
        return new WebhookOutcome.Rejected(reason);
    }

    /** Every value of the header, whatever the case of its name; null lists and values count as absent. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> found = new ArrayList<>(1);
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            @Nullable String key = e.getKey();
            @Nullable List<String> vs = e.getValue();
            if (key != null && vs != null && key.strip().equalsIgnoreCase(name)) {
                for (@Nullable String v : vs) {
                    if (v != null) {
                        found.add(v);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "ZendeskWebhookReceiver[tolerance=" + tolerance + ", replayWindow=" + replayWindow
                + ", maxBodyBytes=" + maxBodyBytes + ", signingSecret=****]";
    }

    /**
     * Configures a {@link ZendeskWebhookReceiver}. Not thread-safe; the receiver it builds is.
     *
     * @since 0.2.0
     */
    public static final class Builder {

        private @Nullable Secret secret;
        private Duration tolerance = Duration.ofMinutes(5);
        private Duration replayWindow = Duration.ofMinutes(10);
        private int maxRemembered = 100_000;
        private int maxBodyBytes = 64 * 1024;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The webhook's signing secret (required), as Zendesk shows it for the webhook.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder signingSecret(Secret secret) {
            this.secret = Objects.requireNonNull(secret, "signingSecret");
            return this;
        }

        /**
         * How far the signature timestamp may be from the clock, either way (default 5 minutes). Zendesk retries
         * a failed delivery with a fresh timestamp, so a short tolerance refuses only replays and very late
         * deliveries; those changes are caught by the next scheduled run.
         *
         * @param tolerance positive, at most one day
         * @return this builder
         * @throws IllegalArgumentException when it is zero, negative or longer than a day
         */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isZero() || tolerance.isNegative() || tolerance.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("tolerance must be positive and at most a day, was " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * How long an accepted event id is remembered to refuse it again (default 10 minutes); at least the
         * tolerance, checked by {@link #build()}.
         *
         * @param window positive
         * @return this builder
         * @throws IllegalArgumentException when it is zero or negative
         */
        public Builder replayWindow(Duration window) {
            Objects.requireNonNull(window, "replayWindow");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("replayWindow must be positive, was " + window);
            }
            this.replayWindow = window;
            return this;
        }

        /**
         * At most this many event ids are remembered (default 100,000); beyond it the oldest is forgotten
         * early, so memory stays bounded under a flood.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException when it is below 1
         */
        public Builder maxRemembered(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxRemembered must be at least 1, was " + count);
            }
            this.maxRemembered = count;
            return this;
        }

        /**
         * The largest body accepted (default 64 KiB; a user event is about 1 KiB).
         *
         * @param bytes at least 1 KiB, at most 16 MiB
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1024 and 16 MiB, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * The clock the timestamps are checked against (default the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the receiver.
         *
         * @return the receiver
         * @throws IllegalStateException when no signing secret was set, or the replay window is shorter than the
         *                               tolerance
         */
        public ZendeskWebhookReceiver build() {
            return new ZendeskWebhookReceiver(this);
        }

        @Override
        public String toString() {
            return "ZendeskWebhookReceiver.Builder[tolerance=" + tolerance + ", signingSecret=" + (secret == null ? "unset" : "****") + "]";
        }
    }
}
