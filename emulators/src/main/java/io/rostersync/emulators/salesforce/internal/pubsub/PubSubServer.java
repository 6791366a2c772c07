package io.rostersync.emulators.salesforce.internal.pubsub;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
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
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rostersync.emulators.salesforce.internal.OrgStore;
import io.rostersync.emulators.salesforce.internal.TokenEndpoint;
import io.rostersync.emulators.salesforce.internal.UserChange;
import io.rostersync.emulators.salesforce.pubsub.PubSubChaos;
import io.rostersync.emulators.salesforce.pubsub.PubSubCounters;
import io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchResponse;
import io.rostersync.salesforce.cdc.internal.pubsub.ProducerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.PubSubGrpc;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaInfo;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.TopicInfo;
import io.rostersync.salesforce.cdc.internal.pubsub.TopicRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The emulated org's Pub/Sub API: an in-process gRPC server of {@code eventbus.v1.PubSub}, the channel's event
 * log, the streams and the chaos. Its monitor guards the log, the streams and the settings; it is taken inside
 * the org's monitor (when the org commits a change), never the other way round: the org's clock and tokens are
 * read before it is taken. Every write to a stream happens on the one scheduler thread, in order.
 */
public final class PubSubServer implements SalesforcePubSubEmulator {

    static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of(ERROR_CODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TOKEN = Context.key("rostersync-pubsub-session");
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final int MAX_REQUESTED = 100;
    private static final int DEFAULT_OVERFLOW = 100_000;

    /** An event on the channel: its replay position, id, payload and when it was put there (org clock, ms). */
    private record Logged(long seq, String eventId, byte[] payload, long at) {
    }

    private final OrgStore store;
    private final TokenEndpoint tokens;
    private final Supplier<URI> instanceUrl;
    private final String name;
    private final Server server;
    private final ScheduledExecutorService writer;
    private final UserChangeEvents codec = new UserChangeEvents();
    private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
    private final Chaos chaos = new Chaos();
    private final AtomicLong rpcIds = new AtomicLong();

    // Guarded by this.
    private final List<Logged> log = new ArrayList<>();
    private long lastSeq;
    private long purgedThrough;
    private final Set<Stream> streams = new LinkedHashSet<>();
    private Duration retention = Duration.ofHours(72);
    private Duration keepalive = Duration.ofSeconds(270);
    private Duration latency = Duration.ZERO;
    private boolean closed;
    private long changes;
    private long published;
    private long dropped;
    private long duplicated;
    private long reordered;
    private long delayed;
    private long released;
    private long gaps;
    private long overflows;
    private long delivered;
    private long keepalives;
    private long aborted;

    /**
     * Starts the server of the org in {@code store} and subscribes to its user changes.
     *
     * @param instanceUrl the org's URL, which the {@code instanceurl} metadata must name
     */
    public PubSubServer(OrgStore store, TokenEndpoint tokens, Supplier<URI> instanceUrl) {
        this.store = store;
        this.tokens = tokens;
        this.instanceUrl = instanceUrl;
        this.name = "salesforce-pubsub-emulator-" + SERVERS.incrementAndGet();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // At close the queued writes (errors ending the streams) still run; waiting keepalives do not.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.writer = executor;
        try {
            this.server = InProcessServerBuilder.forName(name)
                    .addService(ServerInterceptors.intercept(new Service(), new SessionCheck()))
                    .build().start();
        } catch (IOException e) {
            writer.shutdownNow();
            throw new UncheckedIOException(e);
        }
        store.setUserChangeListener(this::committed);
    }

    // ---- the public API ----------------------------------------------------------------------------

    @Override
    public String serverName() {
        return name;
    }

    @Override
    public ManagedChannel channel() {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        return channel;
    }

    @Override
    public String tenantId() {
        return to18(TokenEndpoint.orgId());
    }

    @Override
    public String schemaId() {
        return codec.id();
    }

    @Override
    public String schemaJson() {
        return codec.json();
    }

    @Override
    public PubSubChaos chaos() {
        return chaos;
    }

    @Override
    public synchronized PubSubCounters counters() {
        return new PubSubCounters(changes, published, dropped, duplicated, reordered, delayed, released, gaps, overflows,
                delivered, keepalives, aborted);
    }

    @Override
    public synchronized byte[] latestReplayId() {
        return replayId(lastSeq);
    }

    @Override
    public synchronized int openStreams() {
        return streams.size();
    }

    @Override
    public synchronized void setRetention(Duration value) {
        this.retention = positive(value, "retention");
    }

    @Override
    public synchronized void setKeepaliveInterval(Duration value) {
        this.keepalive = positive(value, "keepalive interval");
    }

    @Override
    public synchronized void setLatency(Duration value) {
        Objects.requireNonNull(value, "latency");
        if (value.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative; got " + value);
        }
        this.latency = value;
    }

    @Override
    public int abortStreams() {
        List<Stream> ended;
        synchronized (this) {
            ended = new ArrayList<>(streams);
            streams.clear();
            ended.forEach(s -> s.done = true);
            aborted += ended.size();
        }
        for (Stream s : ended) {
            run(() -> s.fail(Status.UNAVAILABLE.withDescription("The Pub/Sub API service is unavailable; subscribe again"),
                    SERVICE_UNAVAILABLE));
        }
        return ended.size();
    }

    @Override
    public void publishGapOverflow() {
        long now = store.clock().millis();
        synchronized (this) {
            if (closed) {
                return;
            }
            long number = -(overflows + 1); // a commit number of its own, outside the org's
            append(ChangeEvent.overflow("gap-overflow-" + (overflows + 1), 1, now, number, "", OrgStore.ADMIN_USER_ID), now);
            overflows++;
        }
        wakeAll();
    }

    @Override
    public void close() {
        List<Stream> ended;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ended = new ArrayList<>(streams);
            streams.clear();
            ended.forEach(s -> s.done = true);
        }
        for (Stream s : ended) {
            run(() -> s.fail(Status.UNAVAILABLE.withDescription("The emulated org was shut down"), SERVICE_UNAVAILABLE));
        }
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channels.forEach(ManagedChannel::shutdownNow);
        server.shutdownNow();
    }

