package io.rostersync.examples.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the application's Actuator over real HTTP, keeping every body it received so a test can check them all. */
final class ActuatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final List<String> bodies = new ArrayList<>();

    ActuatorClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port + "/actuator/");
    }

    /** A GET that must answer 200 with JSON. */
    JsonNode get(String path) {
        return json(send(HttpRequest.newBuilder(base.resolve(path)).GET()), path);
    }

    /** A POST with a JSON body (a write operation) that must answer 200 with JSON. */
    JsonNode post(String path, String body) {
        return json(send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))), path);
    }

    /** Every body received so far. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            bodies.add(response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(path + " answered no JSON: " + response.body(), e);
        }
    }
}
