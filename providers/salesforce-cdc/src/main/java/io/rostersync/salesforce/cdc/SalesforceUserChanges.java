package io.rostersync.salesforce.cdc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.rostersync.engine.UserHints;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.cdc.internal.Backoff;
import io.rostersync.salesforce.cdc.internal.ChangeEvent;
import io.rostersync.salesforce.cdc.internal.ChangeEventDecoder;
import io.rostersync.salesforce.cdc.internal.Positions;
import io.rostersync.salesforce.cdc.internal.Redaction;
import io.rostersync.salesforce.cdc.internal.ReplayIds;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchResponse;
import io.rostersync.salesforce.cdc.internal.pubsub.PubSubGrpc;
import io.rostersync.salesforce.cdc.internal.pubsub.ReplayPreset;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaRequest;
import io.rostersync.salesforce.internal.ConnectionAccess;
import io.rostersync.salesforce.internal.OrgSession;
import io.rostersync.salesforce.internal.SalesforceApi;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.SyncStateStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce Change Data Capture on {@code User}, through the Pub/Sub API, turned into {@link UserHints}: each
 * changed user becomes a hint to sync that user now through the sync's own policy, matcher and guard. The event's
 * payload is a hint only: the user is re-read from Salesforce by the named sync, so a stale or reordered event
 * never writes its own content, and a late event cannot bring back a user who was deactivated since.
 *
 * <pre>{@code
 * SalesforceConnection org = ...;                       // the same connection the sync's directory uses
 * UserHints hints = UserHints.builder().runner(runner).build();
 * SalesforceUserChanges changes = SalesforceUserChanges.builder(org)
 *         .position(stateStore, SyncId.of("salesforce-to-host"))   // where the replay id is kept
 *         .hints(hints)
 *         .build();
 * changes.start();
 * ...
 * changes.close();   // then hints.close()
 * }</pre>
 *
 * <p>What it does with each event of the topic (default {@value #DEFAULT_TOPIC}):
 * <ul>
 *   <li>CREATE, UPDATE, DELETE, UNDELETE and the gap events GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE:
 *       {@link UserHints#offer} each record id;</li>
 *   <li>GAP_OVERFLOW, a wildcard or missing record id, or a payload it cannot read:
 *       {@link UserHints#requestIncremental()}, since it cannot tell whose changes they were;</li>
 *   <li>changes whose {@code changeOrigin} names this connection's {@linkplain SalesforceConnection#clientName()
 *       client} (the sync's own writes) and changes of other objects: ignored, and counted in {@link #stats()}.</li>
 * </ul>
 *
 * <p>Position: the last replay id is kept in the {@link SyncStateStore} (per sync id and topic), and only once
 * the hints of every event up to it have been flushed by {@link UserHints} ({@link UserHints#flushed(long)}), so a
 * crash or restart replays events rather than skipping them; a replayed event is one more harmless named sync. On
 * {@link #start()} it resumes after the stored replay id. With none stored, or when Salesforce refuses it (older
 * than the event bus keeps, 72 hours, or corrupted), it subscribes from the latest event and asks for one
 * incremental run, which reads every change since the sync's cursor, and logs that once.
 *
 * <p>Flow control: it asks for {@linkplain Builder#batchSize(int) a batch} of events (default 100, Salesforce's
 * most) and for more as the batch is consumed, never for an unbounded stream. Keepalives (empty responses with
 * the latest replay id) advance the stored position only past events whose hints were flushed.
 *
 * <p>Failures never end the subscription: a stream error reconnects after a capped exponential
 * {@linkplain Builder#backoff backoff}, resuming after the last event received; {@code UNAUTHENTICATED} drops the
 * connection's cached token, so the reconnect carries a new one. Access tokens never appear in logs, exceptions or
 * {@link #toString()}, whatever the server sends back.
 *
 * <p>What it does not promise: that Salesforce delivers every change (events older than the retention window are
 * gone, and changes made outside the API may never be published); the sync's scheduled runs remain the safety
 * net.
 *
 * <p>Thread-safe. All work runs on one daemon thread of its own; {@link #close()} stops it.
 *
 * @since 0.2.0
 */
public final class SalesforceUserChanges implements AutoCloseable {

    /** The Pub/Sub API endpoint: {@value}. */
    public static final String DEFAULT_TARGET = "api.pubsub.salesforce.com:7443";
    /** The User change event channel: {@value}. */
    public static final String DEFAULT_TOPIC = "/data/UserChangeEvent";
    /** The most events one request may ask for, Salesforce's limit: {@value}. */
    public static final int MAX_BATCH_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceUserChanges.class);

    private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    private static final Pattern TOPIC = Pattern.compile("/(data|event)/[A-Za-z0-9_]{1,120}");
    private static final Duration SCHEMA_DEADLINE = Duration.ofSeconds(30);

    /**
     * What the subscriber has done since it was built; counts only grow.
     *
     * @param events                   change events received (replays and duplicates included)
     * @param usersHinted              record ids offered to {@link UserHints}
     * @param ownChangesIgnored        events whose {@code changeOrigin} named our client
     * @param otherObjectsIgnored      events of objects other than User
     * @param gapEvents                GAP_CREATE, GAP_UPDATE, GAP_DELETE and GAP_UNDELETE events (their users are hinted)
     * @param overflowEvents           GAP_OVERFLOW events
     * @param unreadableEvents         events whose payload could not be read
     * @param incrementalRunsRequested incremental runs asked of {@link UserHints} (overflow, no or refused position,
     *                                 unreadable events, wildcard ids)
     * @param reconnects               subscriptions opened again after the stream ended or failed
     * @param sessionRefreshes         times the server refused the session and a new token was asked for
     * @param replayIdsRefused         times Salesforce refused the replay id it was asked to resume after
     * @param positionsSaved           replay ids written to the state store
     */
    public record Stats(long events, long usersHinted, long ownChangesIgnored, long otherObjectsIgnored, long gapEvents,
                        long overflowEvents, long unreadableEvents, long incrementalRunsRequested, long reconnects,
                        long sessionRefreshes, long replayIdsRefused, long positionsSaved) {
    }

    private final SalesforceApi api;
    private final String clientName;
    private final Channel channel;
    private final @Nullable ManagedChannel ownedChannel;
    private final String topic;
    private final SyncStateStore store;
    private final SyncId syncId;
    private final UserHints hints;
    private final int batchSize;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;
    private final Consumer<UserHints.Flush> flushListener = f -> runOnExecutor(this::saveFlushed);
    private final ChangeEventDecoder decoder = new ChangeEventDecoder(this::fetchSchema);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong usersHinted = new AtomicLong();
    private final AtomicLong ownChanges = new AtomicLong();
    private final AtomicLong otherObjects = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong incrementalRequests = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong sessionRefreshes = new AtomicLong();
    private final AtomicLong replayRefusals = new AtomicLong();
    private final AtomicLong positionsSaved = new AtomicLong();

    // Confined to the executor's thread.
    private long generation;
    private @Nullable ClientCallStreamObserver<FetchRequest> requests;
    private @Nullable OrgSession session;
    private final Deque<String> tokensSent = new ArrayDeque<>();
    private int outstanding;
    private boolean storeConsulted;
    private boolean subscribedAfterReplayId;
    private @Nullable ByteString resumeAfter;
    private @Nullable ByteString lastSaved;
    private final Positions positions = new Positions();
    private int authFailuresInARow;
    private boolean loggedLatestStart;

    private SalesforceUserChanges(Builder b) {
        this.api = ConnectionAccess.api(b.connection);
        this.clientName = b.connection.clientName();
        this.topic = b.topic;
        this.store = Objects.requireNonNull(b.store, "position(store, syncId) is required: where the replay id is kept");
        this.syncId = Objects.requireNonNull(b.syncId, "position(store, syncId) is required");
        this.hints = Objects.requireNonNull(b.hints, "hints(...) is required: the UserHints of the sync to feed");
        this.batchSize = b.batchSize;
        this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
        if (b.channel != null) {
            this.channel = b.channel;
            this.ownedChannel = null;
        } else {
            ManagedChannel built = Grpc.newChannelBuilder(b.target, TlsChannelCredentials.create()).build();
            this.channel = built;
            this.ownedChannel = built;
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rostersync-salesforce-cdc");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A builder for the org of {@code connection}: the subscriber takes its access token, instance URL and org id
     * from it, and its {@linkplain SalesforceConnection#clientName() client name} to recognise the sync's own
     * writes. {@link Builder#position} and {@link Builder#hints} are required.
     *
     * @param connection the org's connection, the one the sync's Salesforce directory uses
     * @return a new builder
     */
    public static Builder builder(SalesforceConnection connection) {
        return new Builder(connection);
    }

    /**
     * Subscribes, on the subscriber's own thread; returns at once. Connection problems are retried, never thrown.
     *
     * @throws IllegalStateException if it was started before or is closed
     */
    public void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        hints.addFlushListener(flushListener);
        runOnExecutor(this::connect);
    }

    /**
     * What it has done so far.
     *
     * @return the counts
     */
    public Stats stats() {
        return new Stats(events.get(), usersHinted.get(), ownChanges.get(), otherObjects.get(), gaps.get(), overflows.get(),
                unreadable.get(), incrementalRequests.get(), reconnects.get(), sessionRefreshes.get(), replayRefusals.get(),
                positionsSaved.get());
    }

    /**
     * Ends the subscription: cancels the stream, saves the replay id of events whose hints were already flushed,
     * stops its thread and, if it built the channel, shuts the channel down. Hints already offered stay with the
     * {@link UserHints} (close it after this). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hints.removeFlushListener(flushListener);
        try {
            executor.execute(() -> {
                cancelStream("closed");
                saveFlushed();
            });
        } catch (RejectedExecutionException alreadyStopped) {
            LOG.debug("subscriber thread already stopped");
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (ownedChannel != null) {
            ownedChannel.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "SalesforceUserChanges[" + topic + ", sync=" + syncId.value() + ", client=" + clientName + "]";
    }

    // ---- the stream, all on the executor's thread ------------------------------------------------------

    private void runOnExecutor(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) { // keep the thread; the stream is retried
                    LOG.error("salesforce CDC subscriber step failed; reconnecting", e);
                    if (!closed) {
                        cancelStream("internal failure");
                        scheduleConnect(backoff.next());
                    }
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("salesforce CDC subscriber stopped; step not run");
        }
    }

    private void scheduleConnect(Duration delay) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(() -> runOnExecutor(this::connect), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("salesforce CDC subscriber stopped; no reconnect");
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        OrgSession current;
        try {
            current = api.session();
        } catch (RuntimeException e) {
            Duration delay = backoff.next();
            LOG.warn("salesforce CDC: no session for the Pub/Sub API ({}); trying again in {}", e.getMessage(), delay);
            scheduleConnect(delay);
            return;
        }
        session = current;
        remember(current.accessToken().reveal());

        ReplayPreset preset = ReplayPreset.LATEST;
        @Nullable ByteString after = resumeAfter;
        if (after == null && !storeConsulted) {
            Optional<EventPosition> stored;
            try {
                stored = store.eventPosition(syncId, topic);
            } catch (RuntimeException e) {
                Duration delay = backoff.next();
                LOG.warn("salesforce CDC: cannot read the stored replay id ({}); trying again in {}", e.toString(), delay);
                scheduleConnect(delay);
                return;
            }
            storeConsulted = true;
            if (stored.isPresent()) {
                after = ReplayIds.fromPosition(stored.get()).orElse(null);
                if (after == null) {
                    startFromLatest("the stored position is not a replay id");
                }
            } else {
                startFromLatest("no replay id is stored for this sync yet");
            }
        } else if (after == null) {
            startFromLatest("no event has been received yet");
        }
        FetchRequest.Builder first = FetchRequest.newBuilder().setTopicName(topic).setNumRequested(batchSize);
        if (after != null) {
            preset = ReplayPreset.CUSTOM;
            first.setReplayId(after);
        }
        first.setReplayPreset(preset);
        subscribedAfterReplayId = after != null;

        PubSubGrpc.PubSubStub stub = PubSubGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(current)));
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<FetchRequest> stream =
                (ClientCallStreamObserver<FetchRequest>) stub.subscribe(new Responses(gen));
        requests = stream;
        outstanding = batchSize;
        stream.onNext(first.build());
        LOG.debug("salesforce CDC subscribed to {} from {}", topic, preset);
    }

    private void startFromLatest(String why) {
        askIncremental();
        if (!loggedLatestStart) {
            loggedLatestStart = true;
            LOG.info("salesforce CDC: {}; subscribing to {} from the latest event and running the sync incrementally "
                    + "to catch changes made before", why, topic);
        } else {
            LOG.debug("salesforce CDC: {}; subscribing from the latest event, incremental run requested", why);
        }
    }

    private void askIncremental() {
        incrementalRequests.incrementAndGet();
        hints.requestIncremental();
    }

    private Metadata metadata(OrgSession s) {
        Metadata md = new Metadata();
        md.put(ACCESS_TOKEN, s.accessToken().reveal());
        md.put(INSTANCE_URL, s.instanceUrl().toString());
        md.put(TENANT_ID, s.orgId());
        return md;
    }

    private void remember(String token) {
        if (!tokensSent.contains(token)) {
            tokensSent.addFirst(token);
            while (tokensSent.size() > 4) {
                tokensSent.removeLast();
            }
        }
    }

    private String redact(@Nullable String text) {
        return Redaction.of(text, List.copyOf(tokensSent));
    }

    private void onResponse(long gen, FetchResponse response) {
        if (gen != generation || closed) {
            return;
        }
        authFailuresInARow = 0;
        backoff.reset();
        for (ConsumerEvent event : response.getEventsList()) {
            if (gen != generation) {
                return; // a schema fetch failed and the stream was restarted
            }
            handle(event);
            if (gen != generation) {
                return;
            }
            positions.add(hints.mark(), event.getReplayId());
            resumeAfter = event.getReplayId();
        }
        if (response.getEventsCount() == 0 && !response.getLatestReplayId().isEmpty()) {
            // A keepalive: its replay id may be stored once the hints offered before it are flushed.
            positions.add(hints.mark(), response.getLatestReplayId());
            resumeAfter = response.getLatestReplayId();
        }
        outstanding = Math.max(0, outstanding - response.getEventsCount());
        if (outstanding <= batchSize / 2) {
            ClientCallStreamObserver<FetchRequest> stream = requests;
            if (stream != null) {
                stream.onNext(FetchRequest.newBuilder().setTopicName(topic).setNumRequested(batchSize - outstanding).build());
                outstanding = batchSize;
            }
        }
        saveFlushed();
    }

    private void handle(ConsumerEvent consumed) {
        events.incrementAndGet();
        ChangeEvent event;
        try {
            event = decoder.decode(consumed.getEvent().getSchemaId(), consumed.getEvent().getPayload().toByteArray());
        } catch (ChangeEventDecoder.UnreadableEvent e) {
            unreadable.incrementAndGet();
            LOG.warn("salesforce CDC: an event could not be read ({}); running the sync incrementally instead", e.getMessage());
            askIncremental();
            return;
        } catch (StatusRuntimeException e) {
            // The schema could not be fetched: resume from the event before this one after a pause.
            Duration delay = backoff.next();
            LOG.warn("salesforce CDC: GetSchema failed ({} {}); resubscribing in {}", e.getStatus().getCode(),
                    redact(e.getStatus().getDescription()), delay);
            cancelStream("schema unavailable");
            reconnects.incrementAndGet();
            scheduleConnect(delay);
            return;
        }
        if (!"User".equals(event.entityName())) {
            otherObjects.incrementAndGet();
            return;
        }
        if (event.fromClient(clientName)) {
            ownChanges.incrementAndGet();
            return;
        }
        if (event.isOverflow()) {
            overflows.incrementAndGet();
            askIncremental();
            return;
        }
        if (event.isGap()) {
            gaps.incrementAndGet();
        }
        if (event.recordIds().isEmpty()) {
            askIncremental();
            return;
        }
        for (String id : event.recordIds()) {
            Optional<NativeId> user = userId(id);
            if (user.isPresent()) {
                hints.offer(user.get());
                usersHinted.incrementAndGet();
            } else {
                askIncremental(); // a wildcard (005*) or no id at all: whose change it was is unknown
            }
        }
    }

    private static Optional<NativeId> userId(String id) {
        if (id.contains("*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(NativeId.of(id));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private String fetchSchema(String schemaId) {
        OrgSession current = Objects.requireNonNull(session, "no session");
        return PubSubGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(current)))
                .withDeadlineAfter(SCHEMA_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getSchema(SchemaRequest.newBuilder().setSchemaId(schemaId).build())
                .getSchemaJson();
    }

    private void onStreamEnd(long gen, @Nullable Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        requests = null;
        Status status = error == null ? Status.UNAVAILABLE.withDescription("the server ended the stream") : Status.fromThrowable(error);
        Metadata trailers = error == null ? null : Status.trailersFromThrowable(error);
        // The server's words go to logs: masked, as a server may echo the token anywhere.
        String code = redact(trailers == null ? "" : trailers.get(ERROR_CODE));
        Duration delay;
        if (status.getCode() == Status.Code.UNAUTHENTICATED || code.endsWith(".auth.error")) {
            sessionRefreshes.incrementAndGet();
            OrgSession rejected = session;
            if (rejected != null) {
                api.sessionRejected(rejected);
            }
            authFailuresInARow++;
            delay = authFailuresInARow == 1 ? Duration.ZERO : backoff.next();
            LOG.info("salesforce CDC: the Pub/Sub API refused the session ({}); reconnecting with a new token in {}",
                    code.isEmpty() ? status.getCode() : code, delay);
        } else if (code.contains("replayid") && subscribedAfterReplayId) {
            replayRefusals.incrementAndGet();
            LOG.warn("salesforce CDC: Salesforce refused the replay id to resume after ({}: {}); subscribing from the "
                    + "latest event and running the sync incrementally", code, redact(status.getDescription()));
            resumeAfter = null;
            positions.clear();
            storeConsulted = true;
            loggedLatestStart = true; // logged just now
            delay = Duration.ZERO;
        } else {
            delay = backoff.next();
            LOG.warn("salesforce CDC: the stream ended ({} {} {}); resubscribing in {}", status.getCode(), code,
                    redact(status.getDescription()), delay);
        }
        reconnects.incrementAndGet();
        scheduleConnect(delay);
    }

    private void cancelStream(String why) {
        generation++;
        ClientCallStreamObserver<FetchRequest> stream = requests;
        requests = null;
        if (stream != null) {
            stream.cancel(why, null);
        }
    }

    private void saveFlushed() {
        Optional<ByteString> flushed = positions.takeFlushed(hints::flushed);
        if (flushed.isEmpty() || flushed.get().equals(lastSaved)) {
            return;
        }
        try {
            store.saveEventPosition(syncId, topic, ReplayIds.toPosition(flushed.get()));
            lastSaved = flushed.get();
            positionsSaved.incrementAndGet();
        } catch (RuntimeException e) {
            // The stored position stays older: a restart replays a little more. The next flush saves a later one.
            LOG.warn("salesforce CDC: saving the replay id failed ({}); a restart will replay from the one before", e.toString());
        }
    }

    /** The stream's answers, handed to the subscriber's thread; stale streams' answers are dropped there. */
    private final class Responses implements StreamObserver<FetchResponse> {
        private final long gen;

        Responses(long gen) {
            this.gen = gen;
        }

        @Override
        public void onNext(FetchResponse response) {
            runOnExecutor(() -> onResponse(gen, response));
        }

        @Override
        public void onError(Throwable t) {
            runOnExecutor(() -> onStreamEnd(gen, t));
        }

        @Override
        public void onCompleted() {
            runOnExecutor(() -> onStreamEnd(gen, null));
        }
    }

    /**
     * Configures a {@link SalesforceUserChanges}. Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final SalesforceConnection connection;
        private @Nullable Channel channel;
        private String target = DEFAULT_TARGET;
        private String topic = DEFAULT_TOPIC;
        private @Nullable SyncStateStore store;
        private @Nullable SyncId syncId;
        private @Nullable UserHints hints;
        private int batchSize = MAX_BATCH_SIZE;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);

        private Builder(SalesforceConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /**
         * Where the replay id is kept: {@code store}'s event position for {@code syncId} and the topic. Required.
         * Use the sync's own store and id (the JDBC store on a cluster), so a restarted node resumes where the last
         * one stopped.
         *
         * @param store  the state store
         * @param syncId the sync the hints are for
         * @return this builder
         */
        public Builder position(SyncStateStore store, SyncId syncId) {
            this.store = Objects.requireNonNull(store, "store");
            this.syncId = Objects.requireNonNull(syncId, "syncId");
            return this;
        }

        /**
         * The sync's hint coalescer, which changed users are offered to. Required. Its
         * {@linkplain UserHints.Builder#window window} sets how soon a change is synced and how often the position
         * is saved.
         *
         * @param hints the coalescer
         * @return this builder
         */
        public Builder hints(UserHints hints) {
            this.hints = Objects.requireNonNull(hints, "hints");
            return this;
        }

        /**
         * A channel the host built and owns (not shut down by {@link SalesforceUserChanges#close()}): a proxy, a
         * custom trust store, or an in-process emulator. Replaces {@link #target}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder channel(Channel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * The Pub/Sub API's {@code host:port}, reached over TLS (default {@value #DEFAULT_TARGET}).
         *
         * @param hostAndPort the target
         * @return this builder
         * @throws IllegalArgumentException if it is not {@code host:port}
         */
        public Builder target(String hostAndPort) {
            Objects.requireNonNull(hostAndPort, "target");
            if (!hostAndPort.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
                throw new IllegalArgumentException("target must be host:port, such as " + DEFAULT_TARGET);
            }
            this.target = hostAndPort;
            this.channel = null;
            return this;
        }

        /**
         * The channel to subscribe to (default {@value #DEFAULT_TOPIC}); a custom channel that includes User
         * changes works too (events of other objects are ignored).
         *
         * @param topic {@code /data/<name>} or {@code /event/<name>}
         * @return this builder
         * @throws IllegalArgumentException if it is neither
         */
        public Builder topic(String topic) {
            Objects.requireNonNull(topic, "topic");
            if (!TOPIC.matcher(topic).matches()) {
                throw new IllegalArgumentException("topic must look like /data/UserChangeEvent or /data/MyChannel__chn, was " + topic);
            }
            this.topic = topic;
            return this;
        }

        /**
         * How many events to ask for at a time (default and most {@value #MAX_BATCH_SIZE}); more are asked for
         * once half of them have arrived.
         *
         * @param events 1 to {@value #MAX_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder batchSize(int events) {
            if (events < 1 || events > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was " + events);
            }
            this.batchSize = events;
            return this;
        }

        /**
         * The pause before resubscribing after a stream error: {@code initial}, then twice as long each time up to
         * {@code max}, back to {@code initial} after an answer (defaults 1 second and 1 minute).
         *
         * @param initial the first pause, positive
         * @param max     the longest pause, at least {@code initial}, at most an hour
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0 || max.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max <= 1 hour, was " + initial + " and " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Builds the subscriber without touching the network ({@link SalesforceUserChanges#start()} subscribes).
         *
         * @return the subscriber, not started
         * @throws NullPointerException if {@link #position} or {@link #hints} was not set
         */
        public SalesforceUserChanges build() {
            return new SalesforceUserChanges(this);
        }
    }
}
