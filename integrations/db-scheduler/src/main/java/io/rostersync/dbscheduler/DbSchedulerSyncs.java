package io.rostersync.dbscheduler;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.rostersync.dbscheduler.internal.SyncTask;
import io.rostersync.dbscheduler.internal.SyncTaskData;
import io.rostersync.dbscheduler.internal.Timing;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.SyncTrigger;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.TransientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * rostersync syncs as a db-scheduler recurring task: one task, which every node registers with its
 * {@code Scheduler}, and one task instance per sync, whose stored data is the sync id and its
 * {@link SyncTrigger} (never a credential). Whichever node picks an instance asks the host's
 * {@link SyncRunnerFactory} for the runner and runs it once; db-scheduler's row lock makes it one node per
 * firing, and the sync's lease in the {@code SyncStateStore} underneath fences the writes if two ever overlap.
 *
 * <pre>{@code
 * DbSchedulerSyncs syncs = DbSchedulerSyncs.create(syncId -> tenants.runnerFor(syncId)); // the host's factory
 * Scheduler scheduler = Scheduler.create(dataSource, syncs.task())
 *         .threads(8)                                  // syncs running at once on this node
 *         .heartbeatInterval(Duration.ofMinutes(1))    // a running sync's row is touched this often
 *         .missedHeartbeatsLimit(6)                    // dead after 6 missed: revived on another node
 *         .registerShutdownHook()
 *         .build();
 * scheduler.start();
 * for (Tenant t : tenants.all()) {                      // at every start-up, on every node: idempotent
 *     syncs.register(scheduler, t.syncId(), SyncTrigger.of(Schedule.everySixHours()));
 * }
 * }</pre>
 *
 * <h2>What each run does</h2>
 * The task calls the factory with the instance's sync id and runs the runner as a scheduled run, telling the
 * store when the sync is due next; the instance is rescheduled to exactly that time. A
 * {@link io.rostersync.engine.UnknownSyncException} from the factory (a deleted tenant) removes the instance and
 * logs it; any other failure of the factory is logged and the sync stays scheduled for its next time (a failed
 * run is the runner's report, as always). A run that finds the sync's lease held by another runner does nothing
 * and is tried again after the trigger's {@link SyncTrigger#busyRetryAfter() busy retry}.
 *
 * <h2>Missed runs</h2>
 * A sync has one row, so however long every node was down, it runs once when one is back, then keeps its
 * interval's phase (or the cron expression's next time): never a burst.
 *
 * <h2>When a node dies</h2>
 * A node running a sync updates the row's heartbeat every {@code heartbeatInterval}; another node declares the
 * execution dead once it missed {@code missedHeartbeatsLimit} of them (db-scheduler's defaults: 5 minutes and 6,
 * so 30 minutes) and revives it at once: the sync runs again on a live node. The dead runner's lease in the state
 * store expires after the runner's {@code leaseTtl} (30 minutes by default) counted from its last renewal; until
 * then the revived run is {@code BUSY} and retried every {@link SyncTrigger#retryBusyAfter busy retry}. So a sync's run is taken over after
 * about {@code max(heartbeatInterval * missedHeartbeatsLimit, leaseTtl)} plus a polling interval. Choose the
 * runner's lease TTL longer than the slowest single vendor call (the runner renews it between calls, once a third
 * of it has passed; a live run whose lease ran out stops before its next write) and, for the quickest takeover,
 * no longer than {@code heartbeatInterval * missedHeartbeatsLimit}: the revived run then finds the lease expired
 * and runs at once. A node that is only slow keeps its execution (its scheduler heartbeats from a thread of its
 * own); one stalled beyond the limit (a long GC pause, a starved machine) loses it to another node, and then the
 * lease decides: the second runner is {@code BUSY} until the first one's lease is gone. A firing is never run twice: before running, a task reads the sync's stored schedule, and when a run already recorded a next due time past this firing's (the first node finished it meanwhile), the execution moves to that time without running. Whatever the dead node had written is in the target and in the store's links; the revived run reads both and
 * creates no account twice.
 *
 * <p>Thread-safe: {@link #register}, {@link #unregister} and {@link #registered} may be called from any thread and
 * any node at once.
 *
 * @since 0.1.0
 */
public final class DbSchedulerSyncs {

    /** The task name used unless {@link Builder#taskName(String)} sets another: {@value}. */
    public static final String DEFAULT_TASK_NAME = "rostersync-sync";

    private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Attempts of one registration that keeps racing other nodes' before it gives up. */
    private static final int ATTEMPTS = 5;

    private final SyncTask task;
    private final Clock clock;

    private DbSchedulerSyncs(Builder b) {
        this.clock = b.clock;
        this.task = new SyncTask(b.taskName, b.factory, b.clock);
    }

    /**
     * The syncs of {@code factory} under the default task name and busy retry.
     *
     * @param factory the host's way from a sync id to a ready runner, called on the node that runs the sync
     * @return the syncs' task and registration
     * @throws NullPointerException if {@code factory} is null
     */
    public static DbSchedulerSyncs create(SyncRunnerFactory factory) {
        return builder(factory).build();
    }

    /**
     * A builder for the syncs of {@code factory}.
     *
     * @param factory the host's way from a sync id to a ready runner, called on the node that runs the sync
     * @return a builder with the defaults
     * @throws NullPointerException if {@code factory} is null
     */
    public static Builder builder(SyncRunnerFactory factory) {
        return new Builder(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * The task to give every node's {@code Scheduler.create(dataSource, ...)} (or a {@code SchedulerClient} used
     * to register); the same on every node.
     *
     * @return the task
     */
    public Task<?> task() {
        return task;
    }

    /**
     * The task's name, the {@code task_name} of its rows in {@code scheduled_tasks}.
     *
     * @return the name
     */
    public String taskName() {
        return task.getName();
    }

    /**
     * Registers a sync, or brings its registration up to date; idempotent, so every node may call it for every
     * sync at every start-up: an unchanged registration writes nothing (no reset of the next run, no duplicate),
     * a changed trigger replaces the stored one (see {@link Registration#UPDATED}). Safe against other nodes
     * registering the same sync at the same time.
     *
     * @param client  the node's {@code Scheduler}, or a {@code SchedulerClient} built with {@link #task()} among
     *                its known tasks and the scheduler's serializer
     * @param syncId  the sync
     * @param trigger when it fires
     * @return what was done
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if the trigger's cron expression is not one db-scheduler reads (six
     *         fields, Spring's syntax) or never fires; the message names the expression and what is wrong, and
     *         nothing is registered
     * @throws TransientException if other nodes kept changing the registration while this call tried to apply
     *         it; calling again applies it
     */
    public Registration register(SchedulerClient client, SyncId syncId, SyncTrigger trigger) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(trigger, "trigger");
        trigger.cronExpression().ifPresent(cron -> Timing.checkCron(syncId, cron, trigger.zone().orElseThrow(), clock.instant()));
        SyncTaskData wanted = SyncTaskData.of(syncId, trigger);
        TaskInstanceId id = TaskInstanceId.of(task.getName(), syncId.value());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ScheduledExecution<Object>> existing = client.getScheduledExecution(id);
            Instant now = clock.instant();
            if (existing.isEmpty()) {
                TaskInstance<SyncTaskData> instance = task.instanceBuilder(syncId.value()).data(wanted).build();
                if (client.scheduleIfNotExists(instance, Timing.firstRun(wanted, now))) {
                    return Registration.CREATED;
                }
                continue; // another node created it just now: compare with what it wrote
            }
            ScheduledExecution<Object> execution = existing.get();
            Object stored = execution.getData();
            if (wanted.equals(stored)) {
                return Registration.UNCHANGED;
            }
            if (execution.isPicked()) {
                return Registration.RUNNING;
            }
            Instant at = execution.getExecutionTime();
            if (!(stored instanceof SyncTaskData old) || !old.sameTiming(wanted)) {
                Instant first = Timing.firstRun(wanted, now);
                at = first.isBefore(at) ? first : at;
            }
            try {
                if (client.reschedule(id, at, wanted)) {
                    return Registration.UPDATED;
                }
            } catch (TaskInstanceCurrentlyExecutingException e) {
                return Registration.RUNNING;
            } catch (TaskInstanceNotFoundException e) {
                // unregistered by another node just now: register afresh
            } catch (ExecutionException e) {
                // a node picked it, or another registration changed it, between the read and the update: look again
            }
        }
        throw new TransientException("sync " + syncId + ": its db-scheduler registration kept changing under "
                + "other nodes' registrations; register it again");
    }

    /**
     * Unregisters a sync: its task instance is deleted and it runs no more. Its state in the store (links, cursor,
     * reports) is left alone.
     *
     * @param client the node's {@code Scheduler}, or a {@code SchedulerClient} as for {@link #register}
     * @param syncId the sync
     * @return what was done
     * @throws NullPointerException if an argument is null
     * @throws TransientException if other nodes kept changing the instance while this call tried to delete it;
     *         calling again deletes it
     */
    public Unregistration unregister(SchedulerClient client, SyncId syncId) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(syncId, "syncId");
        TaskInstanceId id = TaskInstanceId.of(task.getName(), syncId.value());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ScheduledExecution<Object>> existing = client.getScheduledExecution(id);
            if (existing.isEmpty()) {
                return Unregistration.NOT_REGISTERED;
            }
            if (existing.get().isPicked()) {
                return Unregistration.RUNNING;
            }
            try {
                client.cancel(id);
                return Unregistration.REMOVED;
            } catch (TaskInstanceCurrentlyExecutingException e) {
                return Unregistration.RUNNING;
            } catch (TaskInstanceNotFoundException e) {
                return Unregistration.NOT_REGISTERED;
            } catch (ExecutionException e) {
                // a node picked or rescheduled it between the read and the delete: look again
            }
        }
        throw new TransientException("sync " + syncId + ": its db-scheduler instance kept changing under other "
                + "nodes while it was being unregistered; unregister it again");
    }

    /**
     * A sync's registration as db-scheduler holds it.
     *
     * @param client the node's {@code Scheduler}, or a {@code SchedulerClient} as for {@link #register}
     * @param syncId the sync
     * @return its trigger and next run, empty when it is not registered (or its stored data cannot be read)
     * @throws NullPointerException if an argument is null
     */
    public Optional<RegisteredSync> registered(SchedulerClient client, SyncId syncId) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(syncId, "syncId");
        return client.getScheduledExecution(TaskInstanceId.of(task.getName(), syncId.value()))
                .filter(e -> e.getData() instanceof SyncTaskData)
                .map(e -> new RegisteredSync(syncId, ((SyncTaskData) e.getData()).trigger(), e.getExecutionTime(),
                        e.isPicked()));
    }

    @Override
    public String toString() {
        return "DbSchedulerSyncs[task " + task.getName() + "]";
    }

    /**
     * Settings of {@link DbSchedulerSyncs}; only the factory is required. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final SyncRunnerFactory factory;
        private String taskName = DEFAULT_TASK_NAME;
        private Clock clock = Clock.systemUTC();

        private Builder(SyncRunnerFactory factory) {
            this.factory = factory;
        }

        /**
         * The task's name, the same on every node; another name makes another set of registrations (two
         * applications sharing one {@code scheduled_tasks} table each take their own).
         *
         * @param value 1 to 100 letters, digits, dots, underscores or hyphens; {@value #DEFAULT_TASK_NAME} by
         *              default
         * @return this builder
         * @throws IllegalArgumentException if the name has another shape
         */
        public Builder taskName(String value) {
            Objects.requireNonNull(value, "taskName");
            if (!TASK_NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("task name must be 1-100 letters, digits, '.', '_' or '-': '"
                        + value + "'");
            }
            taskName = value;
            return this;
        }

        /**
         * The clock that first runs and next due times are computed from; the system UTC clock by default. For
         * tests that also give db-scheduler and the runners the same clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The task and registration.
         *
         * @return a new {@link DbSchedulerSyncs}
         */
        public DbSchedulerSyncs build() {
            return new DbSchedulerSyncs(this);
        }
    }
}
