package io.rostersync.http.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The budgets of the rate limits of one {@link HttpSettings} value, shared by every client built from
 * that value (a settings value is its own identity: it does not override {@code equals}). Held weakly, so
 * they go when the settings and everything built from them do.
 */
public final class SharedLimiters {

    private static final Map<HttpSettings, List<RateLimiter>> BY_SETTINGS = Collections.synchronizedMap(new WeakHashMap<>());

    private SharedLimiters() {
    }

    /** The limiters of the settings' rate limits, created on first use. */
    public static List<RateLimiter> of(HttpSettings settings) {
        if (settings.rateLimits().isEmpty()) {
            return List.of();
        }
        return BY_SETTINGS.computeIfAbsent(settings, s -> {
            List<RateLimiter> limiters = new ArrayList<>();
            for (RateLimit limit : s.rateLimits()) {
                limiters.add(limiter(limit));
            }
            return List.copyOf(limiters);
        });
    }

    /** A new budget for {@code limit}, for a single client. */
    public static RateLimiter limiter(RateLimit limit) {
        return RateLimiter.of(limit.name(), RateLimiterConfig.custom()
                .limitForPeriod(limit.permits())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(limit.maxWait())
                .build());
    }
}
