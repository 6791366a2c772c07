package io.rostersync.spring.boot;

import io.rostersync.spi.SyncStateStore;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's configuration properties, under {@code rostersync}. Every property has a default; a host that
 * declares its syncs as {@link SyncDefinition} beans and has a {@code DataSource} needs none of them.
 *
 * <pre>{@code
 * rostersync.syncs.zendesk-to-app.source=zendesk      # bean name of a UserDirectory
 * rostersync.syncs.zendesk-to-app.target=app-users    # bean name of a UserDirectory
 * rostersync.syncs.zendesk-to-app.every=30m
 * }</pre>
 *
 * @since 0.2.0
 */
@ConfigurationProperties("rostersync")
public class RosterSyncProperties {

    /** The name this node takes leases under, as other nodes see it in the store; the host name by default. */
    private @Nullable String nodeName;
    /** How long a run's lease lasts before another node may take it over; runners renew it while they work. */
    private Duration leaseTtl = Duration.ofMinutes(30);
    /** The state store on the application's {@code DataSource}. */
    private final Store store = new Store();
    /** How syncs are run on their schedules. */
    private final Scheduling scheduling = new Scheduling();
    /** Micrometer meters. */
    private final Metrics metrics = new Metrics();
    /** The Actuator health indicator. */
    private final Health health = new Health();
    /** The Actuator endpoint. */
    private final Endpoint endpoint = new Endpoint();
    /** Syncs declared in configuration, by sync id. */
    private final Map<String, SyncProperties> syncs = new LinkedHashMap<>();

    /**
     * The node name, if set.
     *
     * @return the name, or {@code null} for the host name
     */
    public @Nullable String getNodeName() {
        return nodeName;
    }

    /**
     * Sets the node name.
     *
     * @param nodeName the name leases are taken under
     */
    public void setNodeName(@Nullable String nodeName) {
        this.nodeName = nodeName;
    }

    /**
     * The lease time to live.
     *
     * @return the ttl
     */
    public Duration getLeaseTtl() {
        return leaseTtl;
    }

    /**
     * Sets the lease time to live.
     *
     * @param leaseTtl positive
     */
    public void setLeaseTtl(Duration leaseTtl) {
        this.leaseTtl = Objects.requireNonNull(leaseTtl, "leaseTtl");
    }

    /**
     * The store settings.
     *
     * @return the settings
     */
    public Store getStore() {
        return store;
    }

    /**
     * The scheduling settings.
     *
     * @return the settings
     */
    public Scheduling getScheduling() {
        return scheduling;
    }

    /**
     * The metrics settings.
     *
     * @return the settings
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * The health indicator settings.
     *
     * @return the settings
     */
    public Health getHealth() {
        return health;
    }

    /**
     * The endpoint settings.
     *
     * @return the settings
     */
    public Endpoint getEndpoint() {
        return endpoint;
    }

    /**
     * The syncs declared in configuration.
     *
     * @return by sync id; mutable, for binding
     */
    public Map<String, SyncProperties> getSyncs() {
        return syncs;
    }

    /** {@code rostersync.store.*}: the JDBC state store on the application's {@code DataSource}. */
    public static class Store {
        /** Whether the store's tables are created or upgraded at start-up; when off, a missing schema fails start-up. */
        private boolean migrate = true;
        /** How many run reports per sync the store keeps ({@value SyncStateStore#DEFAULT_REPORT_HISTORY} by default). */
        private int reportHistory = SyncStateStore.DEFAULT_REPORT_HISTORY;

        /**
         * Whether to migrate at start-up.
         *
         * @return true by default
         */
        public boolean isMigrate() {
            return migrate;
        }

        /**
         * Sets whether to migrate at start-up.
         *
         * @param migrate false when the host applies the scripts itself (Flyway, Liquibase, a DBA)
         */
        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }

        /**
         * Reports kept per sync.
         *
         * @return at least 1
         */
        public int getReportHistory() {
            return reportHistory;
        }

