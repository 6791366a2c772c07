package io.rostersync.emulators;

import io.rostersync.emulators.internal.EmulatorEngine;
import io.rostersync.emulators.internal.VendorHooks;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;

/**
 * A tiny vendor on the shared engine, for testing the engine itself: {@code GET /items} lists item names
 * two per page ({@code ?page=N}), {@code POST /items/batch} takes names one per line, {@code POST /token}
 * issues a token. Its "directory" is the base URI as text.
 */
final class ItemsEmulator implements Emulator<String> {

    static final Route ITEMS = Route.of("GET", "/items");
    static final Route BATCH = Route.of("POST", "/items/batch");
    static final Route TOKEN = Route.of("POST", "/token");

    final List<String> items = new CopyOnWriteArrayList<>(List.of("ada", "bob", "cy", "dee", "eve"));
    private final EmulatorEngine engine;

    private ItemsEmulator(boolean batches) {
        engine = new EmulatorEngine("items emulator", new VendorHooks() {
            @Override
            public MockResponse serve(mockwebserver3.RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (ITEMS.matches(request.getMethod(), path)) {
                    String p = request.getUrl().queryParameter("page");
                    int page = p == null ? 0 : Integer.parseInt(p);
                    List<String> all = new ArrayList<>(items);
                    List<String> slice = all.subList(Math.min(all.size(), page * 2), Math.min(all.size(), page * 2 + 2));
                    return page(slice, all.size());
                }
                if (BATCH.matches(request.getMethod(), path)) {
                    return json(200, "{\"results\":[" + request.getBody().utf8().lines()
                            .map(n -> "{\"item\":\"" + n + "\",\"ok\":true}").collect(Collectors.joining(",")) + "]}");
                }
                if (TOKEN.matches(request.getMethod(), path)) {
                    return json(200, "{\"access_token\":\"tok-1\",\"expires_in\":3600}");
                }
                return error(404, "no such route");
            }

            @Override
            public MockResponse error(int status, String detail) {
                return json(status, "{\"error\":{\"status\":" + status + ",\"detail\":\"" + detail + "\"}}");
            }

            @Override
            public MockResponse tokenExpired(mockwebserver3.RecordedRequest request) {
                return json(401, "{\"error\":\"invalid_token\"}").newBuilder()
                        .setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
            }

            @Override
            public List<Route> listRoutes() {
                return List.of(ITEMS);
            }

            @Override
            public MockResponse emptyList(mockwebserver3.RecordedRequest request) {
                return page(List.of(), 0);
            }

            @Override
            public List<Route> batchRoutes() {
                return batches ? List.of(BATCH) : List.of();
            }

            @Override
            public MockResponse partialBatchFailure(mockwebserver3.RecordedRequest request, Fault.PartialBatchFailure fault) {
                return json(200, "{\"results\":[" + request.getBody().utf8().lines()
                        .map(n -> fault.failingItems().contains(n)
                                ? "{\"item\":\"" + n + "\",\"ok\":false,\"error\":\"" + fault.error() + "\"}"
                                : "{\"item\":\"" + n + "\",\"ok\":true}")
                        .collect(Collectors.joining(",")) + "]}");
            }
        });
    }

    static ItemsEmulator start() {
        return start(true);
    }

    static ItemsEmulator start(boolean batches) {
        ItemsEmulator e = new ItemsEmulator(batches);
        e.engine.start();
        return e;
    }

    private static MockResponse page(List<String> names, int total) {
        return json(200, "{\"items\":[" + names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","))
                + "],\"total\":" + total + "}");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    URI uri(String pathAndQuery) {
        return baseUri().resolve(pathAndQuery);
    }

    @Override
    public URI baseUri() {
        return engine.uri("/");
    }

    @Override
    public String directory() {
        return baseUri().toString();
    }

    @Override
    public FaultPlan faults() {
        return engine.faults();
    }

    @Override
    public RecordedRequest takeRequest() {
        return engine.takeRequest();
    }

    @Override
    public Optional<RecordedRequest> takeRequest(Duration timeout) {
        return engine.takeRequest(timeout);
    }

    @Override
    public List<RecordedRequest> requests() {
        return engine.requests();
    }

    @Override
    public int requestCount() {
        return engine.requestCount();
    }

    @Override
    public void close() {
        engine.close();
    }
}
