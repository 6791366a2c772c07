package io.rostersync.dbscheduler.internal;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.CronSchedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * When a sync runs first and next. Pure functions of the stored data and the times given, so every node computes
 * the same.
 */
public final class Timing {

    private Timing() {
    }

    /**
     * The first run of a newly registered sync: for an interval trigger within the first-run window at the sync's
     * own point ({@link #spread(String)}), for a cron trigger the expression's next time.
     *
     * @param data the sync's data
     * @param now  the registration time
     * @return when it runs first
     */
    public static Instant firstRun(SyncTaskData data, Instant now) {
        if (data.cronExpression().isPresent()) {
            return nextCron(data, now);
        }
        long window = data.firstRunWithinMillis();
        return now.truncatedTo(ChronoUnit.MILLIS).plusMillis((long) (window * spread(data.syncId())));
    }

    /**
     * The run after the one that served {@code served}, computed when that run starts at {@code now}: for an
     * interval trigger the first {@code served + k * interval} (k at least 1) after {@code now}, so missed runs
     * collapse into the one running and the sync keeps its phase; for a cron trigger the expression's next time
     * after {@code now}.
     *
     * @param data   the sync's data
     * @param served the due time of the run now starting
     * @param now    when it starts
     * @return when the sync is due next, after {@code now}
     */
    public static Instant nextDue(SyncTaskData data, Instant served, Instant now) {
        if (data.cronExpression().isPresent()) {
            return nextCron(data, now);
        }
        long interval = data.intervalMillis();
        Instant from = served.truncatedTo(ChronoUnit.MILLIS); // the state store keeps milliseconds: both hold the same time
        long behind = Duration.between(from, now).toMillis();
        long steps = behind < 0 ? 1 : behind / interval + 1;
        return from.plusMillis(Math.multiplyExact(steps, interval));
    }

    /**
     * Where in its first-run window a sync runs: a fraction in [0, 1) from a hash of the sync id, the same on
     * every node and in every release (FNV-1a over the UTF-8 bytes), mixed so that ids differing in one character
     * land far apart.
     *
     * @param syncId the sync id's value
     * @return the fraction of the window
     */
    public static double spread(String syncId) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the UTF-8 bytes, then a 64-bit finaliser
        for (byte b : syncId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    /**
     * Checks a cron expression the way db-scheduler will read it.
     *
     * @param syncId     the sync it is registered for, named in the message
     * @param expression the expression
     * @param zone       its time zone
     * @param now        the time after which it must fire at least once
     * @throws InvalidConfigurationException naming the expression, when it cannot be parsed or never fires
     */
    public static void checkCron(SyncId syncId, String expression, ZoneId zone, Instant now) {
        String syntax = "; db-scheduler reads six fields, second minute hour day-of-month month day-of-week"
                + " (Spring 5.3 syntax, no year), e.g. \"0 0 0/6 * * *\" for every six hours on the hour";
        String which = "sync " + syncId + ": cron expression '" + expression + "'";
        CronSchedule schedule;
        try {
            schedule = new CronSchedule(expression, zone);
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(which + " is not valid for db-scheduler: " + e.getMessage() + syntax, e);
        }
        Instant next = schedule.getNextExecutionTime(ExecutionComplete.simulatedSuccess(now));
        if (!next.isBefore(Schedule.NEVER)) {
            throw new InvalidConfigurationException(which + " never fires" + syntax);
        }
    }

    /** The expression's first time after {@code after}, on the whole second (cron-utils keeps the fraction given). */
    private static Instant nextCron(SyncTaskData data, Instant after) {
        return data.getSchedule().getNextExecutionTime(
                ExecutionComplete.simulatedSuccess(after.truncatedTo(ChronoUnit.SECONDS)));
    }
}
