package io.rostersync.spring.boot;

import io.rostersync.engine.Schedule;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sync as a Spring Boot host declares it: a bean of this type per sync. The starter builds the sync's
 * runner over the auto-configured state store whenever a run is due, schedules it, and lists it in Actuator.
 *
 * <pre>{@code
 * @Bean
 * SyncDefinition zendeskToApp(UserDirectory zendesk, UserDirectory appUsers) {
 *     return SyncDefinition.builder("zendesk-to-app")
 *             .source(zendesk)
 *             .target(appUsers)
 *             .schedule(Schedule.every(Duration.ofMinutes(30)))
 *             .build();
 * }
 * }</pre>
 *
 * <p>Immutable; the directories and the pool are the host's objects, shared by every run of the sync.
 *
 * @since 0.2.0
 */
public final class SyncDefinition {

    private final SyncId id;
    private final UserDirectory source;
    private final UserDirectory target;
    private final SyncPolicy policy;
    private final List<LicensePool> licensePools;
    private final Schedule schedule;

    private SyncDefinition(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        if (builder.source == null) {
            throw new IllegalStateException("sync " + id.value() + " has no source directory: call source(...)");
        }
        if (builder.target == null) {
            throw new IllegalStateException("sync " + id.value() + " has no target directory: call target(...)");
        }
        this.source = builder.source;
        this.target = builder.target;
        this.policy = builder.policy;
        this.licensePools = List.copyOf(builder.licensePools);
        this.schedule = builder.schedule;
    }

    /**
     * Starts a definition.
     *
     * @param syncId the sync's id, as {@link SyncId#of(String)} accepts it; it keys the sync's state in the store
     * @return a builder with the default policy and a six-hourly schedule
     * @throws IllegalArgumentException when {@code syncId} is not a valid sync id
     */
    public static Builder builder(String syncId) {
        return new Builder(SyncId.of(syncId));
    }

    /**
     * The sync's id.
     *
     * @return the id
     */
    public SyncId id() {
        return id;
    }

    /**
     * Where users are read from.
     *
     * @return the source directory
     */
    public UserDirectory source() {
        return source;
    }

    /**
     * Where users are written.
     *
     * @return the target directory
     */
    public UserDirectory target() {
        return target;
    }

    /**
     * How the sync matches, maps and protects users.
     *
     * @return the policy
     */
    public SyncPolicy policy() {
        return policy;
    }

    /**
     * The licence seat pools the sync provisions from, one per licence the policy's rules name.
     *
     * @return the pools, in the order given; empty when the policy assigns no licences
     */
    public List<LicensePool> licensePools() {
        return licensePools;
    }

    /**
     * How often the sync runs and reads in full.
     *
     * @return the schedule
     */
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public String toString() {
        return "SyncDefinition[" + id.value() + ", every " + schedule.interval() + "]";
    }

    /** Builds a {@link SyncDefinition}; not thread-safe. */
    public static final class Builder {

        private final SyncId id;
        private @Nullable UserDirectory source;
        private @Nullable UserDirectory target;
        private SyncPolicy policy = SyncPolicy.defaults();
        private final List<LicensePool> licensePools = new ArrayList<>();
        private Schedule schedule = Schedule.everySixHours();

        private Builder(SyncId id) {
            this.id = id;
        }

        /**
         * Sets where users are read from (required).
         *
         * @param value the source directory
         * @return this builder
         */
        public Builder source(UserDirectory value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /**
         * Sets where users are written (required).
         *
         * @param value the target directory
         * @return this builder
         */
        public Builder target(UserDirectory value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /**
         * Sets the policy; {@link SyncPolicy#defaults()} unless set.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(SyncPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Adds a licence seat pool the sync provisions from; every licence rule of the policy needs one.
         *
         * @param value the pool, known by its licence id
         * @return this builder
         */
        public Builder licensePool(LicensePool value) {
            this.licensePools.add(Objects.requireNonNull(value, "licensePool"));
            return this;
        }

        /**
         * Sets how often the sync runs; {@link Schedule#everySixHours()} unless set.
         *
         * @param value the schedule
         * @return this builder
         */
        public Builder schedule(Schedule value) {
            this.schedule = Objects.requireNonNull(value, "schedule");
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return the definition
         * @throws IllegalStateException when the source or the target is missing
         */
        public SyncDefinition build() {
            return new SyncDefinition(this);
        }
    }
}
