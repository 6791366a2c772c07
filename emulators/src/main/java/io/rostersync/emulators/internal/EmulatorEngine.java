package io.rostersync.emulators.internal;

import io.rostersync.emulators.Fault;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The engine every emulator's server goes through: it records each request (secrets masked), takes the
 * first planned fault for its route, and applies it to the response; without a fault the vendor serves the
 * request normally. One instance per emulator; thread-safe.
 */
public final class EmulatorEngine {

    /** IMF-fixdate, the preferred HTTP date form (RFC 9110 5.6.7). */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The body of a {@link Fault.MalformedBody}: an HTML error page where JSON was expected. */
    static final String MALFORMED = "<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>";

    private final String name;
    private final VendorHooks vendor;
    private final FaultSchedule faults;
    private final List<RecordedRequest> recorded = new ArrayList<>();
    private final LinkedBlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
    private final boolean recording;
    private int received;
    private @Nullable MockWebServer server;
    private boolean closed;

    /**
     * An engine that keeps every request.
     *
     * @param name the emulator's name for messages, e.g. {@code "SCIM emulator"}
     * @param vendor the vendor's hooks
     */
    public EmulatorEngine(String name, VendorHooks vendor) {
        this(name, vendor, true);
    }

    /**
     * @param name the emulator's name for messages, e.g. {@code "SCIM emulator"}
     * @param vendor the vendor's hooks
     * @param recording whether requests are kept for {@link #requests()} and {@link #takeRequest()}; without,
     *     they are only counted (a long benchmark's requests would fill the heap)
     */
    public EmulatorEngine(String name, VendorHooks vendor, boolean recording) {
        this.name = name;
        this.vendor = vendor;
        this.recording = recording;
        this.faults = new FaultSchedule(name, vendor.listRoutes(), vendor.batchRoutes(), vendor.tokenRoutes());
    }

    /** Starts the server on 127.0.0.1 (once; later calls return the running one). */
    public synchronized MockWebServer start() {
        if (closed) {
            throw new IllegalStateException("the " + name + " was closed; start a new one");
        }
        MockWebServer s = server;
        if (s == null) {
            s = LoopbackServer.start(new EngineDispatcher(), name);
            server = s;
        }
        return s;
    }

    /** Whether the server is running. */
    public synchronized boolean started() {
        return server != null;
    }

    /** The URI of {@code path} on the running server. */
    public URI uri(String path) {
        MockWebServer s;
        synchronized (this) {
            s = server;
        }
        if (s == null) {
            throw new IllegalStateException("the " + name + " is not running: start it first");
        }
        return s.url(path).uri();
    }

    /** Stops the server; idempotent. */
    public void close() {
        MockWebServer s;
        synchronized (this) {
            closed = true;
            s = server;
            server = null;
        }
        if (s != null) {
            s.close();
        }
    }

    /** The emulator's fault plan. */
    public FaultPlan faults() {
        return faults;
    }

    /** The oldest request not yet taken, waiting up to 10 seconds. */
    public RecordedRequest takeRequest() {
        return takeRequest(Duration.ofSeconds(10))
                .orElseThrow(() -> new IllegalStateException("no request arrived at the " + name + " within 10 s"));
    }

    /** The oldest request not yet taken, waiting up to {@code timeout}. */
    public Optional<RecordedRequest> takeRequest(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout is not negative; got " + timeout);
        }
        try {
            return Optional.ofNullable(untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request to the " + name, e);
        }
    }

    /** Every request so far, in arrival order. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    /** How many requests arrived so far. */
    public synchronized int requestCount() {
        return received;
    }

    /** Records, fault-plans and serves one request. */
    MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        Optional<Fault> due;
        if (recording) {
            RecordedRequest r;
            synchronized (this) {
                r = Masking.record(received++, request);
                recorded.add(r);
            }
            untaken.add(r);
            due = faults.take(r.method(), r.path());
        } else {
            synchronized (this) {
                received++;
            }
            due = faults.take(request.getMethod() == null ? "" : request.getMethod(), request.getUrl().encodedPath());
        }
        return vendor.finish(due.isEmpty() ? vendor.serve(request) : apply(due.get(), request));
    }

    private MockResponse apply(Fault fault, mockwebserver3.RecordedRequest request) {
        if (fault instanceof Fault.Status s) {
            MockResponse.Builder b = vendor.error(request, s.status(), "injected fault: status " + s.status()).newBuilder();
            s.retryAfter().ifPresent(ra -> b.setHeader("Retry-After", retryAfter(ra)));
            return b.build();
        }
        if (fault instanceof Fault.ResetMidBody) {
            MockResponse normal = vendor.serve(request);
            return bodyBytes(normal).size() == 0
                    ? normal.newBuilder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build()
                    : normal.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
        }
        if (fault instanceof Fault.SlowBody s) {
            return vendor.serve(request).newBuilder().bodyDelay(s.delay().toNanos(), TimeUnit.NANOSECONDS).build();
        }
        if (fault instanceof Fault.TrickledBody t) {
            return vendor.serve(request).newBuilder()
                    .throttleBody(t.bytesPerChunk(), t.pause().toNanos(), TimeUnit.NANOSECONDS).build();
        }
        if (fault instanceof Fault.MalformedBody) {
            return new MockResponse.Builder().code(200).setHeader("Content-Type", vendor.jsonContentType())
                    .body(MALFORMED).build();
        }
        if (fault instanceof Fault.TruncatedBody) {
            MockResponse normal = vendor.serve(request);
            String text = bodyBytes(normal).readUtf8();
            String cut = text.length() < 2 ? "{\"" : text.substring(0, text.length() / 2);
            MockResponse.Builder b = normal.newBuilder().code(200).removeHeader("Content-Length").body(cut);
            if (normal.getHeaders().get("Content-Type") == null) {
                b.setHeader("Content-Type", vendor.jsonContentType());
            }
            return b.build();
        }
        if (fault instanceof Fault.EmptyList) {
            return vendor.emptyList(request);
        }
        if (fault instanceof Fault.ListChangedBetweenPages c) {
            MockResponse page = vendor.serve(request);
            c.change().run();
            return page;
        }
        if (fault instanceof Fault.TokenExpired) {
            return vendor.tokenExpired(request);
        }
        if (fault instanceof Fault.PartialBatchFailure p) {
            return vendor.partialBatchFailure(request, p);
        }
        throw new IllegalStateException("unknown fault " + fault);
    }

    /** The header value of a {@code Retry-After}. */
    static String retryAfter(Fault.RetryAfter ra) {
        if (ra instanceof Fault.RetryAfter.Seconds s) {
            return Long.toString(s.seconds());
        }
        return HTTP_DATE.format(((Fault.RetryAfter.HttpDate) ra).at());
    }

    private static Buffer bodyBytes(MockResponse response) {
        Buffer buffer = new Buffer();
        MockResponseBody body = response.getBody();
        if (body != null) {
            try {
                body.writeTo(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return buffer;
    }

    private final class EngineDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
            return EmulatorEngine.this.dispatch(request);
        }
    }
}
