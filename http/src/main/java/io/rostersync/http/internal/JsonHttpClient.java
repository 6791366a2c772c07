package io.rostersync.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.rostersync.http.AuthHeader;
import io.rostersync.http.BaseUris;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpListener;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.http.HttpSettings;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.http.RateLimit;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Sleeper;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.FailureKind;
import io.rostersync.http.internal.ErrorMapper;
import io.rostersync.http.internal.Exchanges;
import io.rostersync.http.internal.Redactor;
import io.rostersync.spi.UnknownFailureException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP for one vendor account: base URI, auth, timeouts, retry, client-side rate limit, typed
 * failures. Immutable and thread-safe; build one per configured provider and share it. Transport, clock,
 * retry, timeouts and the shared rate limits come from one {@link HttpSettings}.
 *
 * <pre>{@code
 * JsonHttpClient client = JsonHttpClient.builder("zendesk", URI.create("https://acme.zendesk.com"))
 *         .settings(settings)
 *         .auth(HttpAuth.zendeskApiToken("admin@acme.test", Secret.of(token)))
 *         .rateLimit(RateLimit.of("zendesk-account", 700, Duration.ofMinutes(1)))
 *         .requestIdHeaders(List.of("X-Zendesk-Request-Id", "X-Request-Id"))
 *         .build();
 * JsonNode me = client.get("/api/v2/users/me");
 * User created = client.send(JsonRequest.post("/api/v2/users", body).build()).as(User.class);
 * }</pre>
 *
 * <p>Every call: resolves the target against the base URI (refusing other origins), takes a permit
 * from each configured {@link RateLimit}, adds the {@link HttpAuth} header (refreshing once on 401),
 * applies the request timeout, and maps any non-2xx answer or I/O failure to a subclass of
 * {@link RosterSyncException}. Retries follow the {@link RetryPolicy}. Requests and responses are logged
 * at debug level by method, path, status, duration and request id: never headers, query or bodies.
 */
public final class JsonHttpClient {

