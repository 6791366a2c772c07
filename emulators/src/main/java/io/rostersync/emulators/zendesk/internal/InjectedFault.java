package io.rostersync.emulators.zendesk.internal;

import java.time.Duration;

/** One scripted failure of a response (what {@code ZendeskFault} stands for). */
public record InjectedFault(Kind kind, int status, Duration delay, int retryAfterSeconds) {

    /** What goes wrong. */
    public enum Kind {
        /** An error status with a Zendesk error body. */
        STATUS,
        /** The real response, the connection shut down in its body. */
        DROP_CONNECTION,
        /** A 200 with cut-off JSON. */
        MALFORMED_JSON,
        /** The real response after a delay. */
        SLOW,
        /** A users page that says more follow without a next link. */
        TRUNCATED_PAGE,
        /** 429 with {@code Retry-After}. */
        RATE_LIMITED
    }
}