        /**
         * Sets the reports kept per sync.
         *
         * @param reportHistory at least 1
         */
        public void setReportHistory(int reportHistory) {
            this.reportHistory = reportHistory;
        }
    }

    /** {@code rostersync.scheduling.*}: Quartz when the application has a Quartz scheduler, else in-process. */
    public static class Scheduling {
        /** Whether the starter schedules the syncs at all; when off they run only through the endpoint or the host's code. */
        private boolean enabled = true;
        /** Threads of the in-process scheduler: how many syncs may run at once (ignored under Quartz). */
        private int threads = 2;

        /**
         * Whether syncs are scheduled.
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether syncs are scheduled.
         *
         * @param enabled false to run syncs only on demand
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Threads of the in-process scheduler.
         *
         * @return at least 1
         */
        public int getThreads() {
            return threads;
        }

        /**
         * Sets the threads of the in-process scheduler.
         *
         * @param threads at least 1
         */
        public void setThreads(int threads) {
            this.threads = threads;
        }
    }

    /** {@code rostersync.metrics.*}: the Micrometer binder, when the application has a {@code MeterRegistry}. */
    public static class Metrics {
        /** Whether the meters carry a {@code sync} tag with the sync id (one set of series per sync: for a few syncs only). */
        private boolean tagSyncIds;

        /**
         * Whether meters carry the sync id.
         *
         * @return false by default
         */
        public boolean isTagSyncIds() {
            return tagSyncIds;
        }

        /**
         * Sets whether meters carry the sync id.
         *
         * @param tagSyncIds true for a handful of syncs
         */
        public void setTagSyncIds(boolean tagSyncIds) {
            this.tagSyncIds = tagSyncIds;
        }
    }

    /** {@code rostersync.health.*}: what the health indicator reports for a sync that failed or is overdue. */
    public static class Health {
        /** The status of a sync whose last run failed (DOWN, OUT_OF_SERVICE, UNKNOWN or UP). */
        private String failedStatus = "DOWN";
        /** The status of a sync that is overdue: its stored next due time plus the grace lies before now. */
        private String overdueStatus = "DOWN";
        /** How long after its next due time a sync that has not run counts as overdue. */
        private Duration overdueGrace = Duration.ofMinutes(30);

        /**
         * The status of a failed sync.
         *
         * @return a health status code
         */
        public String getFailedStatus() {
            return failedStatus;
        }

        /**
         * Sets the status of a failed sync.
         *
         * @param failedStatus a health status code, such as DOWN or OUT_OF_SERVICE
         */
        public void setFailedStatus(String failedStatus) {
            this.failedStatus = Objects.requireNonNull(failedStatus, "failedStatus");
        }

        /**
         * The status of an overdue sync.
         *
         * @return a health status code
         */
        public String getOverdueStatus() {
            return overdueStatus;
        }

        /**
         * Sets the status of an overdue sync.
         *
         * @param overdueStatus a health status code, such as DOWN or OUT_OF_SERVICE
         */
        public void setOverdueStatus(String overdueStatus) {
            this.overdueStatus = Objects.requireNonNull(overdueStatus, "overdueStatus");
        }

        /**
         * The grace after the next due time.
         *
         * @return not negative
         */
        public Duration getOverdueGrace() {
            return overdueGrace;
        }

        /**
         * Sets the grace after the next due time.
         *
         * @param overdueGrace not negative
         */
        public void setOverdueGrace(Duration overdueGrace) {
            this.overdueGrace = Objects.requireNonNull(overdueGrace, "overdueGrace");
        }
    }

    /** {@code rostersync.endpoint.*}: the Actuator endpoint {@code rostersync}. */
    public static class Endpoint {
        /** How many of each sync's latest runs the endpoint lists. */
        private int runs = 10;

        /**
         * Runs listed per sync.
         *
         * @return at least 1
         */
        public int getRuns() {
            return runs;
        }

        /**
         * Sets the runs listed per sync.
         *
         * @param runs at least 1
         */
        public void setRuns(int runs) {
            this.runs = runs;
        }
    }

    /**
     * {@code rostersync.syncs.<id>.*}: one sync declared in configuration. Directories, the policy and the licence
     * pool are named by their bean names.
     */
    public static class SyncProperties {
        /** Bean name of the {@code UserDirectory} users are read from (required). */
        private @Nullable String source;
        /** Bean name of the {@code UserDirectory} users are written to (required). */
        private @Nullable String target;
        /** Bean name of the {@code SyncPolicy}; the default policy when unset. */
        private @Nullable String policy;
        /** Bean name of the {@code LicensePool} the sync provisions seats from; none when unset. */
        private @Nullable String licensePool;
        /** Time between runs; six hours (with jitter, a full read at least daily) when neither this nor {@code cron} is set. */
        private @Nullable Duration every;
        /** A cron expression to run at instead of an interval (Quartz's syntax under Quartz, Spring's in-process). */
        private @Nullable String cron;
        /** The time zone of {@code cron}; UTC by default, so that every node reads the expression alike. */
        private @Nullable ZoneId zone;
        /** Delay before the first run; zero with {@code every}, five minutes with the default schedule. */
        private @Nullable Duration firstDelay;
        /** Extra random delay as a fraction of each interval, in [0, 1]. */
        private @Nullable Double jitter;
        /** A full read every this many runs. */
        private @Nullable Integer fullEveryRuns;
        /** A full read when the last one is older than this. */
        private @Nullable Duration fullAfter;

        /**
         * The source bean name.
         *
         * @return the name, or null when unset
         */
        public @Nullable String getSource() {
            return source;
        }

        /**
         * Sets the source bean name.
         *
         * @param source a {@code UserDirectory} bean's name
         */
        public void setSource(@Nullable String source) {
            this.source = source;
        }

        /**
         * The target bean name.
         *
         * @return the name, or null when unset
         */
        public @Nullable String getTarget() {
            return target;
        }

        /**
         * Sets the target bean name.
         *
         * @param target a {@code UserDirectory} bean's name
         */
        public void setTarget(@Nullable String target) {
            this.target = target;
        }

        /**
         * The policy bean name.
         *
         * @return the name, or null for the default policy
         */
        public @Nullable String getPolicy() {
            return policy;
        }

        /**
         * Sets the policy bean name.
         *
         * @param policy a {@code SyncPolicy} bean's name
         */
        public void setPolicy(@Nullable String policy) {
            this.policy = policy;
        }

        /**
         * The licence pool bean name.
         *
         * @return the name, or null for none
         */
        public @Nullable String getLicensePool() {
            return licensePool;
        }

        /**
         * Sets the licence pool bean name.
         *
         * @param licensePool a {@code LicensePool} bean's name
         */
        public void setLicensePool(@Nullable String licensePool) {
            this.licensePool = licensePool;
        }

        /**
         * The interval.
         *
         * @return the interval, or null for the default schedule
         */
        public @Nullable Duration getEvery() {
            return every;
        }

        /**
         * Sets the interval.
         *
         * @param every positive
         */
        public void setEvery(@Nullable Duration every) {
            this.every = every;
        }

        /**
         * The cron expression.
         *
         * @return the expression, or null for an interval
         */
        public @Nullable String getCron() {
            return cron;
        }

        /**
         * Sets the cron expression.
         *
         * @param cron six or seven fields, seconds first
         */
        public void setCron(@Nullable String cron) {
            this.cron = cron;
        }

        /**
         * The cron expression's time zone.
         *
         * @return the zone, or null for UTC
         */
        public @Nullable ZoneId getZone() {
            return zone;
        }

        /**
         * Sets the cron expression's time zone.
         *
         * @param zone the zone
         */
        public void setZone(@Nullable ZoneId zone) {
            this.zone = zone;
        }

        /**
         * The first delay.
         *
         * @return the delay, or null for the schedule's
         */
        public @Nullable Duration getFirstDelay() {
            return firstDelay;
        }

        /**
         * Sets the first delay.
         *
         * @param firstDelay not negative
         */
        public void setFirstDelay(@Nullable Duration firstDelay) {
            this.firstDelay = firstDelay;
        }

        /**
         * The jitter.
         *
         * @return the fraction, or null for the schedule's
         */
        public @Nullable Double getJitter() {
            return jitter;
        }

        /**
         * Sets the jitter.
         *
         * @param jitter in [0, 1]
         */
        public void setJitter(@Nullable Double jitter) {
            this.jitter = jitter;
        }

        /**
         * Runs between full reads.
         *
         * @return the count, or null for the schedule's
         */
        public @Nullable Integer getFullEveryRuns() {
            return fullEveryRuns;
        }

        /**
         * Sets the runs between full reads.
         *
         * @param fullEveryRuns at least 1
         */
        public void setFullEveryRuns(@Nullable Integer fullEveryRuns) {
            this.fullEveryRuns = fullEveryRuns;
        }

        /**
         * The age after which a full read is due.
         *
         * @return the age, or null for the schedule's
         */
        public @Nullable Duration getFullAfter() {
            return fullAfter;
        }

        /**
         * Sets the age after which a full read is due.
         *
         * @param fullAfter positive
         */
        public void setFullAfter(@Nullable Duration fullAfter) {
            this.fullAfter = fullAfter;
        }
    }
}
