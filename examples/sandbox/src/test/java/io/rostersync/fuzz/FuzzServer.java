package io.rostersync.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * A loopback server that stands between a provider and its vendor. While recording it forwards every
 * request to an emulator and keeps the JSON it answers (with the emulator's origin rewritten to this
 * server's, so links and {@code instance_url} come back here); while fuzzing it answers every API
 * request with a seeded mutation of a recorded or sample body for that path. Token requests are always
 * answered with the recorded token, so the fuzz lands on the read path. After a few requests in one
 * case it answers 503 so a mutated "next" link cannot page for ever.
 */
final class FuzzServer implements AutoCloseable {

    private static final int REQUESTS_PER_CASE = 6;

    private final MockWebServer server = new MockWebServer();
    private final HttpClient forwarder = HttpClient.newHttpClient();
    private final Predicate<String> isTokenPath;
    private final Map<String, List<String>> seedsByPath = new LinkedHashMap<>();
    private final List<String> allSeeds = new ArrayList<>();
    private final Map<JsonMutator.Kind, Integer> kindsServed = new EnumMap<>(JsonMutator.Kind.class);
    private final String origin;
    private String tokenBody = "{\"access_token\":\"fuzz-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private URI recordingFrom = URI.create("http://127.0.0.1:1");
    private boolean recording;
    private Random random = new Random(0);
    private int requestsThisCase;
    private int requestsServed;

    FuzzServer(Predicate<String> isTokenPath) {
        this.isTokenPath = isTokenPath;
        server.setServerSocketFactory(new io.rostersync.emulators.internal.NoDelayServerSockets());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        origin = "http://127.0.0.1:" + server.getPort();
    }

    /** This server's origin, {@code http://127.0.0.1:port}. */
    String origin() {
        return origin;
    }

    /** From now on, forwards to the emulator at {@code emulatorOrigin} and records what it answers. */
    synchronized void recordFrom(URI emulatorOrigin) {
        recordingFrom = emulatorOrigin;
        recording = true;
    }

    /** From now on, answers with mutations. */
    synchronized void fuzz() {
        recording = false;
    }

    /** Adds seed bodies for requests whose path ends with {@code pathSuffix}. */
    synchronized void seeds(String pathSuffix, List<String> bodies) {
        seedsByPath.computeIfAbsent(pathSuffix, k -> new ArrayList<>()).addAll(bodies);
        allSeeds.addAll(bodies);
    }

    /** Starts one case: its mutations come from this seed. */
    synchronized void startCase(long seed) {
        random = new Random(seed);
        requestsThisCase = 0;
    }

    synchronized int seedCount() {
        return allSeeds.size();
    }

    synchronized int requestsServed() {
        return requestsServed;
    }

    synchronized Map<JsonMutator.Kind, Integer> kindsServed() {
        return new EnumMap<>(kindsServed);
    }

    private synchronized MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (recording) {
            return forward(request, path);
        }
        if (isTokenPath.test(path)) {
            return json(200, tokenBody);
        }
        requestsServed++;
        if (++requestsThisCase > REQUESTS_PER_CASE) {
            return json(503, "{}");
        }
        List<String> seeds = seedsFor(path);
        if (seeds.isEmpty()) {
            return json(404, "{}");
        }
        JsonMutator.Mutation m = JsonMutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
        kindsServed.merge(m.kind(), 1, Integer::sum);
        return json(200, m.body());
    }

    private List<String> seedsFor(String path) {
        String best = null;
        for (String suffix : seedsByPath.keySet()) {
            if (path.endsWith(suffix) && (best == null || suffix.length() > best.length())) {
                best = suffix;
            }
        }
        return best == null ? allSeeds : seedsByPath.get(best);
    }

    private MockResponse forward(RecordedRequest request, String path) {
        String query = request.getUrl().encodedQuery();
        URI to = URI.create(recordingFrom.toString().replaceAll("/+$", "") + path + (query == null ? "" : "?" + query));
        ByteString body = request.getBody();
        HttpRequest.Builder b = HttpRequest.newBuilder(to)
                .method(request.getMethod(), body == null || body.size() == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        for (String header : List.of("Authorization", "Content-Type", "Accept")) {
            String value = request.getHeaders().get(header);
            if (value != null) {
                b.header(header, value);
            }
        }
        try {
            HttpResponse<String> r = forwarder.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String text = r.body().replace(recordingFrom.toString().replaceAll("/+$", ""), origin);
            if (r.statusCode() == 200 && !text.isBlank()) {
                if (isTokenPath.test(path)) {
                    tokenBody = text;
                } else {
                    seedsByPath.computeIfAbsent(path, k -> new ArrayList<>()).add(text);
                    allSeeds.add(text);
                }
            }
            return json(r.statusCode(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
