package io.rostersync.http;

import java.time.Duration;

/**
 * Hears what the providers' API calls do, for metrics: every attempt's answer and every wait before one
 * (requests for an OAuth2 token are not among them). Set it with {@link HttpSettings.Builder#listener}; every
 * provider built from the settings (and from settings derived from them) calls it. Every method has an empty
 * default.
 *
 * <p>Called on the thread making the call, so it must be quick and thread-safe. Whatever it throws is
 * logged and ignored: a listener never changes the outcome of a call. {@code vendor} is the provider's
 * vendor name ({@code zendesk}, {@code talkdesk}, {@code talkdesk-scim}, {@code salesforce}, a SCIM
 * directory's name); nothing here carries a URL, a header, a body or anything else from a request.
 *
 * @since 0.1.0
 */
public interface HttpListener {

    /** Why a call waited before an attempt. */
    enum Wait {
        /** The backoff before a retry, or the vendor's {@code Retry-After}. */
        RETRY,
        /** Waiting for a permit of a client-side {@link RateLimit}. */
        RATE_LIMIT
    }

    /**
     * An attempt got an answer, whatever its status (a 401 answered before credentials are refreshed, a 429,
     * a 5xx that is retried: each attempt is one call).
     *
     * @param vendor the provider's vendor name
     * @param status the HTTP status
     */
    default void responded(String vendor, int status) {
    }

    /**
     * An attempt got no answer: a connection failure, a reset or a timeout.
     *
     * @param vendor the provider's vendor name
     */
    default void failedWithoutResponse(String vendor) {
    }

    /**
     * A call waited before an attempt.
     *
     * @param vendor the provider's vendor name
     * @param reason why it waited
     * @param time   how long: the backoff asked of the {@link Sleeper} for a retry, the time spent waiting for
     *               a permit for a rate limit
     */
    default void waited(String vendor, Wait reason, Duration time) {
    }

    /**
     * A listener that ignores everything; the default.
     *
     * @return the listener
     */
    static HttpListener none() {
        return new HttpListener() {
        };
    }
}
