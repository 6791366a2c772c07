package io.rostersync.micrometer;

import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.rostersync.engine.SyncListener;
import io.rostersync.http.HttpSettings;
import io.rostersync.micrometer.internal.Contained;
import io.rostersync.micrometer.internal.MeteredHttpListener;
import io.rostersync.micrometer.internal.MeteredLicensePool;
import io.rostersync.micrometer.internal.MeteredSyncListener;
import io.rostersync.micrometer.internal.Meters;
import io.rostersync.micrometer.internal.SeatState;
import io.rostersync.model.SyncId;
import io.rostersync.spi.LicensePool;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns sync runs, licence seats and vendor requests into Micrometer meters on one {@link MeterRegistry}. The
 * meters, their tags and units are listed in the {@linkplain io.rostersync.micrometer package description}.
 *
 * <pre>{@code
 * RosterSyncMetrics metrics = RosterSyncMetrics.of(meterRegistry);
 * HttpSettings http = metrics.instrument(HttpSettings.builder().build());   // vendor requests, 429s, waits
 * SyncRunner runner = SyncRunner.builder()
 *         .syncId(id)
 *         .source(ZendeskDirectory.builder().subdomain("acme").apiToken(email, token).http(http).build())
 *         .target(hostDirectory)
 *         .licensePool(metrics.licensePool(id, seats))                    // seats used and free
 *         .listener(metrics.listener(id, myOwnListener))                  // runs, actions, conflicts
 *         .stateStore(store)
 *         .build();
 * }</pre>
 *
 * <p><b>Cardinality.</b> Tags are enum values and names a host or provider chose: run status and read mode,
 * action kind and outcome, conflict kind, licence id, vendor name, retry and rate-limit names. Nothing from a
 * user record (ids, emails, names) is ever a tag. By default no meter carries the sync id: a host with
 * thousands of tenants would get thousands of series per meter. A host with a few syncs opts in with
 * {@link Builder#tagSyncIds()}, or maps syncs to a few groups of its own with {@link Builder#syncTag}; the tag
 * is {@code sync}. Without it, the gauges add up every sync (conflicts of each sync's latest run, seats of
 * every pool of a licence id).
 *
 * <p><b>Lifetimes.</b> The binder holds no sync, runner or directory. Licence pools are held weakly: a pool the
 * host stops using leaves the seat gauges once the garbage collector has taken it, and {@link #forget} takes a
 * sync out at once (and, with a sync tag, removes its meters). Each sync's latest conflict counts are a few
 * numbers kept until {@code forget}.
 *
 * <p><b>Failures.</b> Recording never breaks what it measures: whatever the registry throws (a meter it
 * refuses, a filter that fails) is logged (the first at warn, later ones at debug) and dropped, and the run,
 * the seat change or the HTTP call goes on with its own result. The host's own listeners keep getting every
 * event.
 *
 * <p>Thread-safe: one instance serves every sync and every HTTP client of a host.
 *
 * @since 0.1.0
 */
public final class RosterSyncMetrics {

    /** Timer of sync runs; tags {@code status}, {@code mode}. */
    public static final String RUNS = Meters.RUNS;
    /** Counter of records read; tag {@code side} ({@code source}, {@code target}). */
    public static final String USERS_READ = Meters.USERS_READ;
    /** Counter of actions; tags {@code kind}, {@code outcome}. */
    public static final String ACTIONS = Meters.ACTIONS;
    /** Gauge of conflicts in each sync's latest report; tag {@code kind}. */
    public static final String CONFLICTS = Meters.CONFLICTS;
    /** Gauge of deprovisions the deletion guard holds, as of each sync's latest report. */
    public static final String DEPROVISIONS_HELD = Meters.HELD;
    /** Gauge of licence seats; tags {@code license}, {@code state} ({@code used}, {@code free}). */
    public static final String LICENSE_SEATS = Meters.SEATS;
    /** Counter of HTTP attempts to vendors; tags {@code vendor}, {@code outcome}. */
    public static final String VENDOR_REQUESTS = Meters.VENDOR_REQUESTS;
    /** Timer of time HTTP calls waited; tags {@code vendor}, {@code reason} ({@code retry}, {@code rate_limit}). */
    public static final String VENDOR_WAIT = Meters.VENDOR_WAIT;
    /** The tag carrying the sync, on the run, action, conflict and seat meters, when the host opted in. */
    public static final String SYNC_TAG = Meters.SYNC_TAG;

    private final Meters meters;
    private final Set<Object> boundRegistries = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private RosterSyncMetrics(Builder b) {
        this.meters = new Meters(b.registry, b.syncTag);
    }

    /**
     * A binder with the defaults: no sync tag.
     *
     * @param registry where the meters go
     * @return the binder
     */
    public static RosterSyncMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /**
     * Starts a configuration.
     *
     * @param registry where the meters go
     * @return a builder; no sync tag by default
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * The registry the meters go to.
     *
     * @return the registry
     */
    public MeterRegistry registry() {
        return meters.registry();
    }

    /**
     * The listener to give the runner of {@code syncId}: runs, records read, actions and conflicts.
     *
     * @param syncId the sync whose runner gets the listener
     * @return a new listener; give each sync's runner its own
     * @throws IllegalArgumentException if the {@linkplain Builder#syncTag sync tag function} gives no value for the sync
     */
    public SyncListener listener(SyncId syncId) {
        return listener(syncId, SyncListener.none());
    }

    /**
     * The listener to give the runner of {@code syncId} when the host has a listener of its own: each event is
     * recorded, then passed to {@code hostListener} unchanged. A failure to record never keeps an event from
     * the host's listener; what the host's listener throws is handled by the runner as before.
     *
     * @param syncId       the sync whose runner gets the listener
     * @param hostListener the host's own listener
     * @return a new listener
     * @throws IllegalArgumentException if the {@linkplain Builder#syncTag sync tag function} gives no value for the sync
     */
    public SyncListener listener(SyncId syncId, SyncListener hostListener) {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(hostListener, "hostListener");
        return new MeteredSyncListener(meters, syncId, meters.base(syncId), hostListener);
    }

    /**
     * {@code pool} as the runner of {@code syncId} should get it: every call goes to {@code pool} unchanged, and
     * the seat gauges of its licence show the seats in use and free as of the latest snapshot the engine took,
     * plus the seats the engine assigned and revoked since. The gauges never call the pool themselves (a
     * scrape costs no vendor request). The binder holds {@code pool} weakly; wrapping the same pool again
     * shares its figures, so it is never counted twice. Pools of the same licence id add up (across syncs
     * unless there is a sync tag); before any snapshot a licence's gauges are NaN.
     *
     * @param syncId the sync whose runner gets the pool
     * @param pool   the host's or provider's pool
     * @return the pool to give the runner
     * @throws IllegalArgumentException if the {@linkplain Builder#syncTag sync tag function} gives no value for the sync
     */
    public LicensePool licensePool(SyncId syncId, LicensePool pool) {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(pool, "pool");
        meters.base(syncId); // a bad sync tag is the host's configuration error: say so now
        SeatState[] state = {new SeatState()};
        Contained.run("a licence pool", () -> state[0] = meters.seats(syncId, pool));
        return new MeteredLicensePool(pool, state[0]);
    }

    /**
     * Settings like {@code settings} whose providers are measured: HTTP attempts per vendor by outcome (429s
     * as {@code rate_limited}), and time spent waiting for retries and rate-limit permits; and binds the
     * settings' resilience4j retry and rate-limiter registries with resilience4j-micrometer. The returned
     * settings are derived with {@link HttpSettings#toBuilder()}, so they share the budgets of {@code settings};
     * a listener {@code settings} already had still hears every event. Build the providers with the returned
     * settings. Instrumenting settings this binder already instrumented returns them as they are.
     *
     * @param settings the host's HTTP settings
     * @return the settings to build providers with
     */
    public HttpSettings instrument(HttpSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Contained.run("the resilience4j registries", () -> {
            if (boundRegistries.add(settings.retryRegistry())) {
                TaggedRetryMetrics.ofRetryRegistry(settings.retryRegistry()).bindTo(meters.registry());
            }
            if (boundRegistries.add(settings.rateLimiterRegistry())) {
                TaggedRateLimiterMetrics.ofRateLimiterRegistry(settings.rateLimiterRegistry()).bindTo(meters.registry());
            }
        });
        if (settings.listener() instanceof MeteredHttpListener metered && metered.recordsInto(meters)) {
            return settings;
        }
        return settings.toBuilder().listener(new MeteredHttpListener(meters, settings.listener())).build();
    }

    /**
     * Takes a sync out of the gauges at once (a tenant that left): its latest conflict counts and its licence
     * pools stop counting. With a sync tag, the meters of its tag value are removed from the registry when no
     * other sync shares that value. A later run of the sync records again.
     *
     * @param syncId the sync
     */
    public void forget(SyncId syncId) {
        Objects.requireNonNull(syncId, "syncId");
        Contained.run("forgetting a sync", () -> meters.forget(syncId));
    }

    @Override
    public String toString() {
        return "RosterSyncMetrics[" + meters.registry().getClass().getSimpleName() + "]";
    }

    /** Configuration of {@link RosterSyncMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private @Nullable Function<SyncId, String> syncTag;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Tags the run, action, conflict and seat meters with {@code sync} = the sync id. One set of series per
         * sync: for hosts with a handful of syncs, not one per tenant.
         *
         * @return this builder
         */
        public Builder tagSyncIds() {
            return syncTag(SyncId::value);
        }

        /**
         * Tags the run, action, conflict and seat meters with {@code sync} = {@code tagOf(syncId)}, for a host
         * that groups its syncs into a few classes of its own (by vendor pair, by plan tier). Syncs with one
         * value add up. Keep the values few: each is a set of series.
         *
         * @param tagOf the tag value of each sync; must give a non-blank value
         * @return this builder
         */
        public Builder syncTag(Function<SyncId, String> tagOf) {
            this.syncTag = Objects.requireNonNull(tagOf, "tagOf");
            return this;
        }

        /**
         * The binder.
         *
         * @return the binder
         */
        public RosterSyncMetrics build() {
            return new RosterSyncMetrics(this);
        }
    }
}
