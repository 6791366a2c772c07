package io.rostersync.quartz.internal;

import io.rostersync.model.SyncId;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.quartz.JobDataMap;

/**
 * What a sync's job stores in Quartz: the sync id and its cadence of full reads, nothing else (never a
 * credential: the host's {@code SyncRunnerFactory} builds the runner from the id on the node that fires).
 * Every value is a string, so the data fits a JDBC job store with {@code org.quartz.jobStore.useProperties=true}
 * and is readable in its tables.
 *
 * @param syncId         the sync
 * @param fullEveryRuns  a full read every this many runs
 * @param fullAfter      a full read when the last one is older than this
 * @param busyRetryAfter how soon a firing that found the sync busy is tried again
 */
public record JobData(SyncId syncId, int fullEveryRuns, Duration fullAfter, Duration busyRetryAfter) {

    /** Key of the sync id. */
    public static final String SYNC_ID = "rostersync.syncId";
    /** Key of the runs between full reads, a decimal number. */
    public static final String FULL_EVERY_RUNS = "rostersync.fullEveryRuns";
    /** Key of the age after which a run reads in full, an ISO-8601 duration. */
    public static final String FULL_AFTER = "rostersync.fullAfter";
    /** Key of the delay before a busy firing is tried again, an ISO-8601 duration. */
    public static final String BUSY_RETRY_AFTER = "rostersync.busyRetryAfter";
    /** Every key the job's data holds. */
    public static final Set<String> KEYS = Set.of(SYNC_ID, FULL_EVERY_RUNS, FULL_AFTER, BUSY_RETRY_AFTER);

    /**
     * Checks the parts.
     *
     * @param syncId         the sync
     * @param fullEveryRuns  at least 1
     * @param fullAfter      positive
     * @param busyRetryAfter positive
     */
    public JobData {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(fullAfter, "fullAfter");
        Objects.requireNonNull(busyRetryAfter, "busyRetryAfter");
        if (fullEveryRuns < 1 || fullAfter.isNegative() || fullAfter.isZero()) {
            throw new IllegalArgumentException("invalid cadence: full every " + fullEveryRuns + " runs or after " + fullAfter);
        }
        if (busyRetryAfter.isNegative() || busyRetryAfter.isZero()) {
            throw new IllegalArgumentException("invalid busy retry delay: " + busyRetryAfter);
        }
    }

    /**
     * The map to store.
     *
     * @return a new map of strings
     */
    public JobDataMap toMap() {
        return new JobDataMap(Map.of(SYNC_ID, syncId.value(), FULL_EVERY_RUNS, Integer.toString(fullEveryRuns),
                FULL_AFTER, fullAfter.toString(), BUSY_RETRY_AFTER, busyRetryAfter.toString()));
    }

    /**
     * Reads a stored map back.
     *
     * @param map the job's data
     * @return the data
     * @throws IllegalArgumentException naming the key when a value is missing or malformed (a job created by
     *                                  hand or by another program under rostersync's group)
     */
    public static JobData from(JobDataMap map) {
        String id = text(map, SYNC_ID);
        SyncId syncId;
        try {
            syncId = SyncId.of(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job data '" + SYNC_ID + "' is not a sync id: " + e.getMessage(), e);
        }
        int runs;
        try {
            runs = Integer.parseInt(text(map, FULL_EVERY_RUNS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job data '" + FULL_EVERY_RUNS + "' is not a number", e);
        }
        return new JobData(syncId, runs, duration(map, FULL_AFTER), duration(map, BUSY_RETRY_AFTER));
    }

    private static Duration duration(JobDataMap map, String key) {
        try {
            return Duration.parse(text(map, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("job data '" + key + "' is not an ISO-8601 duration", e);
        }
    }

    private static String text(JobDataMap map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("job data has no '" + key + "'");
        }
        return value.toString();
    }
}
