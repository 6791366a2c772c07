package io.rostersync.spring.boot;

import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spring.boot.internal.CompositeListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The syncs of a Spring Boot application, as the starter found them ({@link SyncDefinition} beans and
 * {@code rostersync.syncs.*} properties), and the {@link SyncRunnerFactory} every scheduler integration uses:
 * each call builds a fresh runner over the shared state store, with the host's {@code SyncListener} beans, the
 * {@link SyncInstrumentation} beans (Micrometer's among them), and this node's name as the lease owner.
 *
 * <p>Immutable and thread-safe. A host that wants to build it differently declares its own bean of this type.
 *
 * @since 0.2.0
 */
public final class RosterSyncs implements SyncRunnerFactory {

    private final Map<SyncId, SyncDefinition> syncs;
    private final @Nullable SyncStateStore store;
    private final SyncListener listener;
    private final List<SyncInstrumentation> instrumentation;
    private final String owner;
    private final Duration leaseTtl;
    private final Clock clock;

    private RosterSyncs(Builder b) {
        this.syncs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.syncs));
        this.store = b.store;
        this.listener = CompositeListener.of(b.listeners);
        this.instrumentation = List.copyOf(b.instrumentation);
        this.owner = b.owner;
        this.leaseTtl = b.leaseTtl;
        this.clock = b.clock;
        if (store == null && !syncs.isEmpty()) {
            throw new InvalidConfigurationException("rostersync: the syncs " + syncs.keySet().stream().map(SyncId::value).toList()
                    + " need a SyncStateStore, and the application has none. Give the application a DataSource"
                    + " (spring-boot-starter-jdbc and a database driver) for the starter's JDBC store, or declare a"
                    + " SyncStateStore bean.");
        }
        // build each runner once now, so that a policy the target cannot honour, or a licence rule without a
        // pool, fails start-up instead of the first scheduled run
        for (SyncId id : syncs.keySet()) {
            try {
                runnerFor(id);
            } catch (RuntimeException e) {
                throw new InvalidConfigurationException("rostersync: sync '" + id.value() + "' is not valid: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Starts a registry.
     *
     * @return a builder with no syncs, no store, no listeners, the host name as owner and a 30-minute lease
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The syncs, in the order they were added.
     *
     * @return their definitions
     */
    public List<SyncDefinition> definitions() {
        return List.copyOf(syncs.values());
    }

    /**
     * The ids of the syncs.
     *
     * @return the ids, in the order the syncs were added
     */
    public Set<SyncId> ids() {
        return java.util.Collections.unmodifiableSet(syncs.keySet());
    }

    /**
     * One sync's definition.
     *
     * @param syncId the sync
     * @return its definition, or empty when there is no such sync
     */
    public Optional<SyncDefinition> definition(SyncId syncId) {
        return Optional.ofNullable(syncs.get(Objects.requireNonNull(syncId, "syncId")));
    }

    /**
     * The state store every runner shares.
     *
     * @return the store; empty only when there are no syncs and the application has no store
     */
    public Optional<SyncStateStore> stateStore() {
        return Optional.ofNullable(store);
    }

    /**
     * The lease owner's name this node's runners use.
     *
     * @return the node name
     */
    public String owner() {
        return owner;
    }

    /**
     * A new runner for {@code syncId} over the shared store.
     *
     * @param syncId the sync
     * @return its runner
     * @throws UnknownSyncException when the application has no such sync
     */
    @Override
    public SyncRunner runnerFor(SyncId syncId) {
        SyncDefinition sync = syncs.get(Objects.requireNonNull(syncId, "syncId"));
        if (sync == null || store == null) {
            throw new UnknownSyncException(syncId);
        }
        SyncListener runListener = listener;
        for (SyncInstrumentation i : instrumentation) {
            runListener = Objects.requireNonNull(i.listener(syncId, runListener), "SyncInstrumentation.listener returned null");
        }
        SyncRunner.Builder runner = SyncRunner.builder().syncId(syncId).source(sync.source()).target(sync.target())
                .policy(sync.policy()).stateStore(store).listener(runListener).owner(owner).leaseTtl(leaseTtl).clock(clock);
        for (LicensePool pool : sync.licensePools()) {
            LicensePool decorated = pool;
            for (SyncInstrumentation i : instrumentation) {
                decorated = Objects.requireNonNull(i.licensePool(syncId, decorated), "SyncInstrumentation.licensePool returned null");
            }
            runner.licensePool(decorated);
        }
        return runner.build();
    }

    @Override
    public String toString() {
        return "RosterSyncs" + syncs.keySet();
    }

    /** Builds {@link RosterSyncs}; not thread-safe. */
    public static final class Builder {
        private final Map<SyncId, SyncDefinition> syncs = new LinkedHashMap<>();
        private @Nullable SyncStateStore store;
        private final List<SyncListener> listeners = new ArrayList<>();
        private final List<SyncInstrumentation> instrumentation = new ArrayList<>();
        private String owner = NodeName.hostName();
        private Duration leaseTtl = Duration.ofMinutes(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the store every runner shares; required when there are syncs.
         *
         * @param value the store
         * @return this builder
         */
        public Builder stateStore(SyncStateStore value) {
            store = Objects.requireNonNull(value, "stateStore");
            return this;
        }

        /**
         * Adds a sync.
         *
         * @param value the sync
         * @return this builder
         * @throws InvalidConfigurationException when a sync with the same id was added already
         */
        public Builder sync(SyncDefinition value) {
            Objects.requireNonNull(value, "sync");
            if (syncs.putIfAbsent(value.id(), value) != null) {
                throw new InvalidConfigurationException("rostersync: two syncs have the id '" + value.id().value()
                        + "'; each sync needs its own id (it keys the sync's links, cursor and run history)");
            }
            return this;
        }

        /**
         * Adds a listener every runner tells about its runs; what it throws is logged and ignored.
         *
         * @param value the host's listener
         * @return this builder
         */
        public Builder listener(SyncListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Adds an instrumentation, applied after those added before.
         *
         * @param value the instrumentation
         * @return this builder
         */
        public Builder instrumentation(SyncInstrumentation value) {
            instrumentation.add(Objects.requireNonNull(value, "instrumentation"));
            return this;
        }

        /**
         * Sets the name this node takes leases under.
         *
         * @param value not blank; the host name by default
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder owner(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("the node name must not be blank");
            }
            owner = value;
            return this;
        }

        /**
         * Sets the lease time to live of every run.
         *
         * @param value positive; 30 minutes by default
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder leaseTtl(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("rostersync.lease-ttl must be positive, was " + value);
            }
            leaseTtl = value;
            return this;
        }

        /**
         * Sets the clock runs are timed by.
         *
         * @param value the clock; the system UTC clock by default
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The registry, each sync's runner built once to check its configuration.
         *
         * @return the registry
         * @throws InvalidConfigurationException when there are syncs but no store, or a sync's runner cannot be
         *                                       built (the message says which sync and why)
         */
        public RosterSyncs build() {
            return new RosterSyncs(this);
        }
    }
}
