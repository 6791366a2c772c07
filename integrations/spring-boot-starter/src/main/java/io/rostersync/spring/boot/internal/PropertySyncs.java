package io.rostersync.spring.boot.internal;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spring.boot.RosterSyncProperties.SyncProperties;
import io.rostersync.spring.boot.SyncDefinition;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The syncs of {@code rostersync.syncs.*}: bean names resolved against the context, every problem of every sync
 * gathered into one start-up error that says what to change.
 */
public final class PropertySyncs {

    private PropertySyncs() {
    }

    /**
     * Builds the definitions.
     *
     * @param syncs the bound properties, by sync id
     * @param beans where the named beans are looked up
     * @return one definition per entry, in order
     * @throws InvalidConfigurationException listing every problem found
     */
    public static List<SyncDefinition> from(Map<String, SyncProperties> syncs, ListableBeanFactory beans) {
        List<String> problems = new ArrayList<>();
        List<SyncDefinition> out = new ArrayList<>();
        for (Map.Entry<String, SyncProperties> e : syncs.entrySet()) {
            String key = e.getKey();
            String prefix = "rostersync.syncs." + key;
            int before = problems.size();
            SyncDefinition.Builder builder;
            try {
                builder = SyncDefinition.builder(key);
            } catch (IllegalArgumentException bad) {
                problems.add(prefix + ": '" + key + "' is not a valid sync id (" + bad.getMessage() + ")");
                continue;
            }
            SyncProperties p = e.getValue();
            UserDirectory source = bean(beans, prefix + ".source", p.getSource(), UserDirectory.class, true, problems);
            UserDirectory target = bean(beans, prefix + ".target", p.getTarget(), UserDirectory.class, true, problems);
            SyncPolicy policy = bean(beans, prefix + ".policy", p.getPolicy(), SyncPolicy.class, false, problems);
            LicensePool pool = bean(beans, prefix + ".license-pool", p.getLicensePool(), LicensePool.class, false, problems);
            SyncTrigger trigger = null;
            Schedule schedule = null;
            try {
                if (p.getCron() != null) {
                    trigger = cron(p, prefix);
                } else {
                    schedule = schedule(p);
                }
            } catch (RuntimeException bad) {
                problems.add(prefix + ": the schedule is not valid: " + bad.getMessage());
            }
            if (problems.size() > before || source == null || target == null || (schedule == null && trigger == null)) {
                continue;
            }
            builder.source(source).target(target);
            if (trigger != null) {
                builder.trigger(trigger);
            } else if (schedule != null) {
                builder.schedule(schedule);
            }
            if (policy != null) {
                builder.policy(policy);
            }
            if (pool != null) {
                builder.licensePool(pool);
            }
            out.add(builder.build());
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("rostersync: the syncs in configuration cannot be built:\n  - "
                    + String.join("\n  - ", problems));
        }
        return out;
    }

    /** The cron trigger: {@code cron} in {@code zone} (UTC by default), with the cadence of full reads that is set. */
    static SyncTrigger cron(SyncProperties p, String prefix) {
        if (p.getEvery() != null || p.getFirstDelay() != null || p.getJitter() != null) {
            throw new IllegalArgumentException("set either " + prefix + ".cron or " + prefix + ".every (with first-delay and"
                    + " jitter), not both");
        }
        SyncTrigger t = SyncTrigger.cron(java.util.Objects.requireNonNull(p.getCron()), p.getZone() != null ? p.getZone() : ZoneOffset.UTC);
        if (p.getFullEveryRuns() != null || p.getFullAfter() != null) {
            t = t.fullEvery(p.getFullEveryRuns() != null ? p.getFullEveryRuns() : t.fullEveryRuns(),
                    p.getFullAfter() != null ? p.getFullAfter() : t.fullAfter());
        }
        return t;
    }

    /** The schedule: {@code every} (or the six-hourly default) with the knobs that are set. */
    static Schedule schedule(SyncProperties p) {
        Schedule s = p.getEvery() != null ? Schedule.every(p.getEvery()) : Schedule.everySixHours();
        if (p.getFirstDelay() != null) {
            s = s.withFirstDelay(p.getFirstDelay());
        }
        if (p.getJitter() != null) {
            s = s.withJitter(p.getJitter());
        }
        if (p.getFullEveryRuns() != null || p.getFullAfter() != null) {
            s = s.withFullEvery(p.getFullEveryRuns() != null ? p.getFullEveryRuns() : s.fullEveryRuns(),
                    p.getFullAfter() != null ? p.getFullAfter() : s.fullAfter());
        }
        return s;
    }

    private static <T> @Nullable T bean(ListableBeanFactory beans, String property, @Nullable String name, Class<T> type,
                                        boolean required, List<String> problems) {
        if (name == null || name.isBlank()) {
            if (required) {
                problems.add(property + " is not set; name a " + type.getSimpleName() + " bean" + known(beans, type));
            }
            return null;
        }
        String trimmed = name.trim();
        if (!beans.containsBean(trimmed)) {
            problems.add(property + " names '" + trimmed + "', but there is no bean of that name" + known(beans, type));
            return null;
        }
        if (!beans.isTypeMatch(trimmed, type)) {
            Class<?> actual = beans.getType(trimmed);
            problems.add(property + " names '" + trimmed + "', which is a " + (actual == null ? "bean of unknown type" : actual.getName())
                    + ", not a " + type.getSimpleName() + known(beans, type));
            return null;
        }
        return beans.getBean(trimmed, type);
    }

    private static String known(ListableBeanFactory beans, Class<?> type) {
        String[] names = beans.getBeanNamesForType(type);
        return names.length == 0 ? "; the application has no " + type.getSimpleName() + " beans"
                : "; the " + type.getSimpleName() + " beans are " + new TreeSet<>(Arrays.asList(names));
    }
}
