package io.rostersync.salesforce.cdc;

import io.grpc.ManagedChannel;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UserHints;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Salesforce (the emulator, its Pub/Sub API in-process) as the source of a sync into an in-memory host
 * directory, with {@link SalesforceUserChanges} feeding {@link UserHints}: what the CDC tests, the chaos suite and
 * a freshness benchmark start.
 *
 * <pre>{@code
 * try (SalesforceCdcHarness h = SalesforceCdcHarness.start()) {
 *     List<String> ids = h.seed(20);          // 20 Salesforce users, synced by one full run
 *     h.subscribe();                          // hints + subscriber, stream open
 *     h.org.update(ids.get(0), "LastName", "Changed");   // an admin's change in Salesforce
 *     h.await("synced", () -> h.hosted(ids.get(0)).map(UserRecord::lastName).orElse("").equals("Changed"));
 * }
 * }</pre>
 */
final class SalesforceCdcHarness implements AutoCloseable {

    static final SyncId SYNC = SyncId.of("salesforce-to-host");

    final SalesforceEmulator org;
    final SalesforcePubSubEmulator pubSub;
    final ManagedChannel channel;
    final SalesforceConnection connection;
    final InMemoryUserDirectory host = InMemoryUserDirectory.create("host");
    final SyncStateStore state;
    final SyncRunner runner;
    final List<UserHints.Flush> flushes = new CopyOnWriteArrayList<>();
    /** The final counts of every subscriber stopped so far. */
    final List<SalesforceUserChanges.Stats> stoppedStats = new CopyOnWriteArrayList<>();
    @Nullable UserHints hints;
    @Nullable SalesforceUserChanges changes;

    private SalesforceCdcHarness(SyncStateStore state) {
        this.state = state;
        org = SalesforceEmulator.start();
        pubSub = org.pubSub();
        pubSub.setKeepaliveInterval(Duration.ofMillis(100));
        channel = pubSub.channel();
        connection = org.connection().build();
        SalesforceUserDirectory source = SalesforceUserDirectory.builder(connection).name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
        SyncPolicy policy = SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                // Test-sized directories: a tenth deactivated is the scenario, not a mass removal.
                .deletionGuard(DeletionGuard.of(1_000, 0.9))
                .build();
        runner = SyncRunner.builder().syncId(SYNC).source(source).target(host).policy(policy).stateStore(state).build();
    }

    static SalesforceCdcHarness start() {
        return new SalesforceCdcHarness(new InMemorySyncStateStore());
    }

    static SalesforceCdcHarness start(SyncStateStore state) {
        return new SalesforceCdcHarness(state);
    }

    /** Adds {@code users} Salesforce users and syncs them to the host with one full run. */
    List<String> seed(int users) {
        List<String> ids = org.addUsers(new RosterGenerator(19).profiles(users));
        SyncReport report = runner.run(RunOptions.defaults().withForceFull());
        if (report.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("seeding run " + report.status() + ": " + report.message());
        }
        return ids;
    }

    /** Starts hints (100 ms windows) and a subscriber with the defaults of this harness; waits for its stream. */
    SalesforceUserChanges subscribe() {
        return subscribe(b -> b);
    }

    SalesforceUserChanges subscribe(UnaryOperator<SalesforceUserChanges.Builder> customise) {
        return subscribe(UserHints.builder().runner(runner).window(Duration.ofMillis(100)).onFlush(flushes::add).build(), customise);
    }

    SalesforceUserChanges subscribe(UserHints coalescer, UnaryOperator<SalesforceUserChanges.Builder> customise) {
        hints = coalescer;
        changes = customise.apply(SalesforceUserChanges.builder(connection).channel(channel).position(state, SYNC)
                .hints(coalescer).backoff(Duration.ofMillis(10), Duration.ofMillis(200))).build();
        changes.start();
        await("the subscribe stream is open", () -> pubSub.openStreams() > 0);
        return changes;
    }

    /** Closes the subscriber, then its hints (queued hints are dropped, as in a crash of the host). */
    void stopSubscriber() {
        if (changes != null) {
            changes.close();
            stoppedStats.add(changes.stats());
        }
        if (hints != null) {
            hints.close();
        }
        changes = null;
        hints = null;
        await("the subscribe stream is closed", () -> pubSub.openStreams() == 0);
    }

    SalesforceUserChanges changes() {
        return Objects.requireNonNull(changes, "subscribe() first");
    }

    Optional<String> storedPosition() {
        return state.eventPosition(SYNC, SalesforceUserChanges.DEFAULT_TOPIC).map(EventPosition::token);
    }

    /** Every event on the channel was received and the hints of all of them flushed: the stored position is the newest. */
    void awaitQuiet() {
        await("the stored replay id reaches the newest event, every hint flushed", () -> {
            String newest = Base64.getEncoder().encodeToString(pubSub.latestReplayId());
            UserHints h = hints;
            return storedPosition().filter(newest::equals).isPresent() && h != null && h.pending() == 0;
        });
    }

    String email(String salesforceId) {
        return String.valueOf(org.record(salesforceId).orElseThrow().get("Email"));
    }

    Optional<UserRecord> hosted(String salesforceId) {
        return host.findByEmail(email(salesforceId));
    }

    /** Whether the host's copy of this Salesforce user has its last name and status. */
    boolean inStep(String salesforceId) {
        Map<String, Object> sf = org.record(salesforceId).orElseThrow();
        Optional<UserRecord> copy = hosted(salesforceId);
        if (copy.isEmpty()) {
            return false;
        }
        boolean active = Boolean.TRUE.equals(sf.get("IsActive"));
        return copy.get().lastName().equals(String.valueOf(sf.get("LastName")))
                && (copy.get().status() == UserStatus.ACTIVE) == active;
    }

    /** A scheduled run: one that meets a hinted sync holding the lease is BUSY and runs again in its next slot. */
    SyncReport scheduledRun(RunOptions options) {
        SyncReport[] last = new SyncReport[1];
        await("a scheduled run that is not BUSY", () -> (last[0] = runner.run(options)).status() != RunStatus.BUSY);
        return last[0];
    }

    long incrementalFlushes() {
        return flushes.stream().filter(f -> f.kind() == UserHints.FlushKind.INCREMENTAL && !f.requeued()).count();
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), Duration.ofMillis(10), condition);
    }

    @Override
    public void close() {
        stopSubscriber();
        channel.shutdownNow();
        org.close();
    }
}
