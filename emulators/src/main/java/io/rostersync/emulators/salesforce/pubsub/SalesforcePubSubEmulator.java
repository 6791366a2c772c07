package io.rostersync.emulators.salesforce.pubsub;

import io.grpc.ManagedChannel;
import java.time.Duration;

/**
 * The Salesforce Pub/Sub API ({@code eventbus.v1.PubSub}) of an emulated org, served over gRPC in-process and
 * fed by the org: get it from {@code SalesforceEmulator.pubSub()}. Every committed change of a {@code User}
 * (a create or an update through sObject Collections, or by the emulator's seeding and admin methods) becomes a
 * {@code UserChangeEvent} on {@link #USER_CHANGE_TOPIC}.
 *
 * <pre>{@code
 * try (SalesforceEmulator org = SalesforceEmulator.start()) {
 *     SalesforcePubSubEmulator pubSub = org.pubSub();
 *     ManagedChannel channel = pubSub.channel();
 *     // metadata on every call: accesstoken (from org.tokenUri()), instanceurl (org.baseUri()), tenantid (pubSub.tenantId())
 *     PubSubGrpc.PubSubStub stub = PubSubGrpc.newStub(channel).withInterceptors(...);
 *     ...
 *     pubSub.chaos().seed(7).dropRate(0.05).duplicateRate(0.05);
 *     assertThat(pubSub.counters().dropped()).isPositive();
 * }
 * }</pre>
 *
 * <p>What it serves, as Salesforce does:
 * <ul>
 *   <li>{@code Subscribe}: the first {@code FetchRequest} names the topic and where to start ({@code LATEST}, the
 *       default; {@code EARLIEST}, the oldest retained event; {@code CUSTOM}, after the event whose
 *       {@code replay_id} it carries). Each request adds its {@code num_requested} (at most 100 count) to what
 *       the stream may still send; the emulator never sends more, batches what is there in one response, and
 *       reports {@code pending_num_requested}. An idle stream gets an empty response every
 *       {@link #setKeepaliveInterval keepalive interval} (270 s by default) with the replay id it stands at.
 *       A later request naming another topic fails the stream with {@code INVALID_ARGUMENT}.</li>
 *   <li>Replay ids are opaque 8-byte values. Events older than the {@link #setRetention retention} (72 hours by
 *       default, by the org's clock) are gone; a {@code CUSTOM} replay id before them, or one never issued,
 *       fails with {@code INVALID_ARGUMENT} and the {@code error-code} trailer {@link #REPLAY_ID_CORRUPTED}; one
 *       that is not a replay id at all, with {@link #REPLAY_ID_VALIDATION_FAILED}.</li>
 *   <li>Every call needs the {@code accesstoken} (a token the org issued and has not expired), {@code instanceurl}
 *       (the org's URL) and {@code tenantid} ({@link #tenantId()}, 15 or 18 characters) metadata; otherwise
 *       {@code UNAUTHENTICATED} with {@link #AUTH_ERROR}. An open stream checks its token again at each request
 *       and keepalive ({@code auth_refresh} replaces it), so {@code SalesforceEmulator.expireTokens()} ends it.</li>
 *   <li>{@code GetTopic} and {@code GetSchema} describe the topic and its Avro schema; {@code Publish} is
 *       unimplemented (change events are Salesforce's to publish).</li>
 * </ul>
 *
 * <p>The event payload is Avro binary of {@link #schemaJson()}: a {@code ChangeEventHeader} record
 * ({@code entityName}, {@code recordIds}, {@code changeType}, {@code changeOrigin}, {@code transactionKey},
 * {@code sequenceNumber}, {@code commitTimestamp}, {@code commitNumber}, {@code commitUser}, and the bitmap fields
 * {@code nulledFields}, {@code diffFields}, {@code changedFields}) followed by the user's fields, each nullable:
 * a create carries every set field, an update only the changed ones (cleared ones are listed in
 * {@code nulledFields}), a gap event none. A bitmap field is Salesforce's: a list whose first string is
 * {@code 0x} and the hex digits of a number whose bit {@code i} stands for the schema's top-level field at
 * position {@code i}. {@code changeOrigin} is {@code com/salesforce/api/rest/<XX.X>;client=<name>} for a REST
 * write that sent {@code Sforce-Call-Options: client=<name>} (without {@code ;client=...} if it sent none), and
 * empty for a change by the emulator's admin methods.
 *
 * <p>Thread-safe. The access token never appears in a status, a log or {@code toString()}.
 */
public interface SalesforcePubSubEmulator extends AutoCloseable {

    /** The channel of User change events. */
    String USER_CHANGE_TOPIC = "/data/UserChangeEvent";
    /** The trailer that carries Salesforce's error code when a call fails. */
    String ERROR_CODE_TRAILER = "error-code";
    /** Error code of a replay id outside the retention window or never issued ({@code INVALID_ARGUMENT}). */
    String REPLAY_ID_CORRUPTED = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";
    /** Error code of a replay id that is not one at all ({@code INVALID_ARGUMENT}). */
    String REPLAY_ID_VALIDATION_FAILED = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed";
    /** Error code of missing, expired or mismatched session metadata ({@code UNAUTHENTICATED}). */
    String AUTH_ERROR = "sfdc.platform.eventbus.grpc.service.auth.error";
    /** Error code of a stream the service ended ({@code UNAVAILABLE}); the client should subscribe again. */
    String SERVICE_UNAVAILABLE = "sfdc.platform.eventbus.grpc.service.unavailable";

    /** @return the name of the in-process server, for {@code InProcessChannelBuilder.forName(name)} */
    String serverName();

    /**
     * A new in-process channel to this server; the caller shuts it down (closing the emulator shuts down the
     * channels it handed out too).
     *
     * @return the channel
     */
    ManagedChannel channel();

    /** @return the org's id in its 18-character form, what the {@code tenantid} metadata carries */
    String tenantId();

    /** @return the id of the {@code UserChangeEvent} schema, as {@code ProducerEvent.schema_id} and {@code GetTopic} give it */
    String schemaId();

    /** @return the {@code UserChangeEvent} Avro schema, as {@code GetSchema} serves it */
    String schemaJson();

    /** @return the chaos knobs, off until set */
    PubSubChaos chaos();

    /** @return a snapshot of what the emulator did so far */
    PubSubCounters counters();

    /** @return the replay id of the newest event on the channel; 8 zero bytes if there has been none */
    byte[] latestReplayId();

    /** @return the subscribe streams open now */
    int openStreams();

    /**
     * @param retention how long events stay replayable, by the org's clock (default 72 hours)
     * @throws IllegalArgumentException if it is not positive
     */
    void setRetention(Duration retention);

    /**
     * @param interval how long a stream stays silent before it gets an empty keepalive response (default 270 s)
     * @throws IllegalArgumentException if it is not positive
     */
    void setKeepaliveInterval(Duration interval);

    /**
     * @param latency emulated network latency before every response on a stream (default none); the freshness
     *     benchmark uses 20 ms
     * @throws IllegalArgumentException if it is negative
     */
    void setLatency(Duration latency);

    /**
     * Ends every open subscribe stream with {@code UNAVAILABLE} and {@link #SERVICE_UNAVAILABLE}, as a service
     * restart does; events stay on the channel for a resubscribe.
     *
     * @return how many streams were ended
     */
    int abortStreams();

    /** Publishes a {@code GAP_OVERFLOW} event now, in a transaction of its own. */
    void publishGapOverflow();

    /** Ends every stream and stops the server; idempotent. */
    @Override
    void close();
}
