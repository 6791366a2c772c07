package io.rostersync.salesforce.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.engine.UserHints;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchResponse;
import io.rostersync.salesforce.cdc.internal.pubsub.ProducerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.PubSubGrpc;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaInfo;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaRequest;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The subscriber against a Pub/Sub server that misbehaves in ways the emulator does not: it echoes the access token
 * in its errors, sends events of other objects, wildcard and missing record ids, unreadable payloads, and counts
 * every event a request asked for. Tokens come from the Salesforce emulator.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SalesforceCdcHostileServerTest {

    private static final String SCHEMA = """
            {"type": "record", "name": "UserChangeEvent", "namespace": "com.sforce.eventbus", "fields": [
              {"name": "ChangeEventHeader", "type": {"type": "record", "name": "ChangeEventHeader", "fields": [
                {"name": "entityName", "type": "string"},
                {"name": "recordIds", "type": {"type": "array", "items": "string"}},
                {"name": "changeType", "type": "string"},
                {"name": "changeOrigin", "type": "string"}]}}]}
            """;
    private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);

    /** A scripted server: refuses the first {@code refusals} subscriptions echoing the token, then streams {@code script}. */
    private final class HostileServer extends PubSubGrpc.PubSubImplBase {
        final List<FetchRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();
        volatile List<ConsumerEvent> script = List.of();

        @Override
        public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> response) {
            response.onNext(SchemaInfo.newBuilder().setSchemaId(request.getSchemaId()).setSchemaJson(SCHEMA).build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> response) {
            String token = lastToken.get();
            return new StreamObserver<>() {
                private int credit;
                private int next;

                @Override
                public void onNext(FetchRequest request) {
                    requests.add(request);
                    if (refusals.getAndDecrement() > 0) {
                        Metadata trailers = new Metadata();
                        trailers.put(ERROR_CODE, "sfdc.platform.eventbus.grpc.service.auth.error token=" + token);
                        response.onError(Status.UNAUTHENTICATED.withDescription("session " + token + " is not valid")
                                .asRuntimeException(trailers));
                        return;
                    }
                    credit += request.getNumRequested();
                    maxOutstanding.accumulateAndGet(credit, Math::max);
                    List<ConsumerEvent> events = script;
                    while (credit > 0 && next < events.size()) {
                        int n = Math.min(credit, Math.min(7, events.size() - next)); // uneven batches
                        response.onNext(FetchResponse.newBuilder().addAllEvents(events.subList(next, next + n))
                                .setPendingNumRequested(credit - n).build());
                        next += n;
                        credit -= n;
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    response.onCompleted();
                }
            };
        }
    }

    private final AtomicReference<String> lastToken = new AtomicReference<>("");
    private final List<Set<NativeId>> named = new CopyOnWriteArrayList<>();
    private final AtomicInteger incrementalRuns = new AtomicInteger();
    /** Users of every flush that ran, named or incremental. */
    private final Set<NativeId> covered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private SalesforceEmulator org;
    private HostileServer server;
    private Server grpc;
    private ManagedChannel channel;
    private UserHints hints;
    private SalesforceUserChanges changes;

    @BeforeEach
    void start() throws IOException {
        org = SalesforceEmulator.start();
        server = new HostileServer();
        String name = InProcessServerBuilder.generateName();
        ServerInterceptor tokens = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String token = headers.get(ACCESS_TOKEN);
                lastToken.set(token == null ? "" : token);
                return next.startCall(call, headers);
            }
        };
        grpc = InProcessServerBuilder.forName(name).addService(ServerInterceptors.intercept(server, tokens)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        hints = UserHints.builder()
                .syncNamed(ids -> {
                    named.add(ids);
                    return report();
                })
                .runIncremental(() -> {
                    incrementalRuns.incrementAndGet();
                    return report();
                })
                .window(Duration.ofMillis(50))
                .floodThreshold(1000)
                .onFlush(f -> covered.addAll(f.users()))
                .build();
    }

    @AfterEach
    void stop() {
        if (changes != null) {
            changes.close();
        }
        hints.close();
        channel.shutdownNow();
        grpc.shutdownNow();
        org.close();
    }

    private static SyncReport report() {
        return new SyncReport(SyncId.of("salesforce-to-host"), Instant.EPOCH, Instant.EPOCH, RunStatus.SUCCEEDED, PlanMode.INCREMENTAL,
                0, 0, new EnumMap<>(ActionKind.class), 0, List.of(), List.of(), List.of(), "ok");
    }

    private SalesforceUserChanges subscribe(int batchSize) {
        SalesforceConnection connection = org.connection().build();
        changes = SalesforceUserChanges.builder(connection).channel(channel)
                .position(new InMemorySyncStateStore(), SyncId.of("salesforce-to-host")).hints(hints)
                .batchSize(batchSize).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
        changes.start();
        return changes;
    }

    private static ConsumerEvent event(long replay, String entity, String type, List<String> ids, String origin) {
        return event(replay, payload(entity, type, ids, origin));
    }

    private static ConsumerEvent event(long replay, byte[] payload) {
        return ConsumerEvent.newBuilder()
                .setEvent(ProducerEvent.newBuilder().setId("e" + replay).setSchemaId("schema-1").setPayload(ByteString.copyFrom(payload)))
                .setReplayId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(replay).array()))
                .build();
    }

    private static byte[] payload(String entity, String type, List<String> ids, String origin) {
        Schema schema = new Schema.Parser().parse(SCHEMA);
        GenericRecord header = new GenericData.Record(schema.getField("ChangeEventHeader").schema());
        header.put("entityName", entity);
        header.put("recordIds", ids);
        header.put("changeType", type);
        header.put("changeOrigin", origin);
        GenericRecord record = new GenericData.Record(schema);
        record.put("ChangeEventHeader", header);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String userId(int n) {
        return String.format("0055g%010dAAA", n);
    }

    @Test
    void aServerThatEchoesTheTokenInItsErrorsNeverGetsItIntoTheLogs() {
        server.refusals.set(3);
        server.script = List.of(event(1, "User", "UPDATE", List.of(userId(1)), ""));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Set<String> tokens = new java.util.HashSet<>();
        try {
            int issued = org.tokensIssued();
            subscribe(100);
            SalesforceCdcHarness.await("the event after three refusals", () -> {
                tokens.add(lastToken.get());
                return changes.stats().usersHinted() == 1;
            });
            assertThat(changes.stats().sessionRefreshes()).isEqualTo(3);
            assertThat(org.tokensIssued()).as("a new token after each refusal").isEqualTo(issued + 4);
            changes.close();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        tokens.remove("");
        assertThat(log).contains("refused the session");
        assertThat(tokens).isNotEmpty().allSatisfy(t -> assertThat(log).doesNotContain(t));
        assertThat(changes.toString()).doesNotContain(lastToken.get());
    }

    @Test
    void asksForABatchAndMoreAsItIsConsumedNeverForAnUnboundedStream() {
        List<ConsumerEvent> many = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            many.add(event(i, "User", "UPDATE", List.of(userId(i)), ""));
        }
        server.script = many;

        subscribe(10);

        SalesforceCdcHarness.await("every event", () -> changes.stats().events() == 250);
        assertThat(server.requests.get(0).getNumRequested()).isEqualTo(10);
        assertThat(server.requests).allSatisfy(r -> assertThat(r.getNumRequested()).isBetween(1, 10));
        assertThat(server.maxOutstanding.get()).as("events asked for and not yet sent, at most").isLessThanOrEqualTo(10);
        assertThat(server.requests.size()).as("more was asked for as batches were consumed").isGreaterThanOrEqualTo(25);
        SalesforceCdcHarness.await("every hinted user synced, by name or by the first start's incremental run",
                () -> covered.size() == 250);
    }

    @Test
    void otherObjectsOurOwnWritesWildcardsAndUnreadableEventsAreHandledSafely() {
        server.script = List.of(
                event(1, "Account", "UPDATE", List.of("0015g00000000001AAA"), ""),
                event(2, "User", "UPDATE", List.of(userId(2)), "com/salesforce/api/rest/62.0;client=rostersync"),
                event(3, "User", "UPDATE", List.of(userId(3)), "com/salesforce/api/rest/62.0;client=hr-portal"),
                event(4, "User", "GAP_UPDATE", List.of(userId(4), userId(5)), ""),
                event(5, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}),
                event(6, "User", "UPDATE", List.of("005*"), ""),
                event(7, "User", "SNAPSHOT", List.of(userId(7)), ""));

        subscribe(100);

        // The last event hints a user: once it has, every event before it was handled in full.
        SalesforceCdcHarness.await("every event", () -> changes.stats().events() == 7 && changes.stats().usersHinted() == 4);
        SalesforceUserChanges.Stats stats = changes.stats();
        assertThat(stats.otherObjectsIgnored()).isEqualTo(1);
        assertThat(stats.ownChangesIgnored()).isEqualTo(1);
        assertThat(stats.gapEvents()).isEqualTo(1);
        assertThat(stats.unreadableEvents()).isEqualTo(1);
        assertThat(stats.usersHinted()).isEqualTo(4);
        // LATEST at the first start, the unreadable event and the wildcard: one incremental run covers them all.
        assertThat(stats.incrementalRunsRequested()).isEqualTo(3);
        SalesforceCdcHarness.await("an incremental run", () -> incrementalRuns.get() >= 1);
        assertThat(named).allSatisfy(ids -> assertThat(ids).doesNotContain(NativeId.of(userId(2))));
    }
}
