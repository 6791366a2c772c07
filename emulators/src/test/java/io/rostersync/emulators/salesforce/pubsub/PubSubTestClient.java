package io.rostersync.emulators.salesforce.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.salesforce.cdc.internal.pubsub.ConsumerEvent;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchRequest;
import io.rostersync.salesforce.cdc.internal.pubsub.FetchResponse;
import io.rostersync.salesforce.cdc.internal.pubsub.PubSubGrpc;
import io.rostersync.salesforce.cdc.internal.pubsub.ReplayPreset;
import io.rostersync.salesforce.cdc.internal.pubsub.SchemaRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * What a Pub/Sub API client does, for the tests: a session from the org's token endpoint, REST writes with or
 * without a client name, subscribe streams that collect what arrives, and Avro decoding with the schema that
 * GetSchema serves.
 */
final class PubSubTestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long WAIT_SECONDS = 20;

    final SalesforceEmulator org;
    final SalesforcePubSubEmulator pubSub;
    final ManagedChannel channel;
    String token;
    private final Map<String, Schema> schemas = new HashMap<>();

    PubSubTestClient(SalesforceEmulator org) {
        this.org = org;
        this.pubSub = org.pubSub();
        this.channel = pubSub.channel();
        this.token = newToken();
    }

    String newToken() {
        String form = "grant_type=client_credentials&client_id=" + enc(org.clientId()) + "&client_secret=" + enc(org.clientSecret());
        JsonNode body = send(HttpRequest.newBuilder(org.tokenUri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return body.get("access_token").asText();
    }

    Metadata session(String accessToken) {
        return session(accessToken, org.baseUri().toString(), pubSub.tenantId());
    }

    static Metadata session(String accessToken, String instanceUrl, String tenantId) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER), accessToken);
        m.put(Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER), instanceUrl);
        m.put(Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER), tenantId);
        return m;
    }

    PubSubGrpc.PubSubBlockingStub blocking() {
        return blocking(session(token));
    }

    PubSubGrpc.PubSubBlockingStub blocking(Metadata session) {
        return PubSubGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(session));
    }

    // ---- REST writes ---------------------------------------------------------------------------------

    /** Creates users through sObject Collections in one request; returns their ids. */
    List<String> createUsers(Optional<String> client, boolean allOrNone, String... emails) {
        StringBuilder records = new StringBuilder();
        for (String email : emails) {
            if (records.length() > 0) {
                records.append(',');
            }
            records.append("{\"attributes\":{\"type\":\"User\"},\"Username\":\"").append(email).append("\",\"Email\":\"")
                    .append(email).append("\",\"LastName\":\"Last\",\"FirstName\":\"First\",\"Alias\":\"al\",")
                    .append("\"TimeZoneSidKey\":\"Europe/London\",\"LocaleSidKey\":\"en_GB\",\"EmailEncodingKey\":\"UTF-8\",")
                    .append("\"LanguageLocaleKey\":\"en_US\",\"ProfileId\":\"").append(org.defaultProfileId()).append("\"}");
        }
        JsonNode results = rest("POST", "{\"allOrNone\":" + allOrNone + ",\"records\":[" + records + "]}", client);
        List<String> ids = new ArrayList<>();
        results.forEach(r -> ids.add(r.path("id").asText("")));
        return ids;
    }

    /** Updates one user through sObject Collections; {@code fieldsJson} is e.g. {@code "IsActive":false}. */
    JsonNode updateUser(Optional<String> client, String id, String fieldsJson) {
        return rest("PATCH", "{\"allOrNone\":false,\"records\":[{\"attributes\":{\"type\":\"User\"},\"id\":\"" + id + "\","
                + fieldsJson + "}]}", client);
    }

    JsonNode rest(String method, String body, Optional<String> client) {
        HttpRequest.Builder b = HttpRequest.newBuilder(org.baseUri().resolve("/services/data/v64.0/composite/sobjects"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        client.ifPresent(c -> b.header("Sforce-Call-Options", "client=" + c));
        return send(b);
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- subscribing --------------------------------------------------------------------------------

    Stream subscribe(ReplayPreset preset, int numRequested) {
        return subscribe(FetchRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC)
                .setReplayPreset(preset).setNumRequested(numRequested).build());
    }

    Stream subscribeAfter(byte[] replayId, int numRequested) {
        return subscribe(FetchRequest.newBuilder().setTopicName(SalesforcePubSubEmulator.USER_CHANGE_TOPIC)
                .setReplayPreset(ReplayPreset.CUSTOM).setReplayId(ByteString.copyFrom(replayId))
                .setNumRequested(numRequested).build());
    }

    Stream subscribe(FetchRequest first) {
        return subscribe(session(token), first);
    }

    /**
     * Opens a stream and waits until the emulator has set it up (or ended it), so that a change made next is
     * after its starting point: the first request travels asynchronously.
     */
    Stream subscribe(Metadata session, FetchRequest first) {
        int before = pubSub.openStreams();
        Stream s = new Stream();
        s.requests = PubSubGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(session)).subscribe(s);
        s.requests.onNext(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (pubSub.openStreams() <= before && !s.end.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        return s;
    }

    /** A subscribe stream's inbox. */
    static final class Stream implements StreamObserver<FetchResponse> {
        final BlockingQueue<FetchResponse> responses = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final CompletableFuture<Metadata> trailers = new CompletableFuture<>();
        StreamObserver<FetchRequest> requests;

        @Override
        public void onNext(FetchResponse value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            Metadata m = t instanceof StatusRuntimeException e && e.getTrailers() != null ? e.getTrailers() : new Metadata();
            trailers.complete(m);
            end.complete(status);
        }

        @Override
        public void onCompleted() {
            trailers.complete(new Metadata());
            end.complete(Status.OK);
        }

        void request(int n) {
            requests.onNext(FetchRequest.newBuilder().setNumRequested(n).build());
        }

        FetchResponse next() {
            try {
                FetchResponse r = responses.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (r == null) {
                    fail("no response within " + WAIT_SECONDS + " s; the stream ended with " + end.getNow(null));
                }
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The next response that carries events (keepalives before it are skipped). */
        FetchResponse nextWithEvents() {
            while (true) {
                FetchResponse r = next();
                if (r.getEventsCount() > 0) {
                    return r;
                }
            }
        }

        /** Exactly the next {@code n} events, across responses, skipping keepalives. */
        List<ConsumerEvent> events(int n) {
            List<ConsumerEvent> out = new ArrayList<>();
            while (out.size() < n) {
                out.addAll(nextWithEvents().getEventsList());
            }
            assertThat(out).as("more events arrived than expected in the last response").hasSize(n);
            return out;
        }

        /** The next keepalive: an empty response. Every response before it must be one too, or it fails. */
        FetchResponse nextKeepalive() {
            FetchResponse r = next();
            assertThat(r.getEventsList()).as("an event arrived where a keepalive was expected").isEmpty();
            return r;
        }

        Status error() {
            try {
                return end.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the stream did not end within " + WAIT_SECONDS + " s", e);
            }
        }

        String errorCode() {
            error();
            return trailers.join().get(Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER));
        }

        void cancel() {
            requests.onError(Status.CANCELLED.asRuntimeException());
        }
    }

    // ---- decoding -----------------------------------------------------------------------------------

    Schema schema(String id) {
        return schemas.computeIfAbsent(id, i -> new Schema.Parser().parse(
                blocking().getSchema(SchemaRequest.newBuilder().setSchemaId(i).build()).getSchemaJson()));
    }

    GenericRecord decode(ConsumerEvent e) {
        Schema schema = schema(e.getEvent().getSchemaId());
        try {
            return new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(e.getEvent().getPayload().toByteArray(), null));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static GenericRecord header(GenericRecord event) {
        return (GenericRecord) event.get("ChangeEventHeader");
    }

    static String text(GenericRecord r, String field) {
        Object v = r.get(field);
        return v == null ? null : v.toString();
    }

    /** The field names a Salesforce bitmap field stands for: bit i is the top-level field at position i. */
    static List<String> bitmapFields(GenericRecord event, String headerField) {
        List<String> names = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> bitmaps = (List<Object>) header(event).get(headerField);
        for (Object b : bitmaps) {
            String s = b.toString();
            assertThat(s).startsWith("0x");
            BigInteger bits = new BigInteger(s.substring(2), 16);
            for (Schema.Field f : event.getSchema().getFields()) {
                if (bits.testBit(f.pos())) {
                    names.add(f.name());
                }
            }
        }
        return names;
    }

    static List<String> recordIds(GenericRecord event) {
        List<String> ids = new ArrayList<>();
        ((List<?>) header(event).get("recordIds")).forEach(o -> ids.add(o.toString()));
        return ids;
    }

    static long seq(ByteString replayId) {
        return replayId.asReadOnlyByteBuffer().getLong();
    }

}
