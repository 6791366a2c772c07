package io.rostersync.http.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The budgets of the rate limits in {@link HttpSettings}. Settings made by {@code HttpSettings.builder()}
 * start a budget group; settings derived with {@code toBuilder()} join their origin's group. Within a group,
 * equal {@link RateLimit}s are one budget, shared by every client built from any settings of the group.
 * Settings are keyed by identity ({@code HttpSettings} does not override {@code equals}) and held weakly.
 */
public final class SharedLimiters {

    private static final Map<HttpSettings, Group> GROUPS = Collections.synchronizedMap(new WeakHashMap<>());

    private SharedLimiters() {
    }

    private static final class Group {
        final Map<RateLimit, RateLimiter> budgets = new ConcurrentHashMap<>();
    }

    /** Called once by each new settings value: joins {@code origin}'s group, or starts one. */
    public static void register(HttpSettings settings, @Nullable HttpSettings origin) {
        Group group = origin == null ? null : GROUPS.get(origin);
        GROUPS.put(settings, group != null ? group : new Group());
    }

    /** The budgets of the settings' rate limits, in order. */
    public static List<RateLimiter> of(HttpSettings settings) {
        if (settings.rateLimits().isEmpty()) {
            return List.of();
        }
        Group group = Objects.requireNonNull(GROUPS.get(settings), "settings not registered");
        List<RateLimiter> limiters = new ArrayList<>();
        for (RateLimit limit : settings.rateLimits()) {
            limiters.add(group.budgets.computeIfAbsent(limit, Resilience.of(settings)::budget));
        }
        return List.copyOf(limiters);
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
