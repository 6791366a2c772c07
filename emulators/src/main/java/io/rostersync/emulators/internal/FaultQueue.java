package io.rostersync.emulators.internal;

import io.rostersync.emulators.scim.EmulatorFaults;
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
 * The fault plan behind {@link EmulatorFaults}: the scripted faults in order, and the means for an
 * emulator to apply them to a response. Thread-safe.
 */
public final class FaultQueue implements EmulatorFaults {

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

    @Override
    public EmulatorFaults failNext(int times, int status) {
        return failNext("", times, status);
    }

    @Override
    public EmulatorFaults failNext(String pathPrefix, int times, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx");
        }
        return add(new Fault(Kind.STATUS, pathPrefix, times, status, Duration.ZERO));
    }

    @Override
    public EmulatorFaults rateLimitNext(int times, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        return add(new Fault(Kind.RATE_LIMIT, "", times, retryAfterSeconds, Duration.ZERO));
    }

    @Override
    public EmulatorFaults dropConnectionNext(String pathPrefix, int times) {
        return add(new Fault(Kind.DROP, pathPrefix, times, 200, Duration.ZERO));
    }

    @Override
    public EmulatorFaults dropConnectionNext(int times) {
        return dropConnectionNext("", times);
    }

    @Override
    public EmulatorFaults malformedNext(String pathPrefix, int times) {
        return add(new Fault(Kind.MALFORMED, pathPrefix, times, 200, Duration.ZERO));
    }

    @Override
    public EmulatorFaults slowNext(String pathPrefix, int times, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return add(new Fault(Kind.SLOW, pathPrefix, times, 200, delay));
    }

    @Override
    public synchronized EmulatorFaults truncateNextList() {
        truncateNextList = true;
        return this;
    }

    /**
     * Whether the list response being built is to be cut short. Call it only for a response that has more
     * users to give; it consumes the fault.
     */
    public synchronized boolean takeListTruncation() {
        boolean due = truncateNextList;
        truncateNextList = false;
        return due;
    }

    @Override
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
     * The response that replaces the normal one for a request to
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

    /** A response with a SCIM content type. */
    public static MockResponse.Builder json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/scim+json").body(body);
    }
}
