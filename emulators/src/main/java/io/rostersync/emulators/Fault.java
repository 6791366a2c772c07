package io.rostersync.emulators;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One fault an emulator applies to one response, planned per {@link Route} through a {@link FaultPlan}.
 * The same vocabulary serves every emulator; each shapes the fault as its vendor would (its error body, what
 * an expired token or a batch looks like). Immutable values, checked when built.
 *
 * <ul>
 *   <li>{@link Status}: a 4xx or 5xx with the vendor's error body, optionally with {@code Retry-After} in
 *       seconds or as an HTTP date.
 *   <li>{@link ResetMidBody}, {@link SlowBody}, {@link TrickledBody}: the normal response, delivered badly.
 *   <li>{@link MalformedBody}, {@link TruncatedBody}: a 200 whose body a client cannot parse.
 *   <li>{@link EmptyList}, {@link ListChangedBetweenPages}: list routes only.
 *   <li>{@link TokenExpired}: 401 as the vendor answers an expired or revoked token.
 *   <li>{@link PartialBatchFailure}: batch routes only.
 * </ul>
 */
public sealed interface Fault {

    /**
     * An error status with the vendor's error body, and a {@code Retry-After} header if one is given.
     *
     * @param status a 4xx or 5xx status
     * @param retryAfter the {@code Retry-After} header to send, if any
     */
    record Status(int status, Optional<RetryAfter> retryAfter) implements Fault {
        /**
         * Checks the status.
         *
         * @throws IllegalArgumentException if the status is not 4xx or 5xx
         */
        public Status {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a fault's status is 4xx or 5xx; got " + status
                        + " (plan a delivery fault such as slowBody for a 200)");
            }
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** The normal response's status and headers, then the connection is cut in the middle of its body. */
    record ResetMidBody() implements Fault {
    }

