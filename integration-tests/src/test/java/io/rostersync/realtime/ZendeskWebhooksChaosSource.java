package io.rostersync.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Delivery;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Fate;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Field;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskRole;
import io.rostersync.zendesk.webhooks.RejectionReason;
import io.rostersync.zendesk.webhooks.WebhookOutcome;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Zendesk as a {@link RealTimeSource}: the Zendesk emulator on the manual clock, its webhook subscription with the
 * chaos knobs, and the host's endpoint (the framework-neutral {@link ZendeskWebhookReceiver} behind a JDK
 * {@link HttpServer} on 127.0.0.1, checking timestamps on the same clock) offering each accepted event's user to
 * the hints. Every request the endpoint receives is recorded with the receiver's outcome and whether the emulator
 * signed exactly that request with the real secret ({@link ZendeskWebhookSubscription#signedGenuinely}), so
 * forged requests accepted are counted by an oracle outside the receiver.
 */
final class ZendeskWebhooksChaosSource implements RealTimeSource {

    private static final String SIGNING_SECRET = "chaos-webhook-signing-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the endpoint saw it. */
    private record Received(Optional<String> eventId, WebhookOutcome outcome, boolean genuine) {
    }

    private final boolean checkSignatures;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Long> ids = new HashMap<>();
    private ZendeskEmulator zendesk;
    private HttpServer endpoint;
    private volatile ZendeskWebhookSubscription webhook;

    private ZendeskWebhooksChaosSource(boolean checkSignatures) {
        this.checkSignatures = checkSignatures;
    }

    /** The host endpoint as a host builds it: every request through the receiver. */
    static ZendeskWebhooksChaosSource create() {
        return new ZendeskWebhooksChaosSource(true);
    }

    /**
     * A broken endpoint that takes the user id from any request without asking the receiver: only to prove the
     * forged-accepted count sees forgeries.
     */
    static ZendeskWebhooksChaosSource trustingEveryRequest() {
        return new ZendeskWebhooksChaosSource(false);
    }

    @Override
    public String name() {
        return "Zendesk webhooks";
    }

    @Override
    public Set<RealTimeChange.Kind> kinds() {
        return EnumSet.allOf(RealTimeChange.Kind.class);
    }

    @Override
    public List<String> describe(RealTimeChaos chaos) {
        return List.of("drop", "duplicate", "reorder", "hold in transit (signed at the change, posted rounds later)",
                "replay (the same signed request again)", "forge (signed with another secret)", "tamper (body altered after signing)");
    }

    @Override
    public void start(ManualClock clock, Consumer<NativeId> hints) {
        zendesk = ZendeskEmulator.builder().apiToken("chaos@example.test", "chaos-api-token").clock(clock)
                .accountLimitPerMinute(0).incrementalLimitPerMinute(0).start();
        ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
                .signingSecret(Secret.of("ZENDESK_WEBHOOK_SECRET", SIGNING_SECRET)).clock(clock).build();
        try {
            endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        endpoint.createContext("/zendesk/webhook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            WebhookOutcome outcome = checkSignatures ? receiver.receive(exchange.getRequestHeaders(), body) : trusting(body);
            if (outcome instanceof WebhookOutcome.Accepted accepted) {
                hints.accept(accepted.hint().userId());
            }
            String timestamp = Optional.ofNullable(exchange.getRequestHeaders().getFirst(ZendeskWebhookReceiver.TIMESTAMP_HEADER)).orElse("");
            String signature = Optional.ofNullable(exchange.getRequestHeaders().getFirst(ZendeskWebhookReceiver.SIGNATURE_HEADER)).orElse("");
            received.add(new Received(eventId(body), outcome, webhook.signedGenuinely(timestamp, signature, body)));
            exchange.sendResponseHeaders(outcome.suggestedStatus(), -1);
            exchange.close();
        });
        endpoint.start();
    }

    /** What an endpoint that checks nothing would make of a request: the subject's user, always. */
    private static WebhookOutcome trusting(byte[] body) {
        try {
            String subject = JSON.readTree(body).path("subject").asText();
            return new WebhookOutcome.Accepted(new io.rostersync.zendesk.webhooks.UserEventHint(
                    NativeId.of(subject.substring("zen:user:".length())), "zen:event-type:user.details_changed", "unchecked"));
        } catch (IOException | RuntimeException e) {
            return new WebhookOutcome.Rejected(RejectionReason.MALFORMED_PAYLOAD);
        }
    }

    private static Optional<String> eventId(byte[] body) {
        try {
            JsonNode id = JSON.readTree(body).path("id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> seed(int users, long seed) {
        List<String> emails = new ArrayList<>();
        for (long id : zendesk.seed(new RosterGenerator(seed), users)) {
            Map<String, Object> u = zendesk.user(id).orElseThrow();
            String email = String.valueOf(u.get("email")).toLowerCase(Locale.ROOT);
            ids.put(email, id);
            if (inScope(u)) {
                emails.add(email);
            }
        }
        return emails;
    }

    private static boolean inScope(Map<String, Object> u) {
        return "agent".equals(u.get("role")) || "admin".equals(u.get("role"));
    }

    @Override
    public UserDirectory directory() {
        return zendesk.directory().onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly().build();
    }

    @Override
    public SyncPolicy policy() {
        return SyncPolicy.builder()
                .scope(Scope.matching("agents and admins", u -> !u.roles().contains("end-user")))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .own(Field.ROLES, Ownership.ALWAYS)
                // Deletions and deactivations are what the chaos is about: the guard must not hold them.
                .deletionGuard(DeletionGuard.of(10_000, 1.0))
                .build();
    }

    @Override
    public void chaos(RealTimeChaos chaos, long seed) {
        // Subscribed now, after the seed and the first run: deliveries start with the next change.
        webhook = zendesk.webhooks().subscribe(
                URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/zendesk/webhook"), SIGNING_SECRET);
        webhook.seed(seed).dropRate(chaos.drop()).duplicateRate(chaos.duplicate()).reorderRate(chaos.reorder())
                .holdRate(chaos.hold()).keepForReplayRate(chaos.replay()).forgeRate(chaos.forge()).tamperRate(chaos.tamper());
    }

    @Override
    public void apply(RealTimeChange c) {
        if (c.kind() == RealTimeChange.Kind.CREATE) {
            ids.put(c.email(), zendesk.addUser(c.value(), c.email(), "agent"));
            return;
        }
        long id = ids.get(c.email());
        switch (c.kind()) {
            case RENAME -> zendesk.rename(id, c.value());
            case ROLE_CHANGE -> zendesk.setRole(id, c.value());
            case DEACTIVATE -> zendesk.setSuspended(id, true);
            case DELETE -> zendesk.softDelete(id);
            case REACTIVATE -> zendesk.setSuspended(id, false);
            case CREATE -> throw new IllegalStateException("handled above");
        }
    }

    @Override
    public void deliver(boolean releaseHeld, boolean replay) throws InterruptedException {
        // First what this round's changes sent, so that what is kept for replay no longer depends on timing.
        awaitIdle();
        if (releaseHeld) {
            webhook.releaseHeldBack();
        }
        if (replay) {
            webhook.replayKept();
        }
        awaitIdle();
    }

    private void awaitIdle() throws InterruptedException {
        if (!webhook.awaitIdle(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the webhook deliveries did not finish in 30 s");
        }
    }

    @Override
    public void count(RealTimeTally tally) {
        List<Delivery> log = webhook.deliveries();
        Map<String, Integer> emitted = new LinkedHashMap<>(); // event id -> its place in the emission order
        Map<String, Fate> fate = new HashMap<>();
        for (Delivery d : log) {
            if (d.fate() != Fate.DUPLICATE && d.fate() != Fate.REPLAYED && !emitted.containsKey(d.eventId())) {
                emitted.put(d.eventId(), emitted.size());
                fate.put(d.eventId(), d.fate());
            }
        }
        tally.add("events emitted by the vendor", emitted.size());
        tally.add("events dropped", count(log, Fate.DROPPED));
        tally.add("events posted twice", count(log, Fate.DUPLICATE));
        tally.add("events held in transit, posted rounds later with their old signature", count(log, Fate.HELD));
        tally.add("signed requests replayed later", count(log, Fate.REPLAYED));
        tally.add("forged requests (signed with another secret)", count(log, Fate.FORGED));
        tally.add("tampered requests (body altered after signing)", count(log, Fate.TAMPERED));
        tally.add("requests received by the host", received.size());
        int outOfOrder = 0;
        int newest = -1;
        Set<String> arrived = new HashSet<>();
        for (Received r : received) {
            if (r.eventId().isEmpty() || !emitted.containsKey(r.eventId().get()) || !arrived.add(r.eventId().get())) {
                continue;
            }
            int place = emitted.get(r.eventId().get());
            if (place < newest) {
                outOfOrder++;
            }
            newest = Math.max(newest, place);
        }
        tally.add("events that arrived after a later event", outOfOrder);
        int accepted = 0;
        int lateAccepted = 0;
        int forgedAccepted = 0;
        Map<RejectionReason, Integer> refused = new LinkedHashMap<>();
        for (Received r : received) {
            if (r.outcome() instanceof WebhookOutcome.Accepted) {
                accepted++;
                if (!r.genuine()) {
                    forgedAccepted++;
                }
                if (r.eventId().map(fate::get).orElse(null) == Fate.HELD) {
                    lateAccepted++;
                }
            } else if (r.outcome() instanceof WebhookOutcome.Rejected rejected) {
                refused.merge(rejected.reason(), 1, Integer::sum);
            }
        }
        tally.add("accepted (a hint to re-read the user)", accepted);
        tally.add("  of which late (held in transit, within the 5-minute tolerance)", lateAccepted);
        tally.add("refused: replayed event id", refused.getOrDefault(RejectionReason.REPLAYED, 0));
        tally.add("refused: stale timestamp (held or replayed across hours)", refused.getOrDefault(RejectionReason.STALE_TIMESTAMP, 0));
        tally.add("refused: bad signature (forged or tampered)", refused.getOrDefault(RejectionReason.BAD_SIGNATURE, 0));
        refused.forEach((reason, n) -> {
            if (reason != RejectionReason.REPLAYED && reason != RejectionReason.STALE_TIMESTAMP && reason != RejectionReason.BAD_SIGNATURE) {
                tally.add("refused: " + reason, n);
            }
        });
        tally.add(RealTimeChaosHarness.FORGED_ACCEPTED, forgedAccepted);
    }

    private static int count(List<Delivery> log, Fate fate) {
        return (int) log.stream().filter(d -> d.fate() == fate).count();
    }

    @Override
    public Map<String, RealTimeExpected> expected() {
        Map<String, RealTimeExpected> out = new LinkedHashMap<>();
        for (long id : zendesk.userIds()) {
            Map<String, Object> u = zendesk.user(id).orElseThrow();
            if (!inScope(u)) {
                continue;
            }
            boolean active = Boolean.TRUE.equals(u.get("active")) && !Boolean.TRUE.equals(u.get("suspended"));
            String email = String.valueOf(u.get("email")).toLowerCase(Locale.ROOT);
            String name = String.valueOf(u.get("name")).strip().replaceAll("\\s+", " ");
            out.put(email, new RealTimeExpected(email, active, name, String.valueOf(u.get("role"))));
        }
        return out;
    }

    @Override
    public void close() {
        if (webhook != null) {
            webhook.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
        if (zendesk != null) {
            zendesk.close();
        }
    }
}