    /** Names the server only: the session it checks never appears here. */
    @Override
    public String toString() {
        return "SalesforcePubSubEmulator[" + name + ", topic " + USER_CHANGE_TOPIC + "]";
    }

    // ---- the channel: committed changes in, chaos, the log -----------------------------------------

    /** The org committed a transaction (called under the org's monitor). */
    private void committed(List<UserChange> batch) {
        synchronized (this) {
            if (closed) {
                return;
            }
            changes += batch.size();
            int limit = chaos.overflowAfter;
            for (int i = 0; i < batch.size() && i < limit; i++) {
                chaos.offer(ChangeEvent.of(batch.get(i)), batch.get(i).commitTimestamp());
            }
            if (batch.size() > limit) {
                UserChange first = batch.get(0);
                append(ChangeEvent.overflow(first.transactionKey(), limit + 1, first.commitTimestamp(), first.commitNumber(),
                        first.changeOrigin(), first.commitUser()), first.commitTimestamp());
                overflows++;
            }
        }
        wakeAll();
    }

    /** Puts an event on the channel with the next replay id (under this monitor). */
    private void append(ChangeEvent event, long now) {
        purge(now);
        lastSeq++;
        log.add(new Logged(lastSeq, event.eventId(), codec.encode(event), now));
        published++;
    }

    /** Forgets the events older than the retention (under this monitor). */
    private void purge(long now) {
        long horizon = now - retention.toMillis();
        int gone = 0;
        while (gone < log.size() && log.get(gone).at() < horizon) {
            gone++;
        }
        if (gone > 0) {
            purgedThrough = log.get(gone - 1).seq();
            log.subList(0, gone).clear();
        }
    }

