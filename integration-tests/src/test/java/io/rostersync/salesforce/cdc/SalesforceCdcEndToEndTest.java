package io.rostersync.salesforce.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.UserHints;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.internal.ConnectionAccess;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.WriteResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A change in Salesforce reaches the host in well under a second: the org's Pub/Sub API (emulated, gRPC in-process)
 * streams a User change event, {@link SalesforceUserChanges} turns it into a hint, {@code UserHints} into a named
 * sync, and the host directory has the change. The sync's own writes are ignored; the replay id survives restarts
 * and is only stored past events whose sync ran.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SalesforceCdcEndToEndTest {

    private SalesforceCdcHarness h;
    private List<String> ids;

    @BeforeEach
    void start() {
        h = SalesforceCdcHarness.start();
        ids = h.seed(12);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void awaitLastName(String id, String lastName) {
        SalesforceCdcHarness.await(id + " has last name " + lastName + " in the host",
                () -> h.hosted(id).map(UserRecord::lastName).filter(lastName::equals).isPresent());
    }

    @Test
    void anAdminsChangeInSalesforceReachesTheHostThroughANamedSync() {
        h.subscribe();
        h.awaitQuiet(); // past the first start's incremental run
        h.org.update(ids.get(0), "LastName", "Okafor-Lind");
        h.org.update(ids.get(1), "IsActive", false);

        awaitLastName(ids.get(0), "Okafor-Lind");
        SalesforceCdcHarness.await("the deactivated user is deactivated in the host",
                () -> h.hosted(ids.get(1)).map(UserRecord::status).filter(s -> s != UserStatus.ACTIVE).isPresent());
        // The flush is recorded after its sync returns, a moment after the host has the change.
        SalesforceCdcHarness.await("a named sync of the renamed user", () -> h.flushes.stream()
                .anyMatch(f -> f.kind() == UserHints.FlushKind.NAMED && f.users().contains(NativeId.of(ids.get(0)))));
        assertThat(h.changes().stats().usersHinted()).isGreaterThanOrEqualTo(2);
        assertThat(ids).allSatisfy(id -> assertThat(h.inStep(id)).as(id).isTrue());
    }

    @Test
    void theFirstStartSubscribesFromTheLatestEventAndRunsIncrementallyOnce() {
        h.subscribe();

        SalesforceCdcHarness.await("the incremental run", () -> h.incrementalFlushes() == 1);
        assertThat(h.changes().stats().incrementalRunsRequested()).isEqualTo(1);
        assertThat(h.changes().stats().events()).as("the seeding events came before the subscription").isZero();
        h.awaitQuiet();
        assertThat(h.storedPosition()).isPresent();
    }

    @Test
    void ourOwnWritesAreIgnoredAndAnotherAppsWritesAreNot() {
        h.subscribe();
        h.awaitQuiet();
        // The sync's own connection (client=rostersync) writes to Salesforce, as a host-to-Salesforce sync would.
        SalesforceUserDirectory ours = SalesforceUserDirectory.builder(h.connection).name("salesforce:ours")
                .newUserDefaults(NewUserDefaults.of(h.org.defaultProfileId())).build();
        assertThat(ours.update(NativeId.of(ids.get(2)), UserPatch.builder().lastName("Ours").build())).isInstanceOf(WriteResult.Stored.class);
        h.awaitQuiet();
        assertThat(h.changes().stats().ownChangesIgnored()).isEqualTo(1);
        assertThat(h.changes().stats().usersHinted()).isZero();

        SalesforceConnection otherApp = h.org.connection().clientName("hr-portal").build();
        SalesforceUserDirectory theirs = SalesforceUserDirectory.builder(otherApp).name("salesforce:theirs")
                .newUserDefaults(NewUserDefaults.of(h.org.defaultProfileId())).build();
        assertThat(theirs.update(NativeId.of(ids.get(3)), UserPatch.builder().lastName("Theirs").build())).isInstanceOf(WriteResult.Stored.class);

        awaitLastName(ids.get(3), "Theirs");
        assertThat(h.changes().stats().ownChangesIgnored()).isEqualTo(1);
        assertThat(h.flushes).noneSatisfy(f -> assertThat(f.users()).contains(NativeId.of(ids.get(2))));
    }

    @Test
    void aRestartResumesAfterTheStoredReplayIdWithNoChangeLost() {
        h.subscribe();
        h.org.update(ids.get(0), "LastName", "Before-Restart");
        awaitLastName(ids.get(0), "Before-Restart");
        h.awaitQuiet();
        String stored = h.storedPosition().orElseThrow();
        h.stopSubscriber();

        // While no subscriber runs, two admins change users.
        h.org.update(ids.get(4), "LastName", "While-Down");
        h.org.update(ids.get(5), "LastName", "Also-While-Down");
        h.subscribe();

        awaitLastName(ids.get(4), "While-Down");
        awaitLastName(ids.get(5), "Also-While-Down");
        SalesforceUserChanges.Stats stats = h.changes().stats();
        assertThat(stats.incrementalRunsRequested()).as("replayed, not caught by an incremental run").isZero();
        assertThat(stats.events()).isEqualTo(2);
        h.awaitQuiet();
        assertThat(h.storedPosition()).isPresent().isNotEqualTo(java.util.Optional.of(stored));
    }

    @Test
    void theReplayIdIsNotStoredPastEventsWhoseHintsWereNeverSynced() {
        h.subscribe();
        h.awaitQuiet();
        String before = h.storedPosition().orElseThrow();
        h.stopSubscriber();
        // A host whose hints never flush (it crashes before the window closes).
        UserHints stuck = UserHints.builder().runner(h.runner).drivenByCaller().build();
        SalesforceUserChanges crashing = h.subscribe(stuck, b -> b);
        h.org.update(ids.get(6), "LastName", "Lost-In-A-Crash");
        SalesforceCdcHarness.await("the event arrived", () -> crashing.stats().events() == 1);
        h.stopSubscriber();

        assertThat(h.storedPosition()).contains(before);
        assertThat(h.hosted(ids.get(6)).orElseThrow().lastName()).isNotEqualTo("Lost-In-A-Crash");

        h.subscribe();
        awaitLastName(ids.get(6), "Lost-In-A-Crash");
        assertThat(h.changes().stats().incrementalRunsRequested()).isZero();
    }

    @Test
    void anExpiredReplayIdLeadsToTheLatestEventAndAnIncrementalRun() {
        h.subscribe();
        h.org.update(ids.get(0), "LastName", "Stored");
        awaitLastName(ids.get(0), "Stored");
        h.awaitQuiet();
        h.stopSubscriber();
        h.flushes.clear();
        // A change while down, then three days pass, longer than the event bus keeps events: the stored replay id
        // and the change's event are gone from Salesforce.
        h.org.setClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2))); // after the second the last run read
        h.org.update(ids.get(7), "LastName", "Expired-While-Down");
        h.org.setClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(73)));

        h.subscribe();

        SalesforceCdcHarness.await("the refusal was handled", () -> h.changes().stats().replayIdsRefused() == 1);
        awaitLastName(ids.get(7), "Expired-While-Down");
        SalesforceCdcHarness.await("the incremental run", () -> h.incrementalFlushes() == 1);
        assertThat(h.changes().stats().incrementalRunsRequested()).isEqualTo(1);
        h.awaitQuiet();
    }

    @Test
    void aCorruptedStoredPositionIsTreatedLikeAnExpiredOne() {
        h.state.saveEventPosition(SalesforceCdcHarness.SYNC, SalesforceUserChanges.DEFAULT_TOPIC,
                EventPosition.of(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));

        h.subscribe();

        SalesforceCdcHarness.await("the refusal was handled", () -> h.changes().stats().replayIdsRefused() == 1);
        SalesforceCdcHarness.await("the incremental run", () -> h.incrementalFlushes() == 1);
        h.org.update(ids.get(8), "LastName", "After-Reset");
        awaitLastName(ids.get(8), "After-Reset");
    }

    @Test
    void aGapEventMakesTheSyncReReadThoseUsers() {
        h.subscribe();
        h.awaitQuiet();
        h.pubSub.chaos().gapNext(1);

        h.org.update(ids.get(9), "LastName", "Gap-Only-Header");

        awaitLastName(ids.get(9), "Gap-Only-Header");
        assertThat(h.changes().stats().gapEvents()).isEqualTo(1);
        SalesforceCdcHarness.await("a named sync of just that user", () -> h.flushes.stream()
                .anyMatch(f -> f.kind() == UserHints.FlushKind.NAMED && f.users().equals(Set.of(NativeId.of(ids.get(9))))));
    }

    @Test
    void anOverflowEventRunsTheSyncIncrementally() {
        h.subscribe();
        SalesforceCdcHarness.await("the first start's incremental run", () -> h.incrementalFlushes() == 1);
        h.awaitQuiet();
        h.pubSub.chaos().dropNext(1); // a change whose event never comes: only the incremental run can see it
        // In a later second than the run before read (modstamps have one-second precision).
        h.org.setClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)));
        h.org.update(ids.get(10), "LastName", "Seen-By-Incremental");

        h.pubSub.publishGapOverflow();

        SalesforceCdcHarness.await("the overflow's incremental run", () -> h.incrementalFlushes() == 2);
        awaitLastName(ids.get(10), "Seen-By-Incremental");
        assertThat(h.changes().stats().overflowEvents()).isEqualTo(1);
        assertThat(h.changes().stats().usersHinted()).isZero();
    }

    @Test
    void anExpiredSessionGetsANewTokenAndTheTokenNeverReachesTheLogs() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String firstToken;
        String secondToken;
        try {
            h.subscribe();
            h.awaitQuiet();
            firstToken = ConnectionAccess.api(h.connection).session().accessToken().reveal();
            int issued = h.org.tokensIssued();

            h.org.expireTokens(); // the open stream is refused at its next keepalive

            SalesforceCdcHarness.await("a new token", () -> h.org.tokensIssued() > issued);
            SalesforceCdcHarness.await("the session was refreshed", () -> h.changes().stats().sessionRefreshes() >= 1);
            h.org.update(ids.get(11), "LastName", "After-Refresh");
            awaitLastName(ids.get(11), "After-Refresh");
            secondToken = ConnectionAccess.api(h.connection).session().accessToken().reveal();
            h.stopSubscriber();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(firstToken).isNotEqualTo(secondToken);
        assertThat(log).contains("refused the session");
        assertThat(log).doesNotContain(firstToken).doesNotContain(secondToken);
        assertThat(h.changes == null ? "" : h.changes.toString()).doesNotContain(firstToken);
        assertThat(Set.of(firstToken, secondToken)).allSatisfy(t -> assertThat(t).hasSizeGreaterThan(8));
    }
}
