package io.rostersync.http.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RetryPolicy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The resilience4j registries of a settings group (settings made by {@code HttpSettings.builder()} and those
 * derived from them with {@code toBuilder()}, as in {@link SharedLimiters}), so that a metrics binder sees
 * every retry and shared budget of the group. A name in a registry stands for one configuration: a retry of
 * the same name with another {@link RetryPolicy}, or a budget of the same name with other limits, gets the
 * name with a suffix ({@code -2}, {@code -3}, …) instead of the other's configuration.
 */
public final class Resilience {

    private static final Map<HttpSettings, Resilience> GROUPS = Collections.synchronizedMap(new WeakHashMap<>());

    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    private final Map<String, Object> retryKeys = new HashMap<>();
    private final Map<String, Object> limiterKeys = new HashMap<>();

    private Resilience() {
    }

    /** Called once by each new settings value: joins {@code origin}'s group, or starts one. */
    public static void register(HttpSettings settings, @Nullable HttpSettings origin) {
        Resilience group = origin == null ? null : GROUPS.get(origin);
        GROUPS.put(settings, group != null ? group : new Resilience());
    }

    /** The group of registered settings. */
    public static Resilience of(HttpSettings settings) {
        return Objects.requireNonNull(GROUPS.get(settings), "settings not registered");
    }

    /** Every retry of the group's clients, by name. */
    public RetryRegistry retries() {
        return retries;
    }

    /** The budgets of the group's shared rate limits, by name. */
    public RateLimiterRegistry rateLimiters() {
        return rateLimiters;
    }

    /** The group's retry called {@code name} under {@code policy}; the same instance for the same pair. */
    public synchronized Retry retry(String name, RetryPolicy policy, Supplier<RetryConfig> config) {
        return retries.retry(unique(retryKeys, name, policy), config);
    }

    /** A new budget for {@code limit}, in the registry under its name. */
    public synchronized RateLimiter budget(RateLimit limit) {
        return rateLimiters.rateLimiter(unique(limiterKeys, limit.name(), limit), () -> RateLimiterConfig.custom()
                .limitForPeriod(limit.permits())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(limit.maxWait())
                .build());
    }

    private static String unique(Map<String, Object> taken, String name, Object key) {
        String candidate = name;
        for (int n = 2; taken.containsKey(candidate) && !taken.get(candidate).equals(key); n++) {
            candidate = name + "-" + n;
        }
        taken.put(candidate, key);
        return candidate;
    }
}
