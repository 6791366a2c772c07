package io.rostersync.benchmarks.freshness;

import io.rostersync.benchmarks.SwitchableClock;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription;
import io.rostersync.engine.UserHints;
import io.rostersync.http.RateLimit;
import io.rostersync.http.Secret;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Field;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import io.rostersync.zendesk.ZendeskRole;
import io.rostersync.zendesk.webhooks.WebhookOutcome;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Zendesk webhooks for the freshness benchmark: the Zendesk emulator with its latency on every response and its
 * real limits (700 requests a minute for the account, 10 a minute to the incremental export), the provider with
 * its client-side limiter at those limits, and the host's endpoint: {@link ZendeskWebhookReceiver} behind a JDK
 * {@link HttpServer} on 127.0.0.1, offering each accepted event's user to the hints.
 */
final class ZendeskWebhooksFreshness implements FreshnessSource {

    private static final String EMAIL = "bench@example.com";
    private static final String TOKEN = "bench-api-token";
    private static final String SIGNING_SECRET = "bench-webhook-signing-secret";

    private final Map<String, Long> ids = new HashMap<>();
    private final Map<String, String> roles = new HashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private @Nullable ZendeskEmulator zendesk;
    private @Nullable HttpServer endpoint;
    private @Nullable ZendeskWebhookSubscription webhook;

    @Override
    public String describe() {
        return "Zendesk webhooks";
    }

    @Override
    public Set<Kind> kinds() {
        return EnumSet.allOf(Kind.class);
    }

    private ZendeskEmulator zendesk() {
        if (zendesk == null) {
            throw new IllegalStateException("not started");
        }
        return zendesk;
    }

    @Override
    public List<String> start(Duration latency, int users, long seed) {
        // Seeded a month ago, as an account's users mostly are, so an incremental run exports only what changed.
        SwitchableClock clock = new SwitchableClock(Clock.fixed(Instant.now().minus(Duration.ofDays(30)), ZoneOffset.UTC));
        ZendeskEmulator z = ZendeskEmulator.builder().apiToken(EMAIL, TOKEN).latency(latency).clock(clock)
                .accountLimitPerMinute(700).incrementalLimitPerMinute(10).start();
        zendesk = z;
        List<String> staff = new ArrayList<>();
        for (long id : z.seed(new RosterGenerator(seed), users)) {
            Map<String, Object> u = z.user(id).orElseThrow();
            String role = String.valueOf(u.get("role"));
            String email = String.valueOf(u.get("email")).toLowerCase(Locale.ROOT);
            ids.put(email, id);
            if ((role.equals("agent") || role.equals("admin")) && !Boolean.TRUE.equals(u.get("suspended"))) {
                staff.add(email);
                roles.put(email, role);
            }
        }
        clock.use(Clock.systemUTC());
        return staff;
    }

    @Override
    public UserDirectory directory() {
        return ZendeskDirectory.builder().subdomain("bench").apiToken(EMAIL, Secret.of(TOKEN))
                .baseUriForTesting(zendesk().baseUri())
                .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN))
                .accountRateLimit(RateLimit.of("zendesk-account", 700, Duration.ofMinutes(1)))
                .incrementalRateLimit(RateLimit.of("zendesk-incremental-export", 10, Duration.ofMinutes(1)))
                .readOnly().build();
    }

    @Override
    public SyncPolicy policy() {
        return SyncPolicy.builder()
                .scope(Scope.matching("agents and admins", u -> !u.roles().contains("end-user")))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .own(Field.ROLES, Ownership.ALWAYS)
                .deletionGuard(DeletionGuard.of(10_000, 1.0))
                .build();
    }

    @Override
    public void connect(UserHints hints) throws Exception {
        ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
                .signingSecret(Secret.of("ZENDESK_WEBHOOK_SECRET", SIGNING_SECRET)).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/zendesk/webhook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            WebhookOutcome outcome = receiver.receive(exchange.getRequestHeaders(), body);
            received.incrementAndGet();
            if (outcome instanceof WebhookOutcome.Accepted a) {
                accepted.incrementAndGet();
                hints.offer(a.hint().userId());
            }
            exchange.sendResponseHeaders(outcome.suggestedStatus(), -1);
            exchange.close();
        });
        server.start();
        endpoint = server;
        webhook = zendesk().webhooks().subscribe(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/zendesk/webhook"), SIGNING_SECRET);
    }

    @Override
    public void apply(Kind kind, String email, String value) {
        ZendeskEmulator z = zendesk();
        if (kind == Kind.CREATE) {
            ids.put(email, z.addUser(value, email, "agent"));
            roles.put(email, "agent");
            return;
        }
        Long id = ids.get(email);
        if (id == null) {
            throw new IllegalArgumentException("no such user: " + email);
        }
        switch (kind) {
            case RENAME -> z.rename(id, value);
            case ROLE_CHANGE -> {
                z.setRole(id, value);
                roles.put(email, value);
            }
            case DEACTIVATE -> z.setSuspended(id, true);
            case REACTIVATE -> z.setSuspended(id, false);
            case CREATE -> throw new IllegalStateException("handled above");
        }
    }

    @Override
    public String otherRole(String role) {
        return role.equals("agent") ? "admin" : "agent";
    }

    @Override
    public String role(String email) {
        return roles.getOrDefault(email, "agent");
    }

    @Override
    public int requests() {
        return zendesk().requestCount();
    }

    @Override
    public Map<String, Integer> byEndpoint() {
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedRequest r : zendesk().requests()) {
            counts.merge(r.method() + " " + r.path().replaceAll("/\\d+", "/{id}"), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public int rateLimited() {
        return zendesk().rateLimitedCount();
    }

    @Override
    public String events() {
        int posted = webhook == null ? 0 : webhook.deliveries().size();
        return String.format(Locale.ROOT, "%d webhook requests posted, %d received, %d accepted", posted, received.get(), accepted.get());
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
