package io.rostersync.emulators.salesforce.pubsub;

import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.bitmapFields;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.header;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.recordIds;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.seq;
import static io.rostersync.emulators.salesforce.pubsub.PubSubTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchResponse;
import io.rostersync.salesforce.cdc.internal.pubsub.ReplayPreset;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.TopicInfo;
import io.rostersync.salesforce.cdc.internal.pubsub.TopicRequest;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Pub/Sub API of the emulated org, over the in-process channel with the generated stubs. */
class SalesforcePubSubEmulatorTest {

    private static final Optional<String> ROSTERSYNC = Optional.of("rostersync");

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private final SalesforceEmulator org = SalesforceEmulator.builder().clock(clock).start();
    private final PubSubTestClient client = new PubSubTestClient(org);
    private final SalesforcePubSubEmulator pubSub = client.pubSub;

    @AfterEach
    void stop() {
        org.close();
    }

    // ---- what the org publishes --------------------------------------------------------------------

    @Test
    void restWritesBecomeUserChangeEventsWhosePayloadDecodesWithTheSchemaGetSchemaServes() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        String id = client.createUsers(ROSTERSYNC, false, "ada@acme.example").get(0);
        client.updateUser(ROSTERSYNC, id, "\"IsActive\":false");
        client.updateUser(ROSTERSYNC, id, "\"IsActive\":true");

        List<ConsumerEvent> events = stream.events(3);
        assertThat(events).allSatisfy(e -> assertThat(e.getEvent().getSchemaId()).isEqualTo(pubSub.schemaId()));
        assertThat(client.schema(pubSub.schemaId()).toString()).isEqualTo(new Schema.Parser().parse(pubSub.schemaJson()).toString());

        GenericRecord created = client.decode(events.get(0));
        assertThat(text(header(created), "entityName")).isEqualTo("User");
        assertThat(text(header(created), "changeType")).isEqualTo("CREATE");
        assertThat(recordIds(created)).containsExactly(id);
        assertThat(text(created, "Email")).isEqualTo("ada@acme.example");
        assertThat(text(created, "LastName")).isEqualTo("Last");
        assertThat(created.get("IsActive")).isEqualTo(true);
        assertThat(created.get("CreatedDate")).isEqualTo(clock.instant().toEpochMilli() / 1000 * 1000);
        assertThat(bitmapFields(created, "changedFields")).isEmpty();
        assertThat(header(created).get("sequenceNumber")).isEqualTo(1);
        assertThat(header(created).get("commitTimestamp")).isEqualTo(clock.millis());
        assertThat(text(header(created), "commitUser")).startsWith("005");

