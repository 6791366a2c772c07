package io.rostersync.emulators.zendesk;

import io.rostersync.emulators.zendesk.internal.InjectedFault;
import java.time.Duration;
import java.util.Objects;

/**
 * A failure the {@link ZendeskEmulator} injects into its next responses of an endpoint, see
 * {@link ZendeskEmulator#inject(String, ZendeskFault, int)}. Immutable.
 */
public final class ZendeskFault {

    private final InjectedFault spec;

    private ZendeskFault(InjectedFault.Kind kind, int status, Duration delay, int retryAfterSeconds) {
        this.spec = new InjectedFault(kind, status, delay, retryAfterSeconds);
    }

    /** What the emulator applies. */
    InjectedFault spec() {
        return spec;
    }

    /**
     * An error status with a Zendesk-style error body, e.g. 500, 502, 503 (or any 4xx).
     *
     * @param status a 4xx or 5xx status
     * @return the fault
     * @throws IllegalArgumentException if the status is not 4xx or 5xx
     */
    public static ZendeskFault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an injected status must be 4xx or 5xx");
        }
        return new ZendeskFault(InjectedFault.Kind.STATUS, status, Duration.ZERO, 0);
    }

    /**
     * The real 200 response, but the connection is shut down while its body is sent.
     *
     * @return the fault
     */
    public static ZendeskFault droppedConnection() {
        return new ZendeskFault(InjectedFault.Kind.DROP_CONNECTION, 200, Duration.ZERO, 0);
    }

    /**
     * A 200 whose body is cut-off JSON.
     *
     * @return the fault
     */
    public static ZendeskFault malformedJson() {
        return new ZendeskFault(InjectedFault.Kind.MALFORMED_JSON, 200, Duration.ZERO, 0);
    }

    /**
     * The real response, sent only after {@code delay} (a client with a shorter timeout gives up).
     *
     * @param delay how long the body waits
     * @return the fault
     */
    public static ZendeskFault slowResponse(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new ZendeskFault(InjectedFault.Kind.SLOW, 200, delay, 0);
    }

    /**
     * A users list page that says {@code has_more: true} but carries no next link.
     *
     * @return the fault
     */
    public static ZendeskFault truncatedPage() {
        return new ZendeskFault(InjectedFault.Kind.TRUNCATED_PAGE, 200, Duration.ZERO, 0);
    }

    /**
     * 429 with {@code Retry-After: retryAfterSeconds}, as if a rate limit were hit.
     *
     * @param retryAfterSeconds the {@code Retry-After} value in seconds, not negative
     * @return the fault
     * @throws IllegalArgumentException if {@code retryAfterSeconds} is negative
     */
    public static ZendeskFault rateLimited(int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
        return new ZendeskFault(InjectedFault.Kind.RATE_LIMITED, 429, Duration.ZERO, retryAfterSeconds);
    }

    @Override
    public String toString() {
        return "ZendeskFault[" + spec.kind() + (spec.kind() == InjectedFault.Kind.STATUS ? " " + spec.status() : "") + "]";
    }
}
