package io.rostersync.salesforce.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.salesforce.pubsub.PubSubCounters;
import io.rostersync.engine.RunOptions;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Salesforce CDC under a misbehaving event bus, counted on the emulators: events dropped, duplicated, reordered,
 * delayed (held and released after later changes), replayed from an older position, and a stream aborted, while
 * admins rename and deactivate users. Proves: no user is brought back by a late event (the event is a hint, the
 * user is re-read), and after the next scheduled full run no change is lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SalesforceCdcChaosTest {

    private static final int USERS = 60;
    private static final int CHANGES = 120;

    private SalesforceCdcHarness h;
    private List<String> ids;

    @BeforeEach
    void start() {
        h = SalesforceCdcHarness.start();
        ids = h.seed(USERS);
        h.subscribe();
        h.awaitQuiet(); // past the first start's incremental run
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private long lost() {
        return ids.stream().filter(id -> !h.inStep(id)).count();
    }

    private boolean activeInHost(String id) {
        return h.hosted(id).map(UserRecord::status).filter(s -> s == UserStatus.ACTIVE).isPresent();
    }

    /** Admins change users {@code from} to {@code to}: mostly renames, a fifth deactivations. */
    private void changes(Random random, int from, int to, Set<String> deactivated) {
        for (int i = from; i < to; i++) {
            String id = ids.get(random.nextInt(USERS));
            if (random.nextInt(5) == 0 && !deactivated.contains(id)) {
                h.org.update(id, "IsActive", false);
                deactivated.add(id);
            } else {
                h.org.update(id, "LastName", "Renamed-" + i);
            }
        }
    }

    @Test
    void aMisbehavingEventBusBringsNoUserBackAndLosesNoChangeAfterTheNextScheduledRun() {
        Random random = new Random(42);
        long publishedBefore = h.pubSub.counters().published();
        h.pubSub.chaos().seed(42).dropRate(0.1).duplicateRate(0.1).reorderRate(0.1).delayRate(0.1);
        Set<String> deactivated = new LinkedHashSet<>();

        changes(random, 0, 40, deactivated);
        h.awaitQuiet();
        String older = h.storedPosition().orElseThrow();
        changes(random, 40, 60, deactivated);
        h.awaitQuiet();
        h.pubSub.abortStreams(); // a service restart: the subscriber resubscribes after its last event
        changes(random, 60, 80, deactivated);
        h.awaitQuiet();
        // A host crash, then a restart from an older stored position: 40 changes' events are delivered again.
        h.stopSubscriber();
        h.state.saveEventPosition(SalesforceCdcHarness.SYNC, SalesforceUserChanges.DEFAULT_TOPIC, EventPosition.of(older));
        h.subscribe();
        changes(random, 80, CHANGES, deactivated);
        h.awaitQuiet();

        // The late-event scenario, deterministically: a rename's event held back, then the user deactivated.
        h.pubSub.chaos().reset();
        List<String> lateVictims = new ArrayList<>();
        for (String id : ids) {
            if (lateVictims.size() == 5) {
                break;
            }
            if (!deactivated.contains(id)) {
                h.pubSub.chaos().delayNext(1);
                h.org.update(id, "LastName", "Late-Rename");
                h.org.update(id, "IsActive", false);
                deactivated.add(id);
                lateVictims.add(id);
            }
        }
        h.awaitQuiet();
        Set<String> deactivatedInHost = deactivated.stream().filter(id -> h.hosted(id).isPresent() && !activeInHost(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(deactivatedInHost).as("the late victims' deactivations were delivered").containsAll(lateVictims);

        int released = h.pubSub.chaos().releaseDelayed(); // older UPDATE events arrive after the deactivations
        h.awaitQuiet();
        long broughtBack = deactivatedInHost.stream().filter(this::activeInHost).count();
        long lostBeforeRun = lost();

        RunStatus scheduled = h.scheduledRun(RunOptions.defaults().withForceFull()).status();
        long lostAfterRun = lost();

        PubSubCounters c = h.pubSub.counters();
        List<SalesforceUserChanges.Stats> all = new ArrayList<>(h.stoppedStats);
        all.add(h.changes().stats());
        long events = all.stream().mapToLong(SalesforceUserChanges.Stats::events).sum();
        long hinted = all.stream().mapToLong(SalesforceUserChanges.Stats::usersHinted).sum();
        long reconnects = all.stream().mapToLong(SalesforceUserChanges.Stats::reconnects).sum();
        long incremental = all.stream().mapToLong(SalesforceUserChanges.Stats::incrementalRunsRequested).sum();
        System.out.printf("Salesforce CDC chaos: %d users, %d admin changes (%d deactivations); emulator: %d changes committed, "
                        + "%d events published, %d dropped, %d duplicated, %d reordered, %d delayed, %d released late (%d in the "
                        + "last release), %d delivered to subscribers, %d streams aborted%n",
                USERS, c.changes() - USERS, deactivated.size(), c.changes(), c.published(), c.dropped(), c.duplicated(),
                c.reordered(), c.delayed(), c.released(), released, c.delivered(), c.aborted());
        System.out.printf("Salesforce CDC chaos: subscriber received %d events (replays included), hinted %d users, "
                        + "reconnected %d times, asked for %d incremental runs; %d users brought back by a late event; "
                        + "%d users out of step before the next scheduled run, %d after it (%s)%n",
                events, hinted, reconnects, incremental, broughtBack, lostBeforeRun, lostAfterRun, scheduled);

        assertThat(c.dropped()).as("chaos dropped events").isPositive();
        assertThat(c.duplicated()).as("chaos duplicated events").isPositive();
        assertThat(c.reordered()).as("chaos reordered events").isPositive();
        assertThat(c.delayed()).as("chaos delayed events").isGreaterThanOrEqualTo(lateVictims.size());
        assertThat(c.aborted()).as("a stream was aborted").isPositive();
        assertThat(reconnects).as("the aborted stream was resubscribed").isPositive();
        assertThat(events).as("events were replayed from the older position").isGreaterThan(c.published() - publishedBefore);
        assertThat(broughtBack).as("users brought back by a late event").isZero();
        assertThat(lateVictims).allSatisfy(id -> assertThat(h.org.isActive(id)).isFalse());
        assertThat(scheduled).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(lostAfterRun).as("changes lost after the next scheduled run").isZero();
    }
}
