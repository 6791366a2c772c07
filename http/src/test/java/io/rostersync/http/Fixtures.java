package io.rostersync.http;

import io.rostersync.http.internal.VendorErrorParser;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Shared test plumbing: a loopback server, canned responses, a settable clock and a recording sleeper. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * A test parser that reads a code and message from the common top-level and array shapes
     * ({@code error}/{@code code}/{@code errorCode} with {@code description}/{@code message}), so tests can
     * check what ErrorMapper does with whatever a vendor parser finds.
     */
    static final VendorErrorParser COMMON_SHAPES = (body, json) -> {
        if (json != null && json.isArray() && !json.isEmpty()) {
            json = json.get(0);
        }
        return new VendorError(VendorErrorParser.text(json, "error", "errorCode", "code"),
                VendorErrorParser.text(json, "description", "error_description", "message"));
    };

    static MockWebServer startServer() throws IOException {
        MockWebServer server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    static URI baseUri(MockWebServer server) {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse.Builder jsonBuilder(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body);
    }

    /** Retries with tiny, jitter-free backoff so that waits are exact and short. */
    static RetryPolicy fastRetry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records each wait and advances the clock by it instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final MutableClock clock;

        RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock.advance(duration);
        }
    }
}
