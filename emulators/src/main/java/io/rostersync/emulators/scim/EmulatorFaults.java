package io.rostersync.emulators.scim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * Faults an emulator injects into its next responses, for testing how a client copes: error statuses,
 * 429 with {@code Retry-After}, a connection dropped in the middle of the body, a body that is not JSON,
 * a slow body. Each fault applies to a number of upcoming requests whose path starts with a prefix
 * ({@code ""} for any), in the order the faults were added. Thread-safe.
 *
 * <pre>{@code
 * emulator.faults().failNext("/scim/v2/Users", 2, 503);   // the next two SCIM user calls get 503
 * emulator.faults().dropConnectionNext(1);                 // then one response is cut mid-body
 * }</pre>
 */
public final class EmulatorFaults {

    private enum Kind { STATUS, RATE_LIMIT, DROP, MALFORMED, SLOW }

    private static final class Fault {
        final Kind kind;
        final String pathPrefix;
        int remaining;
        final int status;
        final Duration delay;

        Fault(Kind kind, String pathPrefix, int times, int status, Duration delay) {
            this.kind = kind;
            this.pathPrefix = pathPrefix;
            this.remaining = times;
            this.status = status;
            this.delay = delay;
        }
    }

    private final Deque<Fault> pending = new ArrayDeque<>();
    private boolean truncateNextList;

    /** The next {@code times} requests answer {@code status} with a SCIM-style error body. */
    public EmulatorFaults failNext(int times, int status) {
        return failNext("", times, status);
    }

    /** The next {@code times} requests under {@code pathPrefix} answer {@code status}. */
    public EmulatorFaults failNext(String pathPrefix, int times, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx");
        }
        return add(new Fault(Kind.STATUS, pathPrefix, times, status, Duration.ZERO));
    }

    /** The next {@code times} requests answer 429 with {@code Retry-After: retryAfterSeconds}. */
    public EmulatorFaults rateLimitNext(int times, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        return add(new Fault(Kind.RATE_LIMIT, "", times, retryAfterSeconds, Duration.ZERO));
    }

    /** The next {@code times} responses under {@code pathPrefix} are cut off in the middle of the body. */
    public EmulatorFaults dropConnectionNext(String pathPrefix, int times) {
        return add(new Fault(Kind.DROP, pathPrefix, times, 200, Duration.ZERO));
    }

    /** The next {@code times} responses are cut off in the middle of the body. */
    public EmulatorFaults dropConnectionNext(int times) {
        return dropConnectionNext("", times);
    }

    /** The next {@code times} requests under {@code pathPrefix} get a 200 whose body is not JSON. */
    public EmulatorFaults malformedNext(String pathPrefix, int times) {
        return add(new Fault(Kind.MALFORMED, pathPrefix, times, 200, Duration.ZERO));
    }

    /** The next {@code times} responses under {@code pathPrefix} hold their body back for {@code delay}. */
    public EmulatorFaults slowNext(String pathPrefix, int times, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return add(new Fault(Kind.SLOW, pathPrefix, times, 200, delay));
    }

    /**
     * The next list response that has more users to give comes back cut short, as the emulator defines it
     * (SCIM: an empty page while {@code totalResults} says more follow; Talkdesk REST: a page that says more
     * follow but has no next link). The emulators' own {@code truncateNext…} methods set this.
     */
    public synchronized EmulatorFaults truncateNextList() {
        truncateNextList = true;
        return this;
    }

    /**
     * For emulator implementations: whether the list response being built is to be cut short. Call it only
     * for a response that has more users to give; it consumes the fault.
     */
    public synchronized boolean takeListTruncation() {
        boolean due = truncateNextList;
        truncateNextList = false;
        return due;
    }

    /** Forgets every pending fault, a pending list truncation included. */
    public synchronized void clear() {
        pending.clear();
        truncateNextList = false;
    }

    private synchronized EmulatorFaults add(Fault fault) {
        Objects.requireNonNull(fault.pathPrefix, "pathPrefix");
        if (fault.remaining < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        pending.addLast(fault);
        return this;
    }

    /**
     * For emulator implementations: the response that replaces the normal one for a request to
     * {@code path}, if a fault is due. {@code normal} builds the normal response when the fault only
     * alters its delivery (dropped connection, slow body).
     */
    public Optional<MockResponse> apply(String path, java.util.function.Supplier<MockResponse> normal) {
        Fault due = null;
        synchronized (this) {
            for (Iterator<Fault> it = pending.iterator(); it.hasNext(); ) {
                Fault f = it.next();
                if (path.startsWith(f.pathPrefix)) {
                    due = f;
                    if (--f.remaining == 0) {
                        it.remove();
                    }
                    break;
                }
            }
        }
        if (due == null) {
            return Optional.empty();
        }
        switch (due.kind) {
            case STATUS:
                return Optional.of(json(due.status, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"" + due.status + "\",\"detail\":\"injected fault\"}").build());
            case RATE_LIMIT:
                return Optional.of(json(429, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"429\",\"detail\":\"Too many requests\"}")
                        .setHeader("Retry-After", String.valueOf(due.status)).build());
            case DROP:
                return Optional.of(new MockResponse.Builder(normal.get())
                        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
            case MALFORMED:
                return Optional.of(json(200, "{\"Resources\": [ {\"id\": ").build());
            case SLOW:
                return Optional.of(new MockResponse.Builder(normal.get())
                        .bodyDelay(due.delay.toMillis(), TimeUnit.MILLISECONDS).build());
            default:
                return Optional.empty();
        }
    }

    static MockResponse.Builder json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/scim+json").body(body);
    }
}
