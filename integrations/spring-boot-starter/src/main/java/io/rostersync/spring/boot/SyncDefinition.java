package io.rostersync.spring.boot;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.UserDirectory;
import java.time.Duration;
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
 *             .schedule(Schedule.every(Duration.ofMinutes(30)))        // or .trigger(SyncTrigger.cron("0 0 2 * * ?", zone))
 *             .build();
 * }
 * }</pre>
 *
 * <p>When it runs: an engine {@link Schedule} (an interval with jitter and a cadence of full reads), or a
 * {@link SyncTrigger} (an interval or a cron expression in a time zone, with a cadence of full reads); the last one
 * given wins. Under the application's Quartz the sync is registered with {@link #trigger()}; the in-process
 * scheduler runs interval syncs on {@link #schedule()} and cron syncs at the expression's times (Spring's cron
 * syntax there: six fields, no year).
 *
 * <p>Immutable; the directories and the pools are the host's objects, shared by every run of the sync.
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
    private final SyncTrigger trigger;

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
        SyncTrigger explicit = builder.trigger;
        if (explicit == null) {
            this.schedule = builder.schedule;
            this.trigger = SyncTrigger.of(builder.schedule);
        } else {
            this.trigger = explicit;
            this.schedule = scheduleOf(explicit);
        }
    }

    /**
     * The engine schedule of a trigger: an interval trigger's interval, first-run window and cadence of full reads
     * (no jitter: the spread of first runs takes its place); a cron trigger's cadence of full reads, with its
     * {@code fullAfter} as the interval (which only a run without an engine-given next due time would use).
     */
    private static Schedule scheduleOf(SyncTrigger trigger) {
        Duration interval = trigger.interval().orElse(trigger.fullAfter());
        return new Schedule(trigger.firstRunWithin(), interval, 0.0, trigger.fullEveryRuns(), trigger.fullAfter());
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
     * The engine schedule: the one given, or the one a {@linkplain #trigger() trigger} implies (for a cron trigger
     * only its cadence of full reads counts).
     *
     * @return the schedule
     */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * How a job scheduler fires the sync: the trigger given, or {@link SyncTrigger#of(Schedule)} of the schedule.
     *
     * @return the trigger
     */
    public SyncTrigger trigger() {
        return trigger;
    }

    /**
     * Whether the sync runs at the times of a cron expression rather than at an interval.
     *
     * @return true for a cron trigger
     */
    public boolean isCron() {
        return trigger.cronExpression().isPresent();
    }

    /**
     * When the sync runs, in words: {@code every PT30M} or {@code cron '0 0 2 * * ?' in Europe/Berlin}.
     *
     * @return the description
     */
    public String timing() {
        if (isCron()) {
            return "cron '" + trigger.cronExpression().orElseThrow() + "' in " + trigger.zone().orElseThrow();
        }
        return "every " + schedule.interval();
    }

    @Override
    public String toString() {
        return "SyncDefinition[" + id.value() + ", " + timing() + "]";
    }

    /** Builds a {@link SyncDefinition}; not thread-safe. */
    public static final class Builder {

        private final SyncId id;
        private @Nullable UserDirectory source;
        private @Nullable UserDirectory target;
        private SyncPolicy policy = SyncPolicy.defaults();
        private final List<LicensePool> licensePools = new ArrayList<>();
        private Schedule schedule = Schedule.everySixHours();
        private @Nullable SyncTrigger trigger;

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
         * Sets how often the sync runs, replacing any trigger set before; {@link Schedule#everySixHours()} unless
         * a schedule or a trigger is set.
         *
         * @param value the schedule
         * @return this builder
         */
        public Builder schedule(Schedule value) {
            this.schedule = Objects.requireNonNull(value, "schedule");
            this.trigger = null;
            return this;
        }

        /**
         * Sets when the sync runs as a scheduler trigger (an interval, or a cron expression in a time zone),
         * replacing any schedule set before.
         *
         * @param value the trigger
         * @return this builder
         */
        public Builder trigger(SyncTrigger value) {
            this.trigger = Objects.requireNonNull(value, "trigger");
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