    /**
     * The normal response, its body sent only after {@code delay} (a client with a shorter read timeout gives up).
     *
     * @param delay how long the body waits after the headers, positive
     */
    record SlowBody(Duration delay) implements Fault {
        /**
         * Checks the delay.
         *
         * @throws IllegalArgumentException if the delay is zero or negative
         */
        public SlowBody {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("a slow body's delay is positive; got " + delay);
            }
        }
    }

    /**
     * The normal response, its body sent {@code bytesPerChunk} bytes at a time with {@code pause} between chunks.
     *
     * @param bytesPerChunk bytes per chunk, at least 1
     * @param pause the pause between chunks, not negative
     */
    record TrickledBody(int bytesPerChunk, Duration pause) implements Fault {
        /**
         * Checks the chunk size and pause.
         *
         * @throws IllegalArgumentException if {@code bytesPerChunk} is below 1 or the pause is negative
         */
        public TrickledBody {
            Objects.requireNonNull(pause, "pause");
            if (bytesPerChunk < 1) {
                throw new IllegalArgumentException("a trickled body sends at least 1 byte per chunk; got " + bytesPerChunk);
            }
            if (pause.isNegative()) {
                throw new IllegalArgumentException("a trickled body's pause is not negative; got " + pause);
            }
        }
    }

    /** A 200 with a JSON content type and a body that is not JSON at all. The request is not processed. */
    record MalformedBody() implements Fault {
    }

    /**
     * A 200 whose body is the normal response's JSON cut short (with a matching {@code Content-Length}, so
     * the HTTP exchange completes and only the JSON is broken). The request is processed as usual.
     */
    record TruncatedBody() implements Fault {
    }

    /** A list page that says there are no users, shaped as the vendor's empty result. List routes only. */
    record EmptyList() implements Fault {
    }

    /**
     * The normal list page, then {@code change} runs before the client can ask for the next page (e.g. it
     * removes or adds a user through the emulator's seeding methods). List routes only.
     *
     * @param change what to do to the emulator's data after this page is built
     */
    record ListChangedBetweenPages(Runnable change) implements Fault {
        /** Checks the change is given. */
        public ListChangedBetweenPages {
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * 401 as the vendor answers an expired or revoked access token. Where the vendor issues tokens, the
     * token the request carried stops working, so the client has to fetch a new one.
     */
    record TokenExpired() implements Fault {
    }

    /**
     * A batch request in which the named items fail with {@code error} and the rest succeed, answered as the
     * vendor reports a partly failed batch. Batch routes only.
     *
     * @param failingItems the items that fail, as the vendor keys them (email, user name or external id)
     * @param error the error the vendor reports for each failing item
     */
    record PartialBatchFailure(Set<String> failingItems, String error) implements Fault {
        /**
         * Checks and copies the items.
         *
         * @throws IllegalArgumentException if no item is named or the error is blank
         */
        public PartialBatchFailure {
            failingItems = Set.copyOf(Objects.requireNonNull(failingItems, "failingItems"));
            Objects.requireNonNull(error, "error");
            if (failingItems.isEmpty()) {
                throw new IllegalArgumentException("a partial batch failure names at least one failing item");
            }
            if (error.isBlank()) {
                throw new IllegalArgumentException("a partial batch failure says what the error is");
            }
        }
    }

    /** The value of a {@code Retry-After} header: a number of seconds or an HTTP date. */
    sealed interface RetryAfter {

        /**
         * {@code Retry-After: <seconds>}.
         *
         * @param seconds the delay in seconds, not negative
         */
        record Seconds(long seconds) implements RetryAfter {
            /**
             * Checks the seconds.
             *
             * @throws IllegalArgumentException if negative
             */
            public Seconds {
                if (seconds < 0) {
                    throw new IllegalArgumentException("Retry-After seconds are not negative; got " + seconds);
                }
            }
        }

        /**
         * {@code Retry-After: <IMF-fixdate>}, e.g. {@code Thu, 03 Dec 2026 14:00:00 GMT}.
         *
         * @param at the instant, sent to the second
         */
        record HttpDate(Instant at) implements RetryAfter {
            /** Truncates the instant to the second an HTTP date can carry. */
            public HttpDate {
                at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.SECONDS);
            }
        }
    }

    /**
     * An error status with the vendor's error body and no {@code Retry-After}.
     *
     * @param status a 4xx or 5xx status
     * @return the fault
     * @throws IllegalArgumentException if the status is not 4xx or 5xx
     */
    static Fault status(int status) {
        return new Status(status, Optional.empty());
    }

    /**
     * An error status with the vendor's error body and a {@code Retry-After} header, e.g. a 503 with a delay.
     *
     * @param status a 4xx or 5xx status
     * @param retryAfter the {@code Retry-After} value
     * @return the fault
     * @throws IllegalArgumentException if the status is not 4xx or 5xx
     */
    static Fault status(int status, RetryAfter retryAfter) {
        return new Status(status, Optional.of(retryAfter));
    }

    /**
     * 429 with {@code Retry-After} in whole seconds (rounded up).
     *
     * @param retryAfter the delay, not negative
     * @return the fault
     * @throws IllegalArgumentException if the delay is negative
     */
    static Fault rateLimited(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("Retry-After is not negative; got " + retryAfter);
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return new Status(429, Optional.of(new RetryAfter.Seconds(seconds)));
    }

    /**
     * 429 with {@code Retry-After} as an HTTP date (IMF-fixdate).
     *
     * @param at when the client may retry
     * @return the fault
     */
    static Fault rateLimitedUntil(Instant at) {
        return new Status(429, Optional.of(new RetryAfter.HttpDate(at)));
    }

    /**
     * The normal response, cut off in the middle of its body.
     *
     * @return the fault
     */
    static Fault resetMidBody() {
        return new ResetMidBody();
    }

    /**
     * The normal response with its body held back for {@code delay}.
     *
     * @param delay how long the body waits, positive
     * @return the fault
     * @throws IllegalArgumentException if the delay is not positive
     */
    static Fault slowBody(Duration delay) {
        return new SlowBody(delay);
    }

    /**
     * The normal response with its body sent in small chunks.
     *
     * @param bytesPerChunk bytes per chunk, at least 1
     * @param pause the pause between chunks, not negative
     * @return the fault
     * @throws IllegalArgumentException if a value is out of range
     */
    static Fault trickledBody(int bytesPerChunk, Duration pause) {
        return new TrickledBody(bytesPerChunk, pause);
    }

    /**
     * A 200 whose body is not JSON.
     *
     * @return the fault
     */
    static Fault malformedBody() {
        return new MalformedBody();
    }

    /**
     * A 200 whose JSON body is cut short.
     *
     * @return the fault
     */
    static Fault truncatedBody() {
        return new TruncatedBody();
    }

    /**
     * A list page with no users. List routes only.
     *
     * @return the fault
     */
    static Fault emptyList() {
        return new EmptyList();
    }

    /**
     * The normal list page, then {@code change} runs before the next page can be asked for. List routes only.
     *
     * @param change what to do to the emulator's data
     * @return the fault
     */
    static Fault listChangedBetweenPages(Runnable change) {
        return new ListChangedBetweenPages(change);
    }

    /**
     * 401 as the vendor answers an expired token.
     *
     * @return the fault
     */
    static Fault tokenExpired() {
        return new TokenExpired();
    }

    /**
     * A batch in which {@code failingItems} fail with {@code error}. Batch routes only.
     *
     * @param failingItems the failing items as the vendor keys them, at least one
     * @param error the error reported for each
     * @return the fault
     * @throws IllegalArgumentException if no item is named or the error is blank
     */
    static Fault partialBatchFailure(Set<String> failingItems, String error) {
        return new PartialBatchFailure(failingItems, error);
    }
}
