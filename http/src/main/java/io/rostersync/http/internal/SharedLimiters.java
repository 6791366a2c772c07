package io.rostersync.http.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
        final Map<RateLimit, RequestBudget> budgets = new ConcurrentHashMap<>();
    }

    /** Called once by each new settings value: joins {@code origin}'s group, or starts one. */
    public static void register(HttpSettings settings, @Nullable HttpSettings origin) {
        Group group = origin == null ? null : GROUPS.get(origin);
        GROUPS.put(settings, group != null ? group : new Group());
    }

    /** The in-JVM budgets of the settings' rate limits, in order, then the settings' other budgets. */
    public static List<RequestBudget> of(HttpSettings settings) {
        List<RequestBudget> budgets = new ArrayList<>();
        if (!settings.rateLimits().isEmpty()) {
            Group group = Objects.requireNonNull(GROUPS.get(settings), "settings not registered");
            for (RateLimit limit : settings.rateLimits()) {
                // the limiter lives in the group's registry, where a metrics binder sees it
                budgets.add(group.budgets.computeIfAbsent(limit, l -> new InJvmBudget(Resilience.of(settings).budget(l))));
            }
        }
        budgets.addAll(settings.requestBudgets());
        return List.copyOf(budgets);
    }

    /** A new in-JVM budget for {@code limit}. */
    public static RequestBudget budget(RateLimit limit) {
        return new InJvmBudget(RateLimiter.of(limit.name(), RateLimiterConfig.custom()
                .limitForPeriod(limit.permits())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(limit.maxWait())
                .build()));
    }

    /** resilience4j's limiter, as a {@link RequestBudget}. */
    private record InJvmBudget(RateLimiter limiter) implements RequestBudget {

        @Override
        public String name() {
            return limiter.getName();
        }

        @Override
        public void acquire(String vendor) throws InterruptedException {
            if (!limiter.acquirePermission()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a permit of " + name());
                }
                throw RequestBudget.exhausted(vendor, name(), Optional.empty());
            }
        }

        @Override
        public String toString() {
            return "in-JVM budget " + name();
        }
    }
}