        GenericRecord deactivated = client.decode(events.get(1));
        assertThat(text(header(deactivated), "changeType")).isEqualTo("UPDATE");
        assertThat(recordIds(deactivated)).containsExactly(id);
        assertThat(bitmapFields(deactivated, "changedFields")).containsExactlyInAnyOrder("IsActive", "LastModifiedDate");
        assertThat(deactivated.get("IsActive")).isEqualTo(false);
        assertThat(deactivated.get("Email")).as("an update carries only the changed fields").isNull();
        assertThat(client.decode(events.get(2)).get("IsActive")).isEqualTo(true);
        assertThat((long) header(client.decode(events.get(2))).get("commitNumber"))
                .isGreaterThan((long) header(deactivated).get("commitNumber"));
    }

    @Test
    void theChangeOriginNamesTheRestClientFromCallOptionsAndIsEmptyForAnAdminsChange() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        String id = client.createUsers(ROSTERSYNC, false, "ada@acme.example").get(0);
        client.updateUser(Optional.empty(), id, "\"LastName\":\"Lovelace\"");
        org.update(id, "FirstName", "Augusta");
        String seeded = org.addUser(UserProfile.builder().email("bob@acme.example").lastName("B").build());

        List<GenericRecord> events = stream.events(4).stream().map(client::decode).toList();
        assertThat(text(header(events.get(0)), "changeOrigin")).isEqualTo("com/salesforce/api/rest/64.0;client=rostersync");
        assertThat(text(header(events.get(1)), "changeOrigin")).isEqualTo("com/salesforce/api/rest/64.0");
        assertThat(text(header(events.get(2)), "changeOrigin")).isEmpty();
        assertThat(bitmapFields(events.get(2), "changedFields")).containsExactlyInAnyOrder("FirstName", "LastModifiedDate");
        assertThat(text(events.get(2), "FirstName")).isEqualTo("Augusta");
        assertThat(text(header(events.get(3)), "changeType")).isEqualTo("CREATE");
        assertThat(recordIds(events.get(3))).containsExactly(seeded);
        assertThat(text(header(events.get(3)), "changeOrigin")).isEmpty();
        assertThat(text(header(events.get(2)), "commitUser")).isNotEqualTo(text(header(events.get(0)), "commitUser"));
    }

    @Test
    void oneRequestIsOneTransactionAndARolledBackRequestPublishesNothing() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        client.createUsers(ROSTERSYNC, true, "a@acme.example", "not-an-email");
        client.createUsers(ROSTERSYNC, false, "b@acme.example", "c@acme.example");

        assertThat(org.userIdByEmail("a@acme.example")).as("allOrNone rolled the first request back").isEmpty();
        List<GenericRecord> events = stream.events(2).stream().map(client::decode).toList();
        assertThat(events).extracting(e -> text(e, "Email")).containsExactly("b@acme.example", "c@acme.example");
        assertThat(text(header(events.get(0)), "transactionKey")).isNotBlank()
                .isEqualTo(text(header(events.get(1)), "transactionKey"));
        assertThat(events).extracting(e -> header(e).get("sequenceNumber")).containsExactly(1, 2);
        assertThat(pubSub.counters().changes()).isEqualTo(2);
    }

    @Test
    void anUpdateListsAClearedFieldAsNulledAndAnUnchangedValueMakesNoEvent() {
        String id = client.createUsers(ROSTERSYNC, false, "ada@acme.example").get(0);
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        client.updateUser(ROSTERSYNC, id, "\"LastName\":\"Last\"");
        client.updateUser(ROSTERSYNC, id, "\"FirstName\":null");

        GenericRecord cleared = client.decode(stream.events(1).get(0));
        assertThat(bitmapFields(cleared, "nulledFields")).containsExactly("FirstName");
        assertThat(bitmapFields(cleared, "changedFields")).containsExactlyInAnyOrder("FirstName", "LastModifiedDate");
        assertThat(pubSub.counters().changes()).as("the unchanged LastName made no change").isEqualTo(2);
    }

    // ---- flow control and keepalives ---------------------------------------------------------------

    @Test
    void theServerNeverSendsMoreEventsThanRequestedAndReportsWhatIsStillPending() {
        pubSub.setKeepaliveInterval(Duration.ofMillis(50));
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 2);
        client.createUsers(ROSTERSYNC, false, "a@acme.example", "b@acme.example", "c@acme.example", "d@acme.example",
                "e@acme.example");

        List<ConsumerEvent> first = stream.events(2);
        // Responses arrive in order: a keepalive after the two events proves nothing else was sent in between.
        FetchResponse keepalive = stream.nextKeepalive();
        assertThat(keepalive.getPendingNumRequested()).isZero();
        assertThat(keepalive.getLatestReplayId()).isEqualTo(first.get(1).getReplayId());

        stream.request(10);
        FetchResponse rest = stream.nextWithEvents();
        assertThat(rest.getEventsCount()).isEqualTo(3);
        assertThat(rest.getPendingNumRequested()).isEqualTo(7);
        assertThat(rest.getLatestReplayId()).isEqualTo(rest.getEvents(2).getReplayId());
        assertThat(pubSub.counters().delivered()).isEqualTo(5);
    }

    @Test
    void aRequestForMoreThanAHundredEventsCountsAsAHundred() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 250);
        client.createUsers(ROSTERSYNC, false, "a@acme.example");

        assertThat(stream.nextWithEvents().getPendingNumRequested()).isEqualTo(99);
    }

    @Test
    void anIdleStreamGetsKeepalivesWithTheReplayIdItStandsAtAndTheLatestEventOfTheChannel() {
        client.createUsers(ROSTERSYNC, false, "a@acme.example", "b@acme.example");
        pubSub.setKeepaliveInterval(Duration.ofMillis(30));
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 5);

        FetchResponse keepalive = stream.nextKeepalive();
        assertThat(keepalive.getLatestReplayId().toByteArray()).isEqualTo(pubSub.latestReplayId());
        assertThat(keepalive.getPendingNumRequested()).isEqualTo(5);
        assertThat(stream.nextKeepalive().getEventsCount()).isZero();
        assertThat(pubSub.counters().keepalives()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void withLatencyEveryEventStillArrivesInOrder() {
        pubSub.setLatency(Duration.ofMillis(20));
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 100);
        for (int i = 0; i < 5; i++) {
            client.createUsers(ROSTERSYNC, false, "u" + i + "@acme.example");
        }

        assertThat(stream.events(5)).extracting(e -> text(client.decode(e), "Email"))
                .containsExactly("u0@acme.example", "u1@acme.example", "u2@acme.example", "u3@acme.example", "u4@acme.example");
    }

    // ---- replay and retention ----------------------------------------------------------------------

    @Test
    void aNewStreamFromACustomReplayIdResumesRightAfterThatEvent() {
        PubSubTestClient.Stream first = client.subscribe(ReplayPreset.LATEST, 3);
        client.createUsers(ROSTERSYNC, false, "a@acme.example", "b@acme.example", "c@acme.example");
        List<ConsumerEvent> seen = first.events(3);
        first.cancel();
        client.createUsers(ROSTERSYNC, false, "d@acme.example");

        PubSubTestClient.Stream resumed = client.subscribeAfter(seen.get(1).getReplayId().toByteArray(), 10);
        List<ConsumerEvent> again = resumed.events(2);
        assertThat(again).extracting(e -> text(client.decode(e), "Email")).containsExactly("c@acme.example", "d@acme.example");
        assertThat(again.get(0).getReplayId()).isEqualTo(seen.get(2).getReplayId());
        assertThat(again.get(0).getEvent().getId()).isEqualTo(seen.get(2).getEvent().getId());
    }

    @Test
    void earliestReplaysEveryRetainedEventAndLatestOnlyWhatComesAfter() {
        pubSub.setKeepaliveInterval(Duration.ofMillis(30));
        client.createUsers(ROSTERSYNC, false, "a@acme.example", "b@acme.example");

        PubSubTestClient.Stream earliest = client.subscribe(ReplayPreset.EARLIEST, 10);
        assertThat(earliest.events(2)).extracting(e -> text(client.decode(e), "Email"))
                .containsExactly("a@acme.example", "b@acme.example");
        PubSubTestClient.Stream latest = client.subscribe(ReplayPreset.LATEST, 10);
        assertThat(latest.nextKeepalive().getEventsCount()).isZero();
        client.createUsers(ROSTERSYNC, false, "c@acme.example");
        assertThat(text(client.decode(latest.events(1).get(0)), "Email")).isEqualTo("c@acme.example");
    }

    @Test
    void aReplayIdOlderThanTheRetentionFailsAsCorruptedAndEarliestStartsAfterThePurge() {
        pubSub.setRetention(Duration.ofHours(1));
        pubSub.setKeepaliveInterval(Duration.ofMillis(30));
        client.createUsers(ROSTERSYNC, false, "old@acme.example");
        byte[] old = pubSub.latestReplayId();
        clock.advance(Duration.ofHours(2));
        client.createUsers(ROSTERSYNC, false, "new@acme.example");

        PubSubTestClient.Stream stale = client.subscribeAfter(old, 10);
        assertThat(stale.error().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(stale.errorCode()).isEqualTo(SalesforcePubSubEmulator.REPLAY_ID_CORRUPTED);
        PubSubTestClient.Stream earliest = client.subscribe(ReplayPreset.EARLIEST, 10);
        assertThat(text(client.decode(earliest.events(1).get(0)), "Email")).isEqualTo("new@acme.example");
        assertThat(earliest.nextKeepalive().getEventsCount()).isZero();
    }

    @Test
    void aReplayIdThatIsNotOneFailsValidationAndOneNeverIssuedIsCorrupted() {
        client.createUsers(ROSTERSYNC, false, "a@acme.example");

        PubSubTestClient.Stream malformed = client.subscribeAfter(new byte[] {1, 2, 3}, 10);
        assertThat(malformed.error().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(malformed.errorCode()).isEqualTo(SalesforcePubSubEmulator.REPLAY_ID_VALIDATION_FAILED);
        byte[] future = java.nio.ByteBuffer.allocate(8).putLong(seq(ByteString.copyFrom(pubSub.latestReplayId())) + 5).array();
        PubSubTestClient.Stream unissued = client.subscribeAfter(future, 10);
        assertThat(unissued.error().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unissued.errorCode()).isEqualTo(SalesforcePubSubEmulator.REPLAY_ID_CORRUPTED);
    }

    // ---- sessions ----------------------------------------------------------------------------------

    @Test
    void everyCallNeedsTheOrgsCurrentTokenItsUrlAndItsTenantIdAndNoErrorNamesTheToken() {
        String url = org.baseUri().toString();
        TopicRequest topic = TopicRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC).build();
        List<Metadata> bad = List.of(new Metadata(),
                PubSubTestClient.session("00D5g000004EmUL!forged", url, pubSub.tenantId()),
                PubSubTestClient.session(client.token, "https://other.my.salesforce.com", pubSub.tenantId()),
                PubSubTestClient.session(client.token, url, "00D000000000001AAA"));
        for (Metadata session : bad) {
            assertThatThrownBy(() -> client.blocking(session).getTopic(topic))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getTrailers().get(Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER)))
                                .isEqualTo(SalesforcePubSubEmulator.AUTH_ERROR);
                        assertThat(e.getMessage()).doesNotContain(client.token).doesNotContain("forged");
                    });
        }
        PubSubTestClient.Stream stream = client.subscribe(PubSubTestClient.session("nope", url, pubSub.tenantId()),
                FetchRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC).setNumRequested(1).build());
        assertThat(stream.error().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

        String org15 = org.orgId();
        assertThat(pubSub.tenantId()).hasSize(18).startsWith(org15);
        assertThat(client.blocking(PubSubTestClient.session(client.token, url + "/", org15)).getTopic(topic).getCanSubscribe())
                .as("the 15-character org id and a trailing slash are accepted").isTrue();
        assertThat(pubSub.toString()).doesNotContain(client.token);
    }

    @Test
    void expiringTheOrgsTokensEndsAnOpenStreamAndFailsNewCallsUntilANewTokenIsUsed() {
        pubSub.setKeepaliveInterval(Duration.ofMillis(30));
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 10);
        stream.nextKeepalive();

        org.expireTokens();

        assertThat(stream.error().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(stream.errorCode()).isEqualTo(SalesforcePubSubEmulator.AUTH_ERROR);
        TopicRequest topic = TopicRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC).build();
        assertThatThrownBy(() -> client.blocking().getTopic(topic))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        client.token = client.newToken();
        assertThat(client.blocking().getTopic(topic).getTopicName()).isEqualTo(SalesforcePubSubEmulator.USER_CHANGE_TOPIC);
        assertThat(pubSub.openStreams()).isZero();
    }

    // ---- topics and schemas ------------------------------------------------------------------------

    @Test
    void getTopicDescribesTheUserChannelAndUnknownTopicsOrSchemasAreNotFound() {
        TopicInfo info = client.blocking().getTopic(TopicRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC).build());
        assertThat(info.getSchemaId()).isEqualTo(pubSub.schemaId());
        assertThat(info.getCanSubscribe()).isTrue();
        assertThat(info.getCanPublish()).isFalse();
        assertThat(info.getTenantGuid()).isEqualTo(pubSub.tenantId());

        assertThatThrownBy(() -> client.blocking().getTopic(TopicRequest.newBuilder().setTopicName("/data/AccountChangeEvent").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> client.blocking().getSchema(SchemaRequest.newBuilder().setSchemaId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        PubSubTestClient.Stream other = client.subscribe(FetchRequest.newBuilder().setTopicName("/data/AccountChangeEvent").setNumRequested(1).build());
        assertThat(other.error().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aLaterRequestNamingAnotherTopicFailsTheStream() {
        PubSubTestClient.Stream stream = client.subscribe(ReplayPreset.LATEST, 1);
        stream.requests.onNext(FetchRequest.newBuilder().setTopicName("/data/AccountChangeEvent").setNumRequested(1).build());

        assertThat(stream.error().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(pubSub.openStreams()).isZero();
    }
}
