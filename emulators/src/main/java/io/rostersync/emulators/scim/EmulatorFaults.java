package io.rostersync.emulators.scim;

import java.time.Duration;

/**
 * Faults an emulator injects into its next responses, for testing how a client copes: error statuses,
 * 429 with {@code Retry-After}, a connection dropped in the middle of the body, a body that is not JSON,
 * a slow body, a list cut short. Each fault applies to a number of upcoming requests whose path starts
 * with a prefix ({@code ""} for any), in the order the faults were added; a request takes the first
 * pending fault whose prefix matches it, so faults for different paths do not wait for each other.
 *
 * <p>Obtained from {@link ScimEmulator#faults()} or the Talkdesk emulator's {@code faults()}; not meant to
 * be implemented outside the emulators. Every method returns this plan, for chaining. Thread-safe: faults
 * may be added while the emulator serves requests.
 *
 * <pre>{@code
 * emulator.faults().failNext("/scim/v2/Users", 2, 503);   // the next two SCIM user calls get 503
 * emulator.faults().dropConnectionNext(1);                 // then one response is cut mid-body
 * }</pre>
 */
public interface EmulatorFaults {

    /**
     * The next {@code times} requests, to any path, answer {@code status} with a SCIM-style error body.
     *
     * @param times how many requests, at least 1
     * @param status a 4xx or 5xx status
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1 or {@code status} is not 4xx or 5xx
     */
    EmulatorFaults failNext(int times, int status);

    /**
     * The next {@code times} requests under {@code pathPrefix} answer {@code status} with a SCIM-style
     * error body.
     *
     * @param pathPrefix the start of the request paths it applies to, e.g. {@code "/scim/v2/Users"};
     *     {@code ""} for any
     * @param times how many requests, at least 1
     * @param status a 4xx or 5xx status
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1 or {@code status} is not 4xx or 5xx
     */
    EmulatorFaults failNext(String pathPrefix, int times, int status);

    /**
     * The next {@code times} requests, to any path, answer 429 with {@code Retry-After} in seconds.
     *
     * @param times how many requests, at least 1
     * @param retryAfterSeconds the {@code Retry-After} value, not negative
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1 or {@code retryAfterSeconds} is negative
     */
    EmulatorFaults rateLimitNext(int times, int retryAfterSeconds);

    /**
     * The next {@code times} responses under {@code pathPrefix} send their headers and then shut the
     * connection down in the middle of the body.
     *
     * @param pathPrefix the start of the request paths it applies to; {@code ""} for any
     * @param times how many responses, at least 1
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1
     */
    EmulatorFaults dropConnectionNext(String pathPrefix, int times);

    /**
     * The next {@code times} responses, to any path, are cut off in the middle of the body.
     *
     * @param times how many responses, at least 1
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1
     */
    EmulatorFaults dropConnectionNext(int times);

    /**
     * The next {@code times} requests under {@code pathPrefix} get a 200 whose body is truncated JSON.
     *
     * @param pathPrefix the start of the request paths it applies to; {@code ""} for any
     * @param times how many requests, at least 1
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1
     */
    EmulatorFaults malformedNext(String pathPrefix, int times);

    /**
     * The next {@code times} responses under {@code pathPrefix} hold their body back for {@code delay}
     * after the headers.
     *
     * @param pathPrefix the start of the request paths it applies to; {@code ""} for any
     * @param times how many responses, at least 1
     * @param delay how long the body waits
     * @return this plan
     * @throws IllegalArgumentException if {@code times} is below 1
     */
    EmulatorFaults slowNext(String pathPrefix, int times, Duration delay);

    /**
     * The next list response that has more users to give comes back cut short, as the emulator defines it
     * (SCIM: an empty page while {@code totalResults} says more follow; Talkdesk REST: a page that says more
     * follow but has no next link). Pending until a list has more to give. The emulators' own
     * {@code truncateNext…} methods set this.
     *
     * @return this plan
     */
    EmulatorFaults truncateNextList();

    /** Forgets every pending fault, a pending list truncation included. */
    void clear();
}