    /** Response headers searched for a request id when none are configured. */
    public static final List<String> DEFAULT_REQUEST_ID_HEADERS =
            List.of("X-Request-Id", "X-Zendesk-Request-Id", "X-Correlation-Id");

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpClient.class);

    private final String vendor;
    private final URI baseUri;
    private final HttpAuth auth;
    private final HttpClient httpClient;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final List<RateLimiter> rateLimiters;
    private final List<String> requestIdHeaders;
    private final String userAgent;
    private final ErrorMapper errors;
    private final Retry safeRetry;
    private final Retry unsafeRetry;
    private final HttpListener listener;
    private volatile @Nullable SentCredentials lastSent;

    private JsonHttpClient(Builder b) {
        HttpSettings settings = b.settings();
        this.vendor = b.vendor;
        this.baseUri = BaseUris.requireBase(b.vendor, b.baseUri, b.insecureLoopback || settings.allowInsecureLoopback());
        this.auth = b.auth;
        this.httpClient = Transports.client(settings);
        this.requestTimeout = settings.requestTimeout();
        this.clock = settings.clock();
        this.mapper = b.mapper != null ? b.mapper
                : new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.retryPolicy = settings.retryPolicy();
        this.sleeper = settings.sleeper();
        List<RateLimiter> limiters = new ArrayList<>(SharedLimiters.of(settings));
        for (RateLimit limit : b.rateLimits) {
            limiters.add(SharedLimiters.limiter(limit));
        }
        this.rateLimiters = List.copyOf(limiters);
        this.requestIdHeaders = b.requestIdHeaders;
        this.userAgent = settings.userAgent();
        this.errors = new ErrorMapper(vendor, clock, requestIdHeaders, mapper, b.errorParser);
        this.safeRetry = retry(Resilience.of(settings), vendor + "-idempotent", retryPolicy,
                t -> t instanceof RateLimitedException || t instanceof TransientException);
        this.unsafeRetry = retry(Resilience.of(settings), vendor + "-non-idempotent", retryPolicy, t -> t instanceof RateLimitedException);
        this.listener = settings.listener();
    }

    private JsonHttpClient(JsonHttpClient parent, RateLimiter extra) {
        this.vendor = parent.vendor;
        this.baseUri = parent.baseUri;
        this.auth = parent.auth;
        this.httpClient = parent.httpClient;
        this.requestTimeout = parent.requestTimeout;
        this.clock = parent.clock;
        this.mapper = parent.mapper;
        this.retryPolicy = parent.retryPolicy;
        this.sleeper = parent.sleeper;
        List<RateLimiter> limiters = new ArrayList<>(parent.rateLimiters);
        limiters.add(extra);
        this.rateLimiters = List.copyOf(limiters);
        this.requestIdHeaders = parent.requestIdHeaders;
        this.userAgent = parent.userAgent;
        this.errors = parent.errors;
        this.safeRetry = parent.safeRetry;
        this.unsafeRetry = parent.unsafeRetry;
        this.listener = parent.listener;
    }

    /**
     * Starts a configuration. Defaults: no auth, {@link HttpSettings#defaults()}, no rate limit of its own,
     * an {@code ObjectMapper} that ignores unknown properties, {@link #DEFAULT_REQUEST_ID_HEADERS},
     * {@link VendorErrorParser#NONE}.
     *
     * @param vendor  short lower-case vendor name for messages and logs ({@code zendesk})
     * @param baseUri https base URL; relative targets resolve below its path
     */
    public static Builder builder(String vendor, URI baseUri) {
        return new Builder(vendor, baseUri);
    }

    /** The vendor name. */
    public String vendor() {
        return vendor;
    }

    /** The validated base URI, its path ending with {@code /}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The mapper used for bodies; providers may use it to build request bodies and read responses. */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    /**
     * A client sharing this one's transport, auth, retry and rate limits that also takes a permit from
     * {@code limit} for each request: for endpoints with their own tighter limit (Zendesk's incremental
     * export, 10 or 20 requests a minute) that still count against the account's.
     */
    public JsonHttpClient withExtraRateLimit(RateLimit limit) {
        return new JsonHttpClient(this, SharedLimiters.limiter(limit));
    }

    /**
     * Sends a request and returns the 2xx response with its parsed body.
     *
     * @throws RosterSyncException a subclass saying what went wrong, after any retries
     * @throws IllegalArgumentException if the target is on another origin or the body cannot be serialised
     */
    public JsonResponse send(JsonRequest request) {
        URI uri = resolve(request.target());
        byte[] body = serialise(request);
        Retry retry = request.safeToRepeat() ? safeRetry : unsafeRetry;
        Retry.AsyncContext<Object> context = retry.asyncContext();
        Duration waited = Duration.ZERO;
        int attempt = 1;
        while (true) {
            try {
                JsonResponse response = attempt(request, uri, body);
                context.onComplete();
                return response;
            } catch (RosterSyncException e) {
                long delayMillis = context.onError(e);
                if (delayMillis < 0) {
                    throw e;
                }
                Duration delay = Duration.ofMillis(delayMillis);
                if (waited.plus(delay).compareTo(retryPolicy.maxTotalWait()) > 0) {
                    LOG.debug("{} {}: not retrying, waiting {} ms would exceed the retry budget", vendor, request, delayMillis);
                    throw e;
                }
                LOG.debug("{} {}: attempt {} failed ({}), retrying in {} ms", vendor, request, attempt,
                        e.getClass().getSimpleName(), delayMillis);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw interrupted(request, ie);
                }
                tell(() -> listener.waited(vendor, HttpListener.Wait.RETRY, delay));
                waited = waited.plus(delay);
                attempt++;
            }
        }
    }

    /** {@code GET target}, the body as a tree. */
    public JsonNode get(String target) {
        return send(JsonRequest.get(target).build()).body();
    }

    /** {@code GET target}, the body bound to {@code type}. */
    public <T> T get(String target, Class<T> type) {
        return send(JsonRequest.get(target).build()).as(type);
    }

    /** {@code POST target} with a JSON body; not retried on 5xx/timeouts (use {@link #send} with {@code idempotent()}). */
    public JsonNode post(String target, Object body) {
        return send(JsonRequest.post(target, body).build()).body();
    }

    public <T> T post(String target, Object body, Class<T> type) {
        return send(JsonRequest.post(target, body).build()).as(type);
    }

    /** {@code PUT target} with a JSON body; retried as idempotent. */
    public JsonNode put(String target, Object body) {
        return send(JsonRequest.put(target, body).build()).body();
    }

    public <T> T put(String target, Object body, Class<T> type) {
        return send(JsonRequest.put(target, body).build()).as(type);
    }

    /** {@code PATCH target} with a JSON body; not retried on 5xx/timeouts unless marked idempotent. */
    public JsonNode patch(String target, Object body) {
        return send(JsonRequest.patch(target, body).build()).body();
    }

    public <T> T patch(String target, Object body, Class<T> type) {
        return send(JsonRequest.patch(target, body).build()).as(type);
    }

    /** {@code DELETE target}; the body, or a {@code MissingNode} when there is none. */
    public JsonNode delete(String target) {
        return send(JsonRequest.delete(target).build()).body();
    }

    /**
     * A lazy read over server-driven pages starting at {@code firstTarget}. The fetcher usually calls
     * {@link #get(String)} with the target it is given and decodes the page. Next links to another origin
     * are refused with {@link InvalidResponseException}.
     */
    public <T> Paged<T> paginate(String firstTarget, PageFetcher<T> fetcher) {
        return new Paged<>(vendor, firstTarget, fetcher, t -> resolve(t).toString());
    }

    /**
     * Resolves a target: a relative path below the base path, a {@code /path} on the base host, or an
     * absolute URL on the base origin.
     *
     * @throws IllegalArgumentException for a malformed target or one on another origin
     */
    public URI resolve(String target) {
        Objects.requireNonNull(target, "target");
        URI t = parseLenient(target);
        if (target.startsWith("//")) {
            throw new IllegalArgumentException("network-path targets are not allowed");
        }
        if (t.isAbsolute()) {
            if (!BaseUris.sameOrigin(t, baseUri) || t.getRawUserInfo() != null) {
                throw new IllegalArgumentException("target is not on the base origin " + baseUri.getHost());
            }
            return t;
        }
        return baseUri.resolve(t);
    }

    private static URI parseLenient(String target) {
        try {
            return URI.create(target);
        } catch (IllegalArgumentException e) {
            // Some servers return next links with raw brackets (page[after]=…); encode just those.
            return URI.create(target.replace("[", "%5B").replace("]", "%5D").replace("|", "%7C"));
        }
    }

    private JsonResponse attempt(JsonRequest request, URI uri, byte @Nullable [] body) {
        Optional<AuthHeader> header = auth.header();
        HttpResponse<byte[]> response = exchange(request, uri, body, header);
        if (response.statusCode() == 401 && auth.refreshAfterRejection(header)) {
            LOG.debug("{} {}: 401, retrying once with refreshed credentials", vendor, request);
            header = auth.header();
            response = exchange(request, uri, body, header);
        }
        return toJsonResponse(request, uri, response, header);
    }

    private JsonResponse toJsonResponse(JsonRequest request, URI uri, HttpResponse<byte[]> response,
            Optional<AuthHeader> sent) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw errors.fromResponse(request.method().name(), uri, status, response.headers(), response.body(),
                    secretsIn(sent));
        }
        Redactor redactor = secretsIn(sent);
        JsonNode json = parseBody(request, uri, response, redactor);
        Map<String, List<String>> headers = new HashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return new JsonResponse(status, uri, json, headers, errors.requestId(response.headers(), redactor), mapper,
                what -> errors.invalidResponse(request.method().name(), uri, status, response.headers(), what, redactor));
    }

    private JsonNode parseBody(JsonRequest request, URI uri, HttpResponse<byte[]> response, Redactor redactor) {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            // The parser's message quotes the body; only say what kind of content it was.
            String type = response.headers().firstValue("Content-Type").map(ct -> " (Content-Type " + ct.split(";")[0].strip() + ")").orElse("");
            throw errors.invalidResponse(request.method().name(), uri, response.statusCode(), response.headers(),
                    "body is not valid JSON" + type, redactor);
        }
    }

    private HttpResponse<byte[]> exchange(JsonRequest request, URI uri, byte @Nullable [] body, Optional<AuthHeader> header) {
        long asked = System.nanoTime();
        try {
            acquirePermits(request);
        } finally {
            if (!rateLimiters.isEmpty()) {
                Duration wait = Duration.ofNanos(System.nanoTime() - asked);
                tell(() -> listener.waited(vendor, HttpListener.Wait.RATE_LIMIT, wait));
            }
        }
        Duration timeout = request.timeout().orElse(requestTimeout);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", request.accept().orElse("application/json"))
                .header("User-Agent", userAgent);
        request.headers().forEach(builder::header);
        header.ifPresent(h -> builder.header(h.name(), h.value().reveal()));
        if (body != null) {
            builder.header("Content-Type", request.contentType().orElse("application/json; charset=utf-8"));
            builder.method(request.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(request.method().name(), HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = Exchanges.sendWithin(httpClient, builder.build(), timeout);
            tell(() -> listener.responded(vendor, response.statusCode()));
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} -> {} in {} ms{}", vendor, request, response.statusCode(),
                        (System.nanoTime() - start) / 1_000_000,
                        errors.requestId(response.headers(), secretsIn(header)).map(id -> " (request id " + id + ")").orElse(""));
            }
            return response;
        } catch (IOException e) {
            LOG.debug("{} {} failed after {} ms: {}", vendor, request, (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName());
            tell(() -> listener.failedWithoutResponse(vendor));
            throw errors.fromIo(request.method().name(), uri, e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, e);
        }
    }

    /**
     * What to redact from a response to a request that carried {@code header}; the last answer is kept,
     * since one client usually sends the same header many times.
     */
    private Redactor secretsIn(Optional<AuthHeader> header) {
        if (header.isEmpty()) {
            return Redactor.none();
        }
        SentCredentials last = lastSent;
        if (last != null && last.header().equals(header.get())) {
            return last.redactor();
        }
        Redactor redactor = redactorFor(header.get());
        lastSent = new SentCredentials(header.get(), redactor);
        return redactor;
    }

    private record SentCredentials(AuthHeader header, Redactor redactor) {
    }

    /** The credential parts of a header: the value, its words, and for Basic the decoded password. */
    private static Redactor redactorFor(AuthHeader sent) {
        String value = sent.value().reveal();
        List<String> secrets = new ArrayList<>();
        secrets.add(value);
        String[] words = value.split(" ");
        for (String word : words) {
            if (word.length() >= 8) {
                secrets.add(word);
            }
        }
        if (words.length == 2 && words[0].equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(words[1]), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0 && decoded.length() - colon > 4) {
                    secrets.add(decoded.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                // nothing more to redact
            }
        }
        return Redactor.of(secrets);
    }

    private void acquirePermits(JsonRequest request) {
        for (RateLimiter limiter : rateLimiters) {
            if (!limiter.acquirePermission()) {
                throw new RateLimitedException(ErrorDetails.of(vendor), vendor + " " + request
                        + ": client-side rate limit " + limiter.getName() + " gave no permit in time");
            }
        }
    }

    private byte @Nullable [] serialise(JsonRequest request) {
        if (request.body().isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(request.body().get());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body of type " + request.body().get().getClass().getName()
                    + " cannot be written as JSON");
        }
    }

    private RosterSyncException interrupted(JsonRequest request, InterruptedException e) {
        return new UnknownFailureException(ErrorDetails.of(vendor), vendor + " " + request + ": interrupted", e);
    }

    /** Tells the settings' listener; what it throws never changes the call. */
    private void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the HTTP listener threw; ignoring: {}", vendor, e.getClass().getSimpleName());
        }
    }

    private static Retry retry(Resilience group, String name, RetryPolicy policy, Predicate<Throwable> retryable) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(),
                policy.multiplier(), policy.jitter(), policy.maxBackoff());
        // A vendor's Retry-After wins over the computed backoff; the total budget still caps it.
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof RosterSyncException e && e.retryAfter().isPresent()) {
                return e.retryAfter().get().toMillis();
            }
            return backoff.apply(attempt);
        };
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(retryable)
                .build();
        return group.retry(name, policy, () -> config);
    }

    @Override
    public String toString() {
        return "JsonHttpClient[" + vendor + " " + baseUri + ", auth=" + auth + "]";
    }

    /**
     * Configuration of a {@link JsonHttpClient}. Not thread-safe; the built client is. The shortcuts
     * ({@link #retryPolicy}, {@link #requestTimeout}, …) derive settings of this client's own (with budgets of
     * their own) from the ones given; providers pass {@link #settings} alone.
     */
    public static final class Builder {
        private final String vendor;
        private final URI baseUri;
        private HttpAuth auth = HttpAuth.none();
        private HttpSettings settings = HttpSettings.defaults();
        private HttpSettings.@Nullable Builder changed;
        private @Nullable ObjectMapper mapper;
        private final List<RateLimit> rateLimits = new ArrayList<>();
        private List<String> requestIdHeaders = DEFAULT_REQUEST_ID_HEADERS;
        private boolean insecureLoopback;
        private VendorErrorParser errorParser = VendorErrorParser.NONE;

        private Builder(String vendor, URI baseUri) {
            this.vendor = Checks.vendor(vendor);
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        public Builder auth(HttpAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** Transport, clock, sleeper, retry, shared rate limits, timeouts and user agent; replaces earlier shortcuts. */
        public Builder settings(HttpSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.changed = null;
            return this;
        }

        private HttpSettings.Builder change() {
            if (changed == null) {
                changed = settings.toBuilder();
            }
            return changed;
        }

        private HttpSettings settings() {
            return changed == null ? settings : changed.build();
        }

        /** Shortcut for {@link HttpSettings.Builder#httpClient}. */
        public Builder httpClient(HttpClient client) {
            change().httpClient(client);
            return this;
        }

        /** Shortcut for {@link HttpSettings.Builder#requestTimeout}. */
        public Builder requestTimeout(Duration timeout) {
            change().requestTimeout(timeout);
            return this;
        }

        /** Shortcut for {@link HttpSettings.Builder#clock}. */
        public Builder clock(Clock clock) {
            change().clock(clock);
            return this;
        }

        /** Shortcut for {@link HttpSettings.Builder#retryPolicy}. */
        public Builder retryPolicy(RetryPolicy policy) {
            change().retryPolicy(policy);
            return this;
        }

        /** Shortcut for {@link HttpSettings.Builder#sleeper}. */
        public Builder sleeper(Sleeper sleeper) {
            change().sleeper(sleeper);
            return this;
        }

        /**
         * Permits {@code http://} for 127.0.0.1, ::1 and localhost only, whatever the settings say: for a
         * provider's own test base URI. Keeps the settings (and their shared rate-limit budgets) as they are.
         */
        public Builder allowInsecureLoopback() {
            this.insecureLoopback = true;
            return this;
        }

        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "objectMapper");
            return this;
        }

        /**
         * Adds a client-side rate limit of this client alone (a vendor's documented limit); every attempt
         * takes a permit from each one added and from each of the settings' shared limits.
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimits.add(Objects.requireNonNull(limit, "rateLimit"));
            return this;
        }

        /** Response headers that carry the vendor's request id, first match wins. */
        public Builder requestIdHeaders(List<String> names) {
            this.requestIdHeaders = List.copyOf(names);
            return this;
        }

        /**
         * How the vendor's error bodies carry a code and message; by default none is read and a failure
         * carries the status alone. What the parser finds is still judged, bounded and cleaned by
         * {@link ErrorMapper}.
         */
        public Builder errorParser(VendorErrorParser parser) {
            this.errorParser = Objects.requireNonNull(parser, "errorParser");
            return this;
        }

        /** @throws InvalidConfigurationException if the base URI is not acceptable */
        public JsonHttpClient build() {
            return new JsonHttpClient(this);
        }
    }
}
