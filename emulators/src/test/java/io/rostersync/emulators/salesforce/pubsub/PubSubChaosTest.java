package io.rostersync.emulators.salesforce.pubsub;

import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.header;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.recordIds;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.ReplayPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chaos knobs and counters of the Pub/Sub API emulator, seen by a subscriber. */
class PubSubChaosTest {

    private static final Optional<String> ROSTERSYNC = Optional.of("rostersync");

    private final SalesforceEmulator org = SalesforceEmulator.start();
    private final PubSubTestClient client = new PubSubTestClient(org);
    private final SalesforcePubSubEmulator pubSub = client.pubSub;

    @AfterEach
    void stop() {
        org.close();
    }

    private List<String> create(String... emails) {
        List<String> ids = new ArrayList<>();
        for (String email : emails) {
            ids.addAll(client.createUsers(ROSTERSYNC, false, email));
        }
        return ids;
    }

    private List<String> emails(List<ConsumerEvent> events) {
        return events.stream().map(e -> text(client.decode(e), "Email")).toList();
    }

    @Test
    void aDroppedEventNeverReachesTheChannelAndIsCounted() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().dropNext(1);
        create("a@acme.example", "b@acme.example");

        assertThat(emails(stream.events(1))).containsExactly("b@acme.example");
        assertThat(pubSub.counters()).extracting(PubSubCounters::changes, PubSubCounters::dropped, PubSubCounters::published)
                .containsExactly(2L, 1L, 1L);
        assertThat(emails(client.subscribe(ReplayPreset.EARLIEST, 10).events(1))).containsExactly("b@acme.example");
    }

    @Test
    void aDuplicateIsTheSameEventUnderASecondReplayId() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().duplicateNext(1);
        create("a@acme.example");

        List<ConsumerEvent> events = stream.events(2);
        assertThat(events.get(0).getEvent().getId()).isEqualTo(events.get(1).getEvent().getId());
        assertThat(events.get(0).getEvent().getPayload()).isEqualTo(events.get(1).getEvent().getPayload());
        assertThat(events.get(0).getReplayId()).isNotEqualTo(events.get(1).getReplayId());
        assertThat(pubSub.counters().duplicated()).isEqualTo(1);
    }

    @Test
    void aReorderedEventArrivesAfterTheOneThatFollowedIt() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().reorderNext(1);
        create("a@acme.example", "b@acme.example", "c@acme.example");

        List<ConsumerEvent> events = stream.events(3);
        assertThat(emails(events)).containsExactly("b@acme.example", "a@acme.example", "c@acme.example");
        assertThat((long) header(client.decode(events.get(1))).get("commitNumber"))
                .isLessThan((long) header(client.decode(events.get(0))).get("commitNumber"));
        assertThat(pubSub.counters().reordered()).isEqualTo(1);
    }

    @Test
    void aDelayedEventIsHeldUntilReleasedAndThenArrivesLateWithItsOriginalCommit() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().delayNext(1);
        String id = create("a@acme.example").get(0);
        client.updateUser(ROSTERSYNC, id, "\"IsActive\":false");

        List<ConsumerEvent> first = stream.events(1);
        assertThat(text(header(client.decode(first.get(0))), "changeType")).isEqualTo("UPDATE");
        assertThat(pubSub.counters().delayed()).isEqualTo(1);

        assertThat(pubSub.chaos().releaseDelayed()).isEqualTo(1);
        GenericRecord late = client.decode(stream.events(1).get(0));
        assertThat(text(header(late), "changeType")).isEqualTo("CREATE");
        assertThat((long) header(late).get("commitNumber"))
                .isLessThan((long) header(client.decode(first.get(0))).get("commitNumber"));
        assertThat(pubSub.counters().released()).isEqualTo(1);
    }

    @Test
    void aGapEventCarriesTheHeaderAndRecordIdsButNoFieldValues() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().gapNext(1);
        String id = create("a@acme.example").get(0);

        GenericRecord gap = client.decode(stream.events(1).get(0));
        assertThat(text(header(gap), "changeType")).isEqualTo("GAP_CREATE");
        assertThat(recordIds(gap)).containsExactly(id);
        assertThat(gap.get("Email")).isNull();
        assertThat(gap.get("IsActive")).isNull();
        assertThat(pubSub.counters().gaps()).isEqualTo(1);
    }

    @Test
    void aTransactionPastTheOverflowLimitEndsInOneGapOverflowEventAndOneCanBePublishedOnDemand() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        pubSub.chaos().overflowAfter(2);
        client.createUsers(ROSTERSYNC, false, "a@acme.example", "b@acme.example", "c@acme.example", "d@acme.example");

        List<GenericRecord> events = stream.events(3).stream().map(client::decode).toList();
        assertThat(events).extracting(e -> text(header(e), "changeType")).containsExactly("CREATE", "CREATE", "GAP_OVERFLOW");
        assertThat(recordIds(events.get(2))).isEmpty();
        assertThat(text(header(events.get(2)), "entityName")).isEqualTo("User");
        assertThat(text(header(events.get(2)), "transactionKey")).isEqualTo(text(header(events.get(0)), "transactionKey"));

        pubSub.publishGapOverflow();
        assertThat(text(header(client.decode(stream.events(1).get(0))), "changeType")).isEqualTo("GAP_OVERFLOW");
        assertThat(pubSub.counters().overflows()).isEqualTo(2);
    }

    @Test
    void abortingEndsEveryStreamWithUnavailableAndTheEventsWaitForTheResubscribe() {
        PubSubTestClient.Stream one = client.subscribe(ReplayPreset.LATEST, 1);
        PubSubTestClient.Stream two = client.subscribe(ReplayPreset.LATEST, 1);
        create("a@acme.example");
        ConsumerEvent seen = one.events(1).get(0);
        two.events(1);

        assertThat(pubSub.abortStreams()).isEqualTo(2);
        for (PubSubTestClient.Stream s : List.of(one, two)) {
            assertThat(s.error().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(s.errorCode()).isEqualTo(SalesforcePubSubEmulator.SERVICE_UNAVAILABLE);
        }
        create("b@acme.example");
        assertThat(emails(client.subscribeAfter(seen.getReplayId().toByteArray(), 5).events(1))).containsExactly("b@acme.example");
        assertThat(pubSub.counters().aborted()).isEqualTo(2);
    }

    @Test
    void theSameSeedAndTheSameChangesGiveTheSameMistreatment() {
        List<List<String>> runs = new ArrayList<>();
        List<PubSubCounters> counters = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (SalesforceEmulator other = SalesforceEmulator.start()) {
                SalesforcePubSubEmulator events = other.pubSub();
                events.chaos().seed(42).dropRate(0.2).duplicateRate(0.2).reorderRate(0.2).gapRate(0.2);
                for (int i = 0; i < 40; i++) {
                    other.addUser(UserProfile.builder().email("u" + i + "@acme.example").lastName("U" + i).build());
                }
                PubSubTestClient c = new PubSubTestClient(other);
                PubSubCounters n = events.counters();
                List<ConsumerEvent> all = c.subscribe(ReplayPreset.EARLIEST, 100).events((int) n.published());
                runs.add(all.stream().map(e -> {
                    GenericRecord r = c.decode(e);
                    return text(header(r), "changeType") + " " + recordIds(r);
                }).toList());
                counters.add(n);
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        assertThat(counters.get(0)).isEqualTo(counters.get(1));
        PubSubCounters n = counters.get(0);
        assertThat(n.dropped()).isPositive();
        assertThat(n.duplicated()).isPositive();
        assertThat(n.reordered()).isPositive();
        assertThat(n.gaps()).isPositive();
        assertThat(n.published()).as("every change once, less the dropped, plus the duplicates")
                .isBetween(n.changes() - n.dropped() + n.duplicated() - 1, n.changes() - n.dropped() + n.duplicated());
    }

    @Test
    void ratesOutsideZeroToOneAndNegativeCountsAreRefused() {
        assertThatThrownBy(() -> pubSub.chaos().dropRate(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 1");
        assertThatThrownBy(() -> pubSub.chaos().gapNext(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pubSub.chaos().overflowAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pubSub.setRetention(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
