package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * What the application adds to a connection's HTTP settings when the directory is built: the vendor request, 429
 * and wait meters of the {@code RosterSyncMetrics} bean, when rostersync-micrometer is present and that bean exists.
 */
final class HttpSettingsHook {

    private static final String METRICS = "io.rostersync.micrometer.RosterSyncMetrics";
    private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final @Nullable ListableBeanFactory beans;
    private final boolean metricsPresent;

    HttpSettingsHook(@Nullable ListableBeanFactory beans, ClassLoader classLoader) {
        this.beans = beans;
        this.metricsPresent = ClassUtils.isPresent(METRICS, classLoader) && ClassUtils.isPresent(REGISTRY, classLoader);
    }

    HttpSettings apply(HttpSettings settings) {
        ListableBeanFactory factory = beans;
        return metricsPresent && factory != null ? MicrometerHttp.instrument(factory, settings) : settings;
    }

    /** Loaded only when Micrometer and rostersync-micrometer are present. */
    private static final class MicrometerHttp {
        static HttpSettings instrument(ListableBeanFactory beans, HttpSettings settings) {
            io.rostersync.micrometer.RosterSyncMetrics metrics = beans
                    .getBeanProvider(io.rostersync.micrometer.RosterSyncMetrics.class).getIfUnique();
            return metrics == null ? settings : metrics.instrument(settings);
        }
    }
}
