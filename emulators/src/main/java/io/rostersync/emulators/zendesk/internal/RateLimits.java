package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import mockwebserver3.MockResponse;

/**
 * The account-wide and incremental-export limits, counted per window (a minute unless configured) of the
 * emulator's clock and answered with 429, {@code APIRateLimitExceeded} and {@code Retry-After} up to the next window.
 */
final class RateLimits {

    private final ZendeskStore clock;
    private final int accountPerMinute;
    private final int incrementalPerMinute;
    private final long windowSeconds;
    private long window = Long.MIN_VALUE;
    private int accountInWindow;
    private int incrementalInWindow;
    private int refused;

    RateLimits(ZendeskStore clock, int accountPerMinute, int incrementalPerMinute, long windowSeconds) {
        this.windowSeconds = windowSeconds;
        this.clock = clock;
        this.accountPerMinute = accountPerMinute;
        this.incrementalPerMinute = incrementalPerMinute;
    }

    /** Counts the request; the 429 if it is over a limit. */
    Optional<MockResponse> check(boolean incremental) {
        long now = clock.now().getEpochSecond();
        long minute = Math.floorDiv(now, windowSeconds);
        if (minute != window) {
            window = minute;
            accountInWindow = 0;
            incrementalInWindow = 0;
        }
        int retryAfter = (int) (windowSeconds - Math.floorMod(now, windowSeconds));
        if (accountPerMinute > 0 && ++accountInWindow > accountPerMinute) {
            return Optional.of(tooMany(retryAfter, "account"));
        }
        if (incremental && incrementalPerMinute > 0 && ++incrementalInWindow > incrementalPerMinute) {
            return Optional.of(tooMany(retryAfter, "incremental export"));
        }
        return Optional.empty();
    }

    /** Requests refused by a limit since the last {@link #resetCount()}. */
    int refusedCount() {
        return refused;
    }

    void resetCount() {
        refused = 0;
    }

    private MockResponse tooMany(int retryAfter, String which) {
        refused++;
        ObjectNode body = obj("error", "APIRateLimitExceeded");
        body.put("description", "Number of allowed " + which + " API requests per minute exceeded");
        return json(429, body).newBuilder().setHeader("Retry-After", Integer.toString(retryAfter)).build();
    }
}
