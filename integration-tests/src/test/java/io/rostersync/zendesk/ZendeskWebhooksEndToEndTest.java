package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Delivery;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription.Fate;
import io.rostersync.emulators.zendesk.ZendeskWebhookSubscription;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UserHints;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.webhooks.RejectionReason;
import io.rostersync.zendesk.webhooks.WebhookOutcome;
import io.rostersync.zendesk.webhooks.ZendeskWebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A change in Zendesk reaches the host in seconds: the emulator posts a signed user event over real HTTP, the
 * receiver verifies it, the coalescer turns it into one sync of that user, and the host's directory has the
 * change. Forged events are refused and change nothing; dropped, duplicated and reordered events leave nothing
 * lost once the next scheduled run has run.
 */
@Timeout(60)
class ZendeskWebhooksEndToEndTest {

    private static final String SIGNING_SECRET = "emulated-webhook-signing-secret";

    private ZendeskEmulator zendesk;
    private HttpServer endpoint;
    private UserHints hints;
    private final InMemoryUserDirectory host = InMemoryUserDirectory.create("host");
    private final InMemorySyncStateStore state = new InMemorySyncStateStore();
    private final List<WebhookOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<UserHints.Flush> flushes = new CopyOnWriteArrayList<>();
    private SyncRunner runner;

    @BeforeEach
    void start() throws IOException {
        // The system clock on both sides: the receiver checks the signature timestamps against it.
        zendesk = ZendeskEmulator.builder().apiToken(Fixtures.EMAIL, Fixtures.TOKEN)
                .incrementalLimitPerMinute(10_000).accountLimitPerMinute(100_000).start();
        ZendeskDirectory source = zendesk.directory().onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly().build();
        SyncPolicy policy = SyncPolicy.builder()
                // Staff only; in the policy too, since the incremental export is not filtered by role.
                .scope(Scope.matching("agents and admins", u -> !u.roles().contains("end-user")))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                // A small test directory: five deactivations out of fifty are expected, not a mass removal.
                .deletionGuard(DeletionGuard.of(10, 0.5))
                .build();
        runner = SyncRunner.builder().syncId(SyncId.of("zendesk-to-host")).source(source).target(host)
                .policy(policy).stateStore(state).build();

        ZendeskWebhookReceiver receiver = ZendeskWebhookReceiver.builder()
                .signingSecret(Secret.of("ZENDESK_WEBHOOK_SECRET", SIGNING_SECRET)).build();
        hints = UserHints.builder()
                .runner(runner) // named syncs of the hinted users; an incremental run for a flood
                .window(Duration.ofMillis(100))
                .onFlush(flushes::add)
                .build();
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/zendesk/webhook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            WebhookOutcome outcome = receiver.receive(exchange.getRequestHeaders(), body);
            if (outcome instanceof WebhookOutcome.Accepted accepted) {
                hints.offer(accepted.hint().userId());
            }
            outcomes.add(outcome); // after the offer: a test that sees the outcome knows the hint is queued
            exchange.sendResponseHeaders(outcome.suggestedStatus(), -1);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        hints.close();
        endpoint.stop(0);
        zendesk.close();
    }

    private ZendeskWebhookSubscription subscribe() {
        URI uri = URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/zendesk/webhook");
        return zendesk.webhooks().subscribe(uri, SIGNING_SECRET);
    }

    private List<Long> seedAndRunOnce(int users) {
        List<Long> ids = zendesk.seed(new RosterGenerator(19), users);
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        return ids.stream().filter(id -> host.all().stream().anyMatch(u -> u.label().equals(email(id)))).toList();
    }

    private String email(long id) {
        return String.valueOf(zendesk.user(id).orElseThrow().get("email"));
    }

    private Optional<UserRecord> hosted(long id) {
        return host.findByEmail(email(id));
    }

    /** A scheduled run: one that meets a hinted sync holding the lease is BUSY and runs again in its next slot. */
    private SyncReport scheduledRun() throws InterruptedException {
        return scheduledRun(RunOptions.defaults());
    }

