package io.rostersync.dbscheduler.internal;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.model.SyncId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The db-scheduler task: one instance per sync, whose data is the sync id and its trigger. A run asks the host's
 * factory for the runner, runs it with the next due time (which is where the instance is rescheduled to), and
 * always completes: a sync the host no longer knows is removed, any other failure is logged and the sync stays
 * scheduled. A run that found the lease held (the node that ran it before died and its lease has not expired, or
 * the host runs the sync by hand) is tried again after the trigger's busy retry, not an interval later, so no firing is lost.
 * Dead executions (a node stopped heartbeating) are revived by db-scheduler on another node.
 */
public final class SyncTask extends RecurringTaskWithPersistentSchedule<SyncTaskData> {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTask.class);
    private static final int MAX_ERROR_TEXT = 300;

    private final SyncRunnerFactory factory;
    private final Clock clock;

    /**
     * The task.
     *
     * @param name      the task name, shared by every node
     * @param factory   the host's way from a sync id to a runner
     * @param clock     the time due times are computed from
     */
    public SyncTask(String name, SyncRunnerFactory factory, Clock clock) {
        super(name, SyncTaskData.class, new FailureHandler.OnFailureRescheduleUsingTaskDataSchedule<>(),
                new DeadExecutionHandler.ReviveDeadExecution<>(), DEFAULT_PRIORITY);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletionHandler<SyncTaskData> execute(TaskInstance<SyncTaskData> instance, ExecutionContext context) {
        SyncTaskData data = instance.getData();
        SyncId syncId = data.id();
        Instant now = clock.instant();
        Instant next = Timing.nextDue(data, context.getExecution().getExecutionTime(), now);
        SyncRunner runner;
        try {
            runner = factory.runnerFor(syncId);
        } catch (UnknownSyncException e) {
            LOG.info("sync {}: the host has no such sync any more; removing its db-scheduler instance", syncId);
            return (complete, operations) -> operations.remove();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("sync {}: the host's SyncRunnerFactory failed, the sync stays scheduled for {}: {}", syncId, next,
                    describe(e));
            LOG.debug("sync {}: factory failure", syncId, e);
            return rescheduleTo(next);
        }
        if (runner == null || !syncId.equals(runner.syncId())) {
            LOG.error("sync {}: the host's SyncRunnerFactory returned {}; the sync stays scheduled for {}", syncId,
                    runner == null ? "null" : "the runner of sync " + runner.syncId(), next);
            return rescheduleTo(next);
        }
        Instant due = context.getExecution().getExecutionTime();
        Optional<Instant> served = alreadyServed(runner, data, due);
        if (served.isPresent()) {
            LOG.info("sync {}: the firing due at {} was already run (the store says next due {}); not running it again",
                    syncId, due, served.get());
            return rescheduleTo(served.get());
        }
        SyncReport report = RunnerCalls.runScheduled(runner, data.cadence(), next);
        if (report.status() == RunStatus.BUSY) {
            Instant retry = now.plus(data.busyRetry());
            Instant at = retry.isBefore(next) ? retry : next;
            LOG.info("sync {}: another runner holds the lease; trying again at {}", syncId, at);
            return rescheduleTo(at);
        }
        return rescheduleTo(next);
    }

    /**
     * The stored next due time when the firing due at {@code due} was already served: a run recorded a next due time
     * after {@code due}, no further than the trigger itself would put it from {@code due}. That is what a second
     * execution of one firing finds: the run that was retried after finding the lease held, when the holder ran the
     * firing meanwhile; or an execution db-scheduler revived from a node that only stalled past its heartbeats and
     * then finished the run. A next due time further out than one step of the trigger is not this firing's (the
     * registration changed since), and an empty or earlier one means the firing is still to run.
     */
    private static Optional<Instant> alreadyServed(SyncRunner runner, SyncTaskData data, Instant due) {
        Optional<Instant> stored;
        try {
            stored = runner.scheduleState().nextDue();
        } catch (RuntimeException e) {
            LOG.debug("sync {}: could not read its stored schedule; running it", data.id(), e);
            return Optional.empty();
        }
        Instant dueMillis = due.truncatedTo(ChronoUnit.MILLIS);
        return stored.filter(next -> next.isAfter(dueMillis) && !next.isAfter(Timing.nextDue(data, dueMillis, dueMillis)));
    }

    private static CompletionHandler<SyncTaskData> rescheduleTo(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            text += ": " + message;
        }
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }

    @Override
    public String toString() {
        return "rostersync SyncTask " + getName();
    }
}
