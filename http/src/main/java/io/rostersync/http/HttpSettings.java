package io.rostersync.http;

import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.rostersync.http.internal.BackgroundExecutor;
import io.rostersync.http.internal.Checks;
import io.rostersync.http.internal.Resilience;
import io.rostersync.http.internal.SharedLimiters;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How rostersync's providers talk HTTP: the one value every provider builder takes, so that transport,
 * time, retry, client-side limits, timeouts and background work are configured once and the defaults live
 * in one place ({@link #defaults()}). A provider builder keeps only what is specific to its vendor (base
 * URL, account, credentials, vendor options).
 *
 * <pre>{@code
 * HttpSettings http = HttpSettings.builder()
 *         .httpClient(myProxyAwareClient)               // or leave it: one is built per provider
 *         .retryPolicy(RetryPolicy.defaults().withMaxAttempts(6))
 *         .requestTimeout(Duration.ofSeconds(45))
 *         .build();
 * ZendeskDirectory zendesk = ZendeskDirectory.builder().subdomain("acme").apiToken(email, token).http(http).build();
 * TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.EU)
 *         .clientCredentials(id, secret).http(http).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toBuilder()} derives a variant. Two kinds of runtime state belong
 * to settings rather than to a provider, and are shared by every provider built from them: the budget of
 * each {@linkplain #rateLimits() rate limit} (so a host-wide limit is one budget, not one per provider,
 * also across variants derived with {@code toBuilder()}), and the {@linkplain #executor() executor}.
 *
 * <p><b>Who closes what.</b> rostersync never closes anything it is given here: an {@code HttpClient} or
 * {@code Executor} passed in belongs to the host, which must keep it usable while providers built with it
 * are in use and close it afterwards. The default executor is rostersync's own: a JVM-wide pool of
 * daemon threads that end after a minute without work, so it needs no closing and never keeps the JVM
 * alive.
 *
 * @since 0.1.0
 */
public final class HttpSettings {

    private final Optional<HttpClient> httpClient;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final List<RateLimit> rateLimits;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Executor executor;
    private final boolean defaultExecutor;
    private final String userAgent;
    private final boolean allowInsecureLoopback;
    private final HttpListener listener;

    private HttpSettings(Builder b) {
        this.httpClient = Optional.ofNullable(b.httpClient);
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.retryPolicy = b.retryPolicy;
        this.rateLimits = List.copyOf(b.rateLimits);
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.executor = b.executor != null ? b.executor : BackgroundExecutor.shared();
        this.defaultExecutor = b.executor == null;
        this.userAgent = b.userAgent;
        this.allowInsecureLoopback = b.allowInsecureLoopback;
        this.listener = b.listener;
        SharedLimiters.register(this, b.origin);
        Resilience.register(this, b.origin);
    }

    /**
     * The defaults every provider uses unless given other settings: a JDK {@code HttpClient} built per
     * provider (10 s connect timeout, no redirects followed), the system UTC clock, {@link Sleeper#threadSleep()},
     * {@link RetryPolicy#defaults()}, no rate limit beyond each vendor's own, a 30 s request timeout, the
     * shared daemon executor, user agent {@code rostersync}, https only. Each call returns a new value,
     * with rate-limit budgets of its own.
     *
     * @return new default settings
     */
    public static HttpSettings defaults() {
        return new Builder().build();
    }

    /**
     * Starts from {@link #defaults()}.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings, to derive a variant. The variant shares the budgets of these
     * settings: an equal rate limit in both is one budget (see {@link #rateLimits()}).
     *
     * @return a new builder holding these settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = this;
        b.httpClient = httpClient.orElse(null);
        b.clock = clock;
        b.sleeper = sleeper;
        b.retryPolicy = retryPolicy;
        b.rateLimits.addAll(rateLimits);
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.executor = defaultExecutor ? null : executor;
        b.userAgent = userAgent;
        b.allowInsecureLoopback = allowInsecureLoopback;
        b.listener = listener;
        return b;
    }

    /**
     * The host's own JDK client, or empty when each provider builds one (with {@link #connectTimeout()}).
     *
     * @return the host's client, or empty
     */
    public Optional<HttpClient> httpClient() {
        return httpClient;
    }

    /**
     * The time source for {@code Retry-After} dates, token expiry and every other time a provider reads.
     *
     * @return the clock; the system UTC clock by default
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How waits happen (retry backoff, job polling); tests pass one that advances a fake clock.
     *
     * @return the sleeper; {@link Sleeper#threadSleep()} by default
     */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * When failed calls are retried.
     *
     * @return the policy; {@link RetryPolicy#defaults()} by default
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Client-side limits every request of a provider built from this value takes a permit from, in addition
     * to the limits a provider applies for its vendor (Zendesk's account limit). Empty by default.
     *
     * <p>Each limit is one budget shared by every provider built from this value and from every value
     * derived from it with {@link #toBuilder()} (equal limits are one budget); settings started with
     * {@link #builder()} or {@link #defaults()} have budgets of their own.
     *
     * @return the limits, unmodifiable; empty when there are none
     */
    public List<RateLimit> rateLimits() {
        return rateLimits;
    }

    /**
     * Connect timeout of an {@code HttpClient} a provider builds; a client passed in keeps its own.
     *
     * @return the timeout, positive; 10 s by default
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Time allowed for each attempt of a call, from sending to the last byte of the response body.
     *
     * @return the timeout, positive; 30 s by default
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Runs a provider's background reads (Talkdesk reads its SCIM pages while the REST pages are fetched).
     * Tasks end with the read they serve, or when its pages are closed.
     *
     * @return the host's executor, or rostersync's shared daemon pool
     */
    public Executor executor() {
        return executor;
    }

    /**
     * The {@code User-Agent} header sent with every request.
     *
     * @return the header value, printable; {@code rostersync} by default
     */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Whether plain {@code http} is accepted for loopback hosts (127.0.0.1, ::1, localhost); tests only.
     *
     * @return true when allowed; false by default
     */
    public boolean allowInsecureLoopback() {
        return allowInsecureLoopback;
    }

    /**
     * Hears every attempt and wait of the providers built from these settings, for metrics.
     *
     * @return the listener; {@link HttpListener#none()} by default
     */
    public HttpListener listener() {
        return listener;
    }

    /**
     * The resilience4j retries of the providers built from these settings and from every value derived from
     * them with {@link #toBuilder()} (one per vendor and kind of request), for a metrics binder such as
     * resilience4j-micrometer's {@code TaggedRetryMetrics}. Read it; adding, replacing or removing entries
     * changes nothing about how calls are retried.
     *
     * @return the registry, shared by the settings' group
     */
    public RetryRegistry retryRegistry() {
        return Resilience.of(this).retries();
    }

    /**
     * The resilience4j budgets of the {@linkplain #rateLimits() shared rate limits} of these settings and of
     * every value derived from them with {@link #toBuilder()}, named by {@link RateLimit#name()}, for a metrics
     * binder such as resilience4j-micrometer's {@code TaggedRateLimiterMetrics}. A provider's own limits (one
     * per vendor account) are not in it. Read it; adding, replacing or removing entries changes no budget.
     *
     * @return the registry, shared by the settings' group
     */
    public RateLimiterRegistry rateLimiterRegistry() {
        return Resilience.of(this).rateLimiters();
    }

    /** Names every setting; there are no secrets here. */
    @Override
    public String toString() {
        return "HttpSettings[httpClient=" + (httpClient.isPresent() ? "host's" : "built per provider")
                + ", retry=" + retryPolicy + ", rateLimits=" + rateLimits + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", executor=" + (defaultExecutor ? "shared daemon pool" : "host's")
                + ", userAgent=" + userAgent + (allowInsecureLoopback ? ", insecure loopback allowed" : "") + "]";
    }

    /** Configuration of {@link HttpSettings}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private @Nullable HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.threadSleep();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private final List<RateLimit> rateLimits = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private @Nullable Executor executor;
        private String userAgent = "rostersync";
        private boolean allowInsecureLoopback;
        private @Nullable HttpSettings origin;
        private HttpListener listener = HttpListener.none();

        private Builder() {
        }

        /**
         * The host's own JDK client (proxy, TLS, its own executor). It should not follow redirects: a
         * redirect is reported, not followed, so credentials never travel to another host. rostersync never
         * closes it.
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /**
         * The time source (default the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How waits happen (default {@link Sleeper#threadSleep()}).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * When calls are retried (default {@link RetryPolicy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * Adds a client-side limit shared by every provider built from the settings (see {@link #rateLimits()}).
         *
         * @param limit the limit to add
         * @return this builder
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimits.add(Objects.requireNonNull(limit, "rateLimit"));
            return this;
        }

        /**
         * Replaces the client-side limits with {@code limits}; an empty list removes them.
         *
         * @param limits the limits; copied
         * @return this builder
         * @throws NullPointerException if the list or one of its elements is null
         */
        public Builder rateLimits(List<RateLimit> limits) {
            List<RateLimit> copy = List.copyOf(limits);
            this.rateLimits.clear();
            this.rateLimits.addAll(copy);
            return this;
        }

        /**
         * Connect timeout of a client built by a provider (default 10 s).
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException unless positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Checks.positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Time allowed for each attempt, from sending to the end of the response body (default 30 s).
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException unless positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Checks.positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * The host's executor for background reads, instead of rostersync's shared daemon pool. It must run
         * each task on a thread other than the one that submits it (a direct executor such as
         * {@code Runnable::run} is refused when a read starts), and must not be shut down while providers
         * built with it are in use: rostersync never shuts it down.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The {@code User-Agent} header (default {@code rostersync}).
         *
         * @param userAgent the header value
         * @return this builder
         * @throws IllegalArgumentException if it is blank or holds a control character
         */
        public Builder userAgent(String userAgent) {
            Objects.requireNonNull(userAgent, "userAgent");
            if (userAgent.isBlank() || userAgent.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("userAgent must be printable text");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Who hears every attempt and wait of the providers built from the settings (default
         * {@link HttpListener#none()}); what it throws is logged and ignored.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(HttpListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Accepts plain {@code http} for 127.0.0.1, ::1 and localhost only, for tests against a local
         * emulator; every other host still needs https.
         *
         * @return this builder
         */
        public Builder allowInsecureLoopback() {
            this.allowInsecureLoopback = true;
            return this;
        }

        /**
         * The settings; from {@link HttpSettings#toBuilder()}, sharing their origin's rate-limit budgets.
         *
         * @return the settings
         */
        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
