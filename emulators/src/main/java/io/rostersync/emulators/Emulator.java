package io.rostersync.emulators;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running vendor emulator on 127.0.0.1, started by the vendor's {@code XEmulator.start()} or
 * {@code XEmulator.builder()...start()}; closing it stops the server.
 *
 * <p>A test scripts it (seeds users, plans faults through {@link #faults()}), exercises the code under test
 * against {@link #baseUri()} or a directory built from {@link #directory()}, then verifies what the
 * emulator received with {@link #takeRequest()} or {@link #requests()}.
 *
 * <p>Thread-safe: requests may arrive concurrently, and a test may plan faults and read recorded requests
 * while the emulator serves.
 *
 * @param <B> the builder of the vendor's directory that {@link #directory()} hands out
 */
public interface Emulator<B> extends AutoCloseable {

    /**
     * The base URI of the emulated vendor API on 127.0.0.1.
     *
     * @return the base URI, e.g. {@code http://127.0.0.1:41234/scim/v2}
     */
    URI baseUri();

    /**
     * A new builder of the vendor's directory, already pointed at this emulator with working credentials
     * and test-friendly HTTP settings (short retries), so {@code emulator.directory().build()} works. Each
     * call returns a fresh builder that the caller may change further.
     *
     * @return a new directory builder
     */
    B directory();

    /**
     * The faults planned for this emulator's next responses, per route.
     *
     * @return the fault plan, live: faults planned through it apply to the next matching requests
     */
    FaultPlan faults();

    /**
     * The oldest request not yet taken, waiting up to 10 seconds for one to arrive.
     *
     * @return the request, with secrets masked
     * @throws IllegalStateException if no request arrived within 10 seconds
     */
    RecordedRequest takeRequest();

    /**
     * The oldest request not yet taken, waiting up to {@code timeout} for one to arrive.
     *
     * @param timeout how long to wait, not negative
     * @return the request, or empty if none arrived in time
     */
    Optional<RecordedRequest> takeRequest(Duration timeout);

    /**
     * Every request received so far, in arrival order. Does not consume them: {@link #takeRequest()} still
     * returns each one.
     *
     * @return an immutable snapshot
     */
    List<RecordedRequest> requests();

    /**
     * How many requests this emulator has received.
     *
     * @return the number of requests so far
     */
    int requestCount();

    /** Stops the emulator. Idempotent; a stopped emulator refuses connections. */
    @Override
    void close();
}