    private SyncReport scheduledRun(RunOptions options) throws InterruptedException {
        SyncReport[] last = new SyncReport[1];
        await("a scheduled run that is not BUSY", () -> (last[0] = runner.run(options)).status() != RunStatus.BUSY);
        return last[0];
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), Duration.ofMillis(10), condition);
    }

    @Test
    void aChangeInZendeskReachesTheHostThroughASignedWebhook() throws Exception {
        List<Long> synced = seedAndRunOnce(40);
        long renamed = synced.get(0);
        long deleted = synced.get(1);
        ZendeskWebhookSubscription webhook = subscribe();

        zendesk.rename(renamed, "Ada Webhook-Lovelace");
        zendesk.softDelete(deleted);
        long created = zendesk.addUser("Grace Hopper", "grace.hopper@example.test", "agent");

        await("the host has the rename and the new agent", () ->
                hosted(renamed).map(u -> u.lastName().equals("Webhook-Lovelace")).orElse(false)
                        && host.findByEmail("grace.hopper@example.test").isPresent());
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.deliveries()).extracting(Delivery::userId).containsExactly(renamed, deleted, created);
        assertThat(webhook.deliveries()).extracting(Delivery::status).containsOnly(200);
        assertThat(outcomes).allMatch(o -> o instanceof WebhookOutcome.Accepted);
        // The host has the changes before the flush that wrote them is reported (onFlush runs after the sync).
        await("the flushes of the three hinted users are reported", () ->
                flushes.stream().flatMap(f -> f.users().stream()).distinct().count() == 3);
        // Named syncs of the hinted users did it, not an incremental run.
        assertThat(flushes).isNotEmpty().allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(UserHints.FlushKind.NAMED);
            assertThat(f.report()).map(SyncReport::status).contains(RunStatus.SUCCEEDED);
        });
        // A deleted Zendesk user is not found by a named sync (left for the full run): the scheduled run deactivates.
        assertThat(scheduledRun().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hosted(deleted)).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
    }

    @Test
    void forgedEventsAreRefusedAndChangeNothing() throws Exception {
        List<Long> synced = seedAndRunOnce(20);
        long target = synced.get(0);
        String nameBefore = hosted(target).orElseThrow().lastName();
        ZendeskWebhookSubscription webhook = subscribe().forgeRate(1.0);

        zendesk.rename(target, "Mallory Forged");
        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(webhook.deliveries()).hasSize(1).allMatch(d -> d.fate() == Fate.FORGED && d.status() == 401);
        assertThat(outcomes).containsExactly(new WebhookOutcome.Rejected(RejectionReason.BAD_SIGNATURE));
        assertThat(hints.pending()).isZero();
        assertThat(flushes).isEmpty();
        assertThat(hosted(target).orElseThrow().lastName()).isEqualTo(nameBefore);
    }

    @Test
    void droppedDuplicatedAndReorderedEventsLoseNothingOnceTheScheduledRunHasRun() throws Exception {
        List<Long> synced = seedAndRunOnce(60);
        ZendeskWebhookSubscription webhook = subscribe().seed(7).dropRate(0.3).duplicateRate(0.3).reorderRate(0.3);

        for (int i = 0; i < 20; i++) {
            zendesk.rename(synced.get(i), "Changed" + i + " Surname" + i);
        }
        for (int i = 20; i < 25; i++) {
            zendesk.softDelete(synced.get(i));
        }
        assertThat(webhook.awaitIdle(Duration.ofSeconds(20))).isTrue();
        await("the hinted users are synced", () -> hints.pending() == 0);

        List<Delivery> deliveries = webhook.deliveries();
        assertThat(deliveries).anyMatch(d -> d.fate() == Fate.DROPPED).anyMatch(d -> d.fate() == Fate.DUPLICATE);
        assertThat(outcomes).filteredOn(o -> o instanceof WebhookOutcome.Rejected)
                .allMatch(o -> o.equals(new WebhookOutcome.Rejected(RejectionReason.REPLAYED)));

        // The scheduled run is the safety net for what was dropped.
        assertThat(scheduledRun().status()).isEqualTo(RunStatus.SUCCEEDED);
        for (int i = 0; i < 20; i++) {
            assertThat(hosted(synced.get(i))).map(UserRecord::lastName).contains("Surname" + i);
        }
        for (int i = 20; i < 25; i++) {
            assertThat(hosted(synced.get(i))).as("deleted %d stays deactivated", i).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
        }
        SyncReport full = scheduledRun(RunOptions.defaults().withForceFull());
        assertThat(full.plannedTotal()).as(full.summary()).isZero();
    }

    @Test
    void aLateEventNeverBringsBackAUserDeletedSince() throws Exception {
        List<Long> synced = seedAndRunOnce(20);
        long user = synced.get(0);
        ZendeskWebhookSubscription webhook = subscribe().reorderRate(1.0);
        zendesk.rename(user, "Late Event-Renamed");   // this event is held back...
        webhook.reorderRate(0);
        zendesk.softDelete(user);                      // ...and posted after the deletion's

        assertThat(webhook.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.deliveries()).extracting(Delivery::eventType)
                .containsExactly("zen:event-type:user.name_changed", "zen:event-type:user.active_changed");
        await("both events were received", () -> outcomes.size() == 2);
        // Flushes never overlap: this one waits for a running one, then syncs what is left.
        UserHints.Flush last = hints.flush();
        assertThat(last.requeued()).isFalse();

        assertThat(outcomes).allMatch(o -> o instanceof WebhookOutcome.Accepted);
        // The named sync does not find a deleted Zendesk user and leaves it to the scheduled run (it never
        // deprovisions the absent); the late rename brought nothing back, and the scheduled run deactivates.
        assertThat(hosted(user)).map(UserRecord::lastName).isNotEqualTo(Optional.of("Event-Renamed"));
        assertThat(scheduledRun().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(hosted(user)).hasValueSatisfying(u -> assertThat(u.status().isDisabled()).isTrue());
        assertThat(scheduledRun().plannedTotal()).isZero();
    }
}