    private void wakeAll() {
        List<Stream> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            open = new ArrayList<>(streams);
        }
        for (Stream s : open) {
            run(s::pump);
        }
    }

    /** Runs a write on the scheduler thread; nothing once the server is closed. */
    private void run(Runnable task) {
        later(task, 0);
    }

    private void later(Runnable task, long delayNanos) {
        try {
            writer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the streams were ended already
        }
    }

    static byte[] replayId(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    private String rpcId() {
        return "emulator-rpc-" + rpcIds.incrementAndGet();
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive; got " + value);
        }
        return value;
    }

    /** The 18-character form of a 15-character Salesforce id (a case-safe checksum of three letters). */
    static String to18(String id15) {
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".charAt(bits));
        }
        return id15 + suffix;
    }

    private static Metadata trailers(String errorCode) {
        Metadata m = new Metadata();
        m.put(ERROR_CODE, errorCode);
        return m;
    }

    // ---- sessions ----------------------------------------------------------------------------------

    /** Checks the session metadata of every call; the token goes on in the call's context, never into a message. */
    private final class SessionCheck implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String token = headers.get(ACCESS_TOKEN);
            String problem = sessionProblem(token, headers.get(INSTANCE_URL), headers.get(TENANT_ID));
            if (problem != null || token == null) {
                call.close(Status.UNAUTHENTICATED.withDescription(Objects.requireNonNullElse(problem, "no session")
                        + " rpcId: " + rpcId()), trailers(AUTH_ERROR));
                return new ServerCall.Listener<>() {
                };
            }
            return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
        }
    }

    /** What is wrong with a call's session metadata, or null if nothing is. Never names the token. */
    private @Nullable String sessionProblem(@Nullable String token, @Nullable String url, @Nullable String tenant) {
        if (token == null || token.isBlank()) {
            return "An authentication exception occurred: the accesstoken metadata is missing";
        }
        if (!tokens.isValid(token)) {
            return "An authentication exception occurred: the access token is invalid or has expired";
        }
        String expected = instanceUrl.get().toString();
        if (url == null || !strip(url).equalsIgnoreCase(strip(expected))) {
            return "An authentication exception occurred: the instanceurl metadata does not name the org's URL";
        }
        String org = TokenEndpoint.orgId();
        if (tenant == null || !(tenant.equals(org) || tenant.equals(to18(org)))) {
            return "An authentication exception occurred: the tenantid metadata does not name the org";
        }
        return null;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // ---- the service -------------------------------------------------------------------------------

    private final class Service extends PubSubGrpc.PubSubImplBase {
        @Override
        public void getTopic(TopicRequest request, StreamObserver<TopicInfo> out) {
            if (!USER_CHANGE_TOPIC.equals(request.getTopicName())) {
                out.onError(Status.NOT_FOUND.withDescription("No topic named '" + request.getTopicName()
                        + "'; the emulator publishes " + USER_CHANGE_TOPIC + " rpcId: " + rpcId()).asRuntimeException());
                return;
            }
            out.onNext(TopicInfo.newBuilder().setTopicName(USER_CHANGE_TOPIC).setTenantGuid(tenantId())
                    .setCanPublish(false).setCanSubscribe(true).setSchemaId(codec.id()).setRpcId(rpcId()).build());
            out.onCompleted();
        }

        @Override
        public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> out) {
            if (!codec.id().equals(request.getSchemaId())) {
                out.onError(Status.NOT_FOUND.withDescription("No schema with id '" + request.getSchemaId() + "' rpcId: "
                        + rpcId()).asRuntimeException());
                return;
            }
            out.onNext(SchemaInfo.newBuilder().setSchemaId(codec.id()).setSchemaJson(codec.json()).setRpcId(rpcId()).build());
            out.onCompleted();
        }

        @Override
        public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> out) {
            Stream s = new Stream((ServerCallStreamObserver<FetchResponse>) out, Objects.requireNonNull(TOKEN.get(), "session"));
            ((ServerCallStreamObserver<FetchResponse>) out).setOnCancelHandler(s::cancelled);
            return s;
        }
    }

    /** One subscribe stream. Its fields are guarded by the server's monitor; it writes on the scheduler thread only. */
    private final class Stream implements StreamObserver<FetchRequest> {
        private final ServerCallStreamObserver<FetchResponse> out;
        private final String rpc = rpcId();
        private String token;
        private @Nullable String topic;
        private long position;
        private int pending;
        private boolean inFlight;
        private boolean done;
        private long lastSent = System.nanoTime();

        Stream(ServerCallStreamObserver<FetchResponse> out, String token) {
            this.out = out;
            this.token = token;
        }

        @Override
        public void onNext(FetchRequest request) {
            String session = request.getAuthRefresh().isEmpty() ? currentToken() : request.getAuthRefresh();
            if (!tokens.isValid(session)) {
                end(Status.UNAUTHENTICATED.withDescription(
                        "An authentication exception occurred: the access token is invalid or has expired"), AUTH_ERROR);
                return;
            }
            long now = store.clock().millis();
            synchronized (PubSubServer.this) {
                if (done) {
                    return;
                }
                token = session;
                if (request.getNumRequested() < 0) {
                    endLocked(Status.INVALID_ARGUMENT.withDescription("num_requested must not be negative; got "
                            + request.getNumRequested()), null);
                    return;
                }
                if (topic == null) {
                    if (!start(request, now)) {
                        return;
                    }
                } else if (!request.getTopicName().isEmpty() && !request.getTopicName().equals(topic)) {
                    endLocked(Status.INVALID_ARGUMENT.withDescription("The topic of a subscription cannot change: it is "
                            + topic + ", this request names " + request.getTopicName()), null);
                    return;
                }
                pending += Math.min(MAX_REQUESTED, request.getNumRequested());
            }
            run(this::pump);
        }

        /** The first request: the topic and the starting point. False if it ended the stream. */
        private boolean start(FetchRequest request, long now) {
            if (!USER_CHANGE_TOPIC.equals(request.getTopicName())) {
                endLocked(Status.NOT_FOUND.withDescription("No topic named '" + request.getTopicName()
                        + "'; the emulator publishes " + USER_CHANGE_TOPIC), null);
                return false;
            }
            if (closed) {
                endLocked(Status.UNAVAILABLE.withDescription("The emulated org was shut down"), SERVICE_UNAVAILABLE);
                return false;
            }
            purge(now);
            switch (request.getReplayPreset()) {
                case LATEST -> position = lastSeq;
                case EARLIEST -> position = purgedThrough;
                case CUSTOM -> {
                    ByteString id = request.getReplayId();
                    if (id.size() != 8) {
                        endLocked(Status.INVALID_ARGUMENT.withDescription("The replay ID validation failed: "
                                + id.size() + " bytes are not a replay ID of this channel"), REPLAY_ID_VALIDATION_FAILED);
                        return false;
                    }
                    long seq = id.asReadOnlyByteBuffer().getLong();
                    // Valid: the replay id of a retained event, or 0 ("before the first") while nothing was purged.
                    if (seq > lastSeq || seq < purgedThrough || (seq == purgedThrough && purgedThrough > 0)) {
                        endLocked(Status.INVALID_ARGUMENT.withDescription("The Replay ID is invalid: it is outside the "
                                + "retention window or was never issued on " + USER_CHANGE_TOPIC), REPLAY_ID_CORRUPTED);
                        return false;
                    }
                    position = seq;
                }
                default -> {
                    endLocked(Status.INVALID_ARGUMENT.withDescription("Unknown replay preset " + request.getReplayPresetValue()), null);
                    return false;
                }
            }
            topic = USER_CHANGE_TOPIC;
            streams.add(this);
            lastSent = System.nanoTime();
            scheduleKeepalive(keepalive.toNanos());
            return true;
        }

        /** Sends what was requested and is there, in one response (scheduler thread). */
        void pump() {
            FetchResponse response;
            long delay;
            synchronized (PubSubServer.this) {
                if (done || inFlight || pending == 0 || topic == null) {
                    return;
                }
                if (position < purgedThrough) {
                    position = purgedThrough; // the stream lagged past the retention: those events are gone
                }
                long available = lastSeq - position;
                if (available <= 0) {
                    return;
                }
                int n = (int) Math.min(pending, available);
                FetchResponse.Builder b = FetchResponse.newBuilder().setRpcId(rpc);
                int first = (int) (position - purgedThrough); // index of the event after position
                for (int i = 0; i < n; i++) {
                    Logged e = log.get(first + i);
                    b.addEvents(ConsumerEvent.newBuilder()
                            .setEvent(ProducerEvent.newBuilder().setId(e.eventId()).setSchemaId(codec.id())
                                    .setPayload(ByteString.copyFrom(e.payload())))
                            .setReplayId(ByteString.copyFrom(replayId(e.seq()))));
                }
                position += n;
                pending -= n;
                delivered += n;
                response = b.setLatestReplayId(ByteString.copyFrom(replayId(position))).setPendingNumRequested(pending).build();
                inFlight = true;
                delay = latency.toNanos();
            }
            if (delay == 0) {
                send(response);
            } else {
                later(() -> send(response), delay);
            }
        }

        private void send(FetchResponse response) {
            synchronized (PubSubServer.this) {
                if (done) {
                    return;
                }
            }
            try {
                out.onNext(response);
            } catch (RuntimeException e) {
                cancelled(); // the client went away
                return;
            }
            synchronized (PubSubServer.this) {
                inFlight = false;
                lastSent = System.nanoTime();
            }
            pump();
        }

        private void scheduleKeepalive(long afterNanos) {
            later(this::keepaliveTick, afterNanos);
        }

        /** An idle stream gets an empty response with where it stands; its session is checked again (scheduler thread). */
        private void keepaliveTick() {
            String session;
            synchronized (PubSubServer.this) {
                if (done) {
                    return;
                }
                session = token;
            }
            if (!tokens.isValid(session)) {
                end(Status.UNAUTHENTICATED.withDescription(
                        "An authentication exception occurred: the access token is invalid or has expired"), AUTH_ERROR);
                return;
            }
            FetchResponse response = null;
            long next;
            synchronized (PubSubServer.this) {
                if (done) {
                    return;
                }
                long interval = keepalive.toNanos();
                long idle = System.nanoTime() - lastSent;
                if (!inFlight && idle >= interval) {
                    response = FetchResponse.newBuilder().setLatestReplayId(ByteString.copyFrom(replayId(position)))
                            .setPendingNumRequested(pending).setRpcId(rpc).build();
                    keepalives++;
                    next = interval;
                } else {
                    next = Math.max(1, interval - idle);
                }
            }
            if (response != null) {
                try {
                    out.onNext(response);
                } catch (RuntimeException e) {
                    cancelled();
                    return;
                }
                synchronized (PubSubServer.this) {
                    lastSent = System.nanoTime();
                }
            }
            scheduleKeepalive(next);
        }

        private String currentToken() {
            synchronized (PubSubServer.this) {
                return token;
            }
        }

        /** Ends the stream with an error (any thread). */
        private void end(Status status, @Nullable String errorCode) {
            synchronized (PubSubServer.this) {
                endLocked(status, errorCode);
            }
        }

        private void endLocked(Status status, @Nullable String errorCode) {
            if (done) {
                return;
            }
            done = true;
            streams.remove(this);
            run(() -> fail(status, errorCode));
        }

        /** Writes the error (scheduler thread); the stream is already done. */
        void fail(Status status, @Nullable String errorCode) {
            try {
                out.onError(status.augmentDescription("rpcId: " + rpc)
                        .asRuntimeException(errorCode == null ? new Metadata() : trailers(errorCode)));
            } catch (RuntimeException e) {
                // already cancelled by the client
            }
        }

        void cancelled() {
            synchronized (PubSubServer.this) {
                done = true;
                streams.remove(this);
            }
        }

        @Override
        public void onError(Throwable t) {
            cancelled();
        }

        @Override
        public void onCompleted() {
            synchronized (PubSubServer.this) {
                if (done) {
                    return;
                }
                done = true;
                streams.remove(this);
            }
            run(() -> {
                try {
                    out.onCompleted();
                } catch (RuntimeException e) {
                    // already cancelled
                }
            });
        }
    }

    // ---- chaos -------------------------------------------------------------------------------------

    /** The chaos knobs; guarded by the server's monitor (its methods take it). */
    private final class Chaos implements PubSubChaos {
        private long seed;
        private Random random = new Random(0);
        private double dropRate;
        private double duplicateRate;
        private double reorderRate;
        private double delayRate;
        private double gapRate;
        private int dropNext;
        private int duplicateNext;
        private int reorderNext;
        private int delayNext;
        private int gapNext;
        private int overflowAfter = DEFAULT_OVERFLOW;
        private final ArrayDeque<ChangeEvent> held = new ArrayDeque<>();
        private @Nullable ChangeEvent reorderHeld;

        @Override
        public PubSubChaos seed(long value) {
            synchronized (PubSubServer.this) {
                seed = value;
                random = new Random(value);
            }
            return this;
        }

        @Override
        public PubSubChaos dropRate(double rate) {
            synchronized (PubSubServer.this) {
                dropRate = rate(rate);
            }
            return this;
        }

        @Override
        public PubSubChaos duplicateRate(double rate) {
            synchronized (PubSubServer.this) {
                duplicateRate = rate(rate);
            }
            return this;
        }

        @Override
        public PubSubChaos reorderRate(double rate) {
            synchronized (PubSubServer.this) {
                reorderRate = rate(rate);
            }
            return this;
        }

        @Override
        public PubSubChaos delayRate(double rate) {
            synchronized (PubSubServer.this) {
                delayRate = rate(rate);
            }
            return this;
        }

        @Override
        public PubSubChaos gapRate(double rate) {
            synchronized (PubSubServer.this) {
                gapRate = rate(rate);
            }
            return this;
        }

        @Override
        public PubSubChaos dropNext(int count) {
            synchronized (PubSubServer.this) {
                dropNext = count(count);
            }
            return this;
        }

        @Override
        public PubSubChaos duplicateNext(int count) {
            synchronized (PubSubServer.this) {
                duplicateNext = count(count);
            }
            return this;
        }

        @Override
        public PubSubChaos reorderNext(int count) {
            synchronized (PubSubServer.this) {
                reorderNext = count(count);
            }
            return this;
        }

        @Override
        public PubSubChaos delayNext(int count) {
            synchronized (PubSubServer.this) {
                delayNext = count(count);
            }
            return this;
        }

        @Override
        public PubSubChaos gapNext(int count) {
            synchronized (PubSubServer.this) {
                gapNext = count(count);
            }
            return this;
        }

        @Override
        public PubSubChaos overflowAfter(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("overflowAfter must be at least 1; got " + value);
            }
            synchronized (PubSubServer.this) {
                overflowAfter = value;
            }
            return this;
        }

        @Override
        public int releaseDelayed() {
            long now = store.clock().millis();
            int count;
            synchronized (PubSubServer.this) {
                count = held.size() + (reorderHeld == null ? 0 : 1);
                while (!held.isEmpty()) {
                    append(held.removeFirst(), now);
                    released++;
                }
                ChangeEvent r = reorderHeld;
                if (r != null) {
                    reorderHeld = null;
                    append(r, now);
                }
            }
            wakeAll();
            return count;
        }

        @Override
        public PubSubChaos reset() {
            synchronized (PubSubServer.this) {
                dropRate = 0;
                duplicateRate = 0;
                reorderRate = 0;
                delayRate = 0;
                gapRate = 0;
                dropNext = 0;
                duplicateNext = 0;
                reorderNext = 0;
                delayNext = 0;
                gapNext = 0;
                overflowAfter = DEFAULT_OVERFLOW;
                random = new Random(seed);
            }
            return this;
        }

        /** One committed change on its way to the channel (under the server's monitor). */
        void offer(ChangeEvent event, long now) {
            if (hit(dropNext > 0, dropRate)) {
                dropNext = Math.max(0, dropNext - 1);
                dropped++;
                return;
            }
            ChangeEvent e = event;
            if (hit(gapNext > 0, gapRate)) {
                gapNext = Math.max(0, gapNext - 1);
                e = e.asGap();
                gaps++;
            }
            if (hit(delayNext > 0, delayRate)) {
                delayNext = Math.max(0, delayNext - 1);
                held.addLast(e);
                delayed++;
                return;
            }
            if (reorderHeld == null && hit(reorderNext > 0, reorderRate)) {
                reorderNext = Math.max(0, reorderNext - 1);
                reorderHeld = e;
                reordered++;
                return;
            }
            append(e, now);
            if (hit(duplicateNext > 0, duplicateRate)) {
                duplicateNext = Math.max(0, duplicateNext - 1);
                append(e, now);
                duplicated++;
            }
            ChangeEvent r = reorderHeld;
            if (r != null) {
                reorderHeld = null;
                append(r, now);
            }
        }

        private boolean hit(boolean next, double rate) {
            return next || (rate > 0 && random.nextDouble() < rate);
        }

        private double rate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a rate is a share from 0 to 1; got " + rate);
            }
            return rate;
        }

        private int count(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("a count must not be negative; got " + count);
            }
            return count;
        }
    }
}
