package io.rostersync.engine;

import io.rostersync.spi.RunStatus;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.SyncReport;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanExplainer;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.UserRef;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.PolicyFingerprint;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.Links;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WaitingUser;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.ReasonExplainer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured sync end to end: take the lease, read, plan, guard, apply, persist links, cursor
 * and report, and tell the listener as it goes.
 *
 * <pre>{@code
 * SyncRunner runner = SyncRunner.builder()
 *         .syncId(SyncId.of("zendesk-to-qa"))
 *         .source(zendesk)
 *         .target(hostDirectory)
 *         .policy(policy)
 *         .stateStore(store)
 *         .build();
 * SyncReport report = runner.run(RunOptions.defaults());
 * }</pre>
 *
 * <p>Read mode: incremental when the source supports it, a cursor is stored, the last run succeeded, the
 * policy's {@link PolicyFingerprint} equals the one stored with the cursor, no deprovision is held, and
 * the caller does not force a full read; otherwise full, and the report's message says why. The cursor is
 * advanced (with the policy's fingerprint) only when every action applied, so a failed or held change is
 * read again by the next run (a full one), which converges.
 *
 * <p>The deletion guard is applied by the {@link Executor}: a run whose source read was empty is refused
 * whole ({@link RunStatus#REFUSED_BY_GUARD}); otherwise deprovisions beyond the guard's limit are held,
 * the rest applies ({@link RunStatus#HELD}), and the held ones are kept in the store, listed in every
 * report ({@link SyncReport#held()}) and applied when the host releases them
 * ({@link RunOptions#withHeldReleased()}). Users waiting for a license seat are kept in the store too,
 * planned again on every run (an incremental run reads them back from the source) and listed in every
 * report while they wait ({@link SyncReport#waitingForSeat()}).
 *
 * <p>Thread-safe: concurrent {@link #run} calls for one sync id are serialised by the store's lease (the
 * loser gets a {@link RunStatus#BUSY} report).
 *
 * @since 0.1.0
 */
public final class SyncRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    /** Longest error text a report carries, so a huge exception message cannot make the report unstorable. */
    private static final int MAX_ERROR_TEXT = 500;

    /** Waiting users an incremental run reads back one request each; beyond this a full read is cheaper. */
    static final int MAX_WAITING_READ_BACK = 200;

    private final SyncId syncId;
    private final UserDirectory source;
    private final UserDirectory target;
    private final SyncPolicy policy;
    private final SyncStateStore store;
    private final Map<String, LicensePool> pools;
    private final Clock clock;
    private final SyncListener listener;
    private final String owner;
    private final Duration leaseTtl;
    /** The lease {@link #finish} last gave up, so that {@link #run}'s {@code finally} does not release it twice. */
    private final AtomicReference<Lease> released = new AtomicReference<>();

    /** Of the policy, computed once: a selection of many users takes a moment to digest. */
    private final PolicyFingerprint fingerprint;

    private SyncRunner(Builder b) {
        this.syncId = Objects.requireNonNull(b.syncId, "syncId");
        this.source = Objects.requireNonNull(b.source, "source");
        this.target = Objects.requireNonNull(b.target, "target");
        this.policy = b.policy;
        this.store = Objects.requireNonNull(b.store, "stateStore");
        this.pools = Map.copyOf(b.pools);
        this.clock = b.clock;
        this.listener = new ContainedListener(b.listener);
        this.owner = b.owner;
        this.leaseTtl = b.leaseTtl;
        this.fingerprint = policy.fingerprint();
        for (LicenseRule rule : policy.licenseRules()) {
            if (!pools.containsKey(rule.licenseId())) {
                throw new IllegalStateException("the policy has a rule for license '" + rule.licenseId() + "' but no pool was given");
            }
        }
        if (!source.capabilities().contains(Capability.READ)) {
            throw new IllegalStateException(source.name() + " cannot be read, so it cannot be a source");
        }
        if (!target.capabilities().contains(Capability.READ)) {
            throw new IllegalStateException(target.name() + " cannot be read, so it cannot be a target");
        }
        PolicyCapabilities.requireSupported(policy, target);
    }

    /**
     * A builder; sync id, source, target and state store are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The sync this runner runs.
     *
     * @return the sync id
     */
    public SyncId syncId() {
        return syncId;
    }

    /**
     * Runs the sync once and never throws: whatever happens, including an {@link Error} such as an
     * {@link OutOfMemoryError} while reading or a {@link StackOverflowError} in a directory, a listener
     * or the store, the run ends in a report. A run that was stopped by an exception or error ends
     * {@link RunStatus#FAILED}; its report is saved when the store can be reached, the lease is released
     * in every case, and a listener that throws never changes the outcome.
     *
     * <p>A run that finished (not FAILED, BUSY or a dry run) is counted in the stored {@link ScheduleState}
     * as full or incremental, so a full run made by hand postpones the schedule's next forced full read; the
     * stored {@code nextDue} is left as it is (see {@link #runScheduled(Schedule)} for scheduled runs).
     *
     * @param options how to read and apply
     * @return the run's report; never throws for a failed run
     */
    public SyncReport run(RunOptions options) {
        Objects.requireNonNull(options, "options");
        return execute(options, ScheduledRuns.unscheduled()).orElseThrow();
    }

    /**
     * A scheduled run, now: full or incremental as {@code schedule} ({@link Schedule#fullEveryRuns()},
     * {@link Schedule#fullAfter()}) and the stored {@link ScheduleState} say, decided after the lease is
     * taken. Afterwards, under the same lease and after the report is saved, the store's schedule state
     * records the run, and its {@code nextDue} becomes the due time the run served plus the schedule's
     * interval plus a jitter derived from the sync id and that due time, so every node computes the same.
     * The run served the stored {@code nextDue} when that lies within one interval before the run's start,
     * else the start itself (a node that was down for a day runs once, not once per missed firing).
     *
     * <p>What is recorded: a run that finished (not FAILED) counts as full or incremental by its report's
     * mode; a FAILED run counts as neither but still advances {@code nextDue}, so a failing sync is tried again
     * on its interval; a {@link RunStatus#BUSY} run (another node holds the lease) records nothing. When the
     * state cannot be written (the store failed, or the lease was lost), the report is returned as it is and
     * the firing is not recorded: the next trigger runs the sync again, which converges.
     *
     * <p>Never throws for a failed run, like {@link #run}.
     *
     * @param schedule the sync's cadence
     * @return the run's report
     * @throws NullPointerException when {@code schedule} is null (nothing was run)
     * @since 0.2.0
     */
    public SyncReport runScheduled(Schedule schedule) {
        return execute(RunOptions.defaults(), ScheduledRuns.scheduled(schedule)).orElseThrow();
    }

    /**
     * As {@link #runScheduled(Schedule)}, for an engine that owns the timing (a Quartz trigger, a db-scheduler
     * schedule, a cron expression): {@code nextDue}, when the engine fires this sync next, is recorded as the
     * state's {@code nextDue} as it is. The schedule still decides full or incremental.
     *
     * @param schedule the sync's cadence of full reads
     * @param nextDue  when the engine fires this sync next
     * @return the run's report
     * @throws NullPointerException when {@code schedule} or {@code nextDue} is null (nothing was run)
     * @since 0.2.0
     */
    public SyncReport runScheduled(Schedule schedule, Instant nextDue) {
        return execute(RunOptions.defaults(), ScheduledRuns.scheduled(schedule, nextDue)).orElseThrow();
    }

    /**
     * For hosts whose job fires more often than the sync is due (Spring {@code @Scheduled} every minute, a
     * Kubernetes CronJob every 5 minutes): runs as {@link #runScheduled(Schedule)} only when the stored
     * {@code nextDue} is empty or not after now. Due-ness is checked after the lease is taken, so two nodes
     * polling at the same moment run the sync once: the second gets the lease only after the first recorded
     * the new {@code nextDue}, and finds the sync not due.
     *
     * @param schedule the sync's cadence
     * @return the run's report; empty when the sync is not due or another runner holds the lease (nothing was
     *         done, and the listener hears nothing)
     * @since 0.2.0
     */
    public Optional<SyncReport> runIfDue(Schedule schedule) {
        return execute(RunOptions.defaults(), ScheduledRuns.ifDue(schedule));
    }

    /**
     * The stored schedule state of this runner's sync: {@code stateStore.scheduleState(syncId())}.
     *
     * @return the state; {@link ScheduleState#never()} when none was recorded
     * @since 0.2.0
     */
    public ScheduleState scheduleState() {
        return store.scheduleState(syncId);
    }

    /** The clock this runner times runs by; the in-process scheduler measures stored due times with it. */
    Clock clock() {
        return clock;
    }

    /**
     * One run: take the lease, consult the stored schedule state when {@code firing} needs it, run, save the
     * report, record the schedule state, release. Empty only for a {@link ScheduledRuns#ifDue} firing that
     * was busy or not due.
     */
    private Optional<SyncReport> execute(RunOptions requested, ScheduledRuns firing) {
        Instant started = now(null);
        Optional<Lease> maybeLease;
        try {
            maybeLease = store.tryAcquire(syncId, owner, leaseTtl, started);
        } catch (Throwable e) {
            logFailure("could not take the lease", e);
            String why = e instanceof RosterSyncException r && r.kind() == FailureKind.INVALID_CONFIGURATION
                    ? "the state store is not set up, nothing was done: "
                    : "the state store could not be reached, nothing was done: ";
            return Optional.of(announce(failedReport(started, PlanMode.FULL, null, why, e)));
        }
        if (maybeLease.isEmpty()) {
            if (firing.onlyIfDue()) {
                return Optional.empty();
            }
            return Optional.of(announce(report(started, RunStatus.BUSY, PlanMode.FULL, null, 0, List.of(),
                    "another runner holds the lease; nothing was done")));
        }
        Lease lease = maybeLease.get();
        Recorder recorder = null;
        try {
            RunOptions options = requested;
            ScheduleState stored = null;
            if (firing.isScheduled()) {
                // read under the lease: another node's run, finished just before, has recorded its firing
                stored = store.scheduleState(syncId);
                if (!firing.mayRun(stored, started)) {
                    return Optional.empty();
                }
                options = firing.options(requested, stored, started);
            }
            recorder = new Recorder(firing, stored, options.dryRun());
            return Optional.of(runLeased(lease, started, options, recorder));
        } catch (Throwable e) {
            logFailure("the run failed", e);
            String why = recorder != null ? "the run failed and nothing more was written: "
                    : e instanceof RosterSyncException r && r.kind() == FailureKind.INVALID_CONFIGURATION
                    ? "the state store is not set up for schedule state, nothing was done: "
                    : "the schedule state could not be read, nothing was done: ";
            return Optional.of(finish(lease, failedReport(started, PlanMode.FULL, null, why, e), recorder));
        } finally {
            releaseOnce(lease);
        }
    }

    /**
     * Writes the schedule state a run leaves, under its lease, once its report is saved. A run that is not
     * scheduled reads the stored state only then, so a store whose schedule state fails cannot fail the run.
     */
    private final class Recorder {
        private final ScheduledRuns firing;
        private final @Nullable ScheduleState stored;
        private final boolean dryRun;

        Recorder(ScheduledRuns firing, @Nullable ScheduleState stored, boolean dryRun) {
            this.firing = firing;
            this.stored = stored;
            this.dryRun = dryRun;
        }

        void record(Lease lease, SyncReport report) {
            if (dryRun || report.status() == RunStatus.BUSY) {
                return;
            }
            try {
                ScheduleState before = stored != null ? stored : store.scheduleState(syncId);
                Optional<ScheduleState> after = firing.after(syncId, before, report, dryRun);
                if (after.isPresent()) {
                    store.saveScheduleState(lease, after.get());
                }
            } catch (Throwable e) {
                logQuietly(() -> LOG.warn("sync {}: could not record the run in the schedule state; the next trigger"
                        + " runs it again: {}", syncId, describe(e)));
            }
        }
    }

    /** The run proper, under {@code lease}; {@link #execute} releases it. */
    private SyncReport runLeased(Lease lease, Instant started, RunOptions options, Recorder recorder) {
        PlanMode mode = PlanMode.FULL;
        Plan plan = null;
        try {
            LeaseKeeper keeper = LeaseKeeper.renewing(store, lease, leaseTtl, clock);
            Planned planned = readAndPlan(options, keeper);
            plan = planned.plan();
            mode = plan.mode();
            Plan ready = plan;
            emit(() -> listener.planned(ready));
            if (options.dryRun()) {
                GuardVerdict verdict = dryRunVerdict(plan, options);
                return finish(lease, report(started, RunStatus.SUCCEEDED, mode, plan, 0, List.of(), heldConflicts(store.heldDeprovisions(syncId)),
                        "dry run: nothing written; " + verdict.reason() + planned.why()), recorder);
            }
            List<HeldDeprovision> heldBefore = store.heldDeprovisions(syncId);
            ApplyResult result;
            try {
                result = new Executor(target, pools, store, keeper, policy, listener)
                        .apply(plan, policy.deletionGuard(), options.overrideGuard(), options.release());
            } catch (GuardRefusedException refused) {
                LOG.warn("sync {}: {}", syncId, refused.verdict().reason());
                return finish(lease, report(started, RunStatus.REFUSED_BY_GUARD, mode, plan, 0, List.of(), heldConflicts(heldBefore),
                        "deletion guard refused the plan, nothing was written: " + refused.verdict().reason() + planned.why()), recorder);
            }
            List<FailedAction> failures = failuresOf(result);
            List<HeldDeprovision> held = heldAfter(plan, result, heldBefore, started);
            store.saveHeldDeprovisions(lease, held);
            store.saveWaitingUsers(lease, waitingAfter(plan, started));
            boolean clean = failures.isEmpty() && plan.sourceComplete();
            // A run that holds deprovisions keeps the old cursor: the next run reads in full anyway.
            if (clean && held.isEmpty() && plan.nextCursor().isPresent()) {
                store.saveCursor(lease, plan.nextCursor().get(), fingerprint.value());
            }
            RunStatus status = !clean ? RunStatus.PARTIAL : held.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.HELD;
            String message;
            if (!failures.isEmpty()) {
                message = failures.size() + " of " + plan.actions().size()
                        + " actions failed; the next run reads everything again and retries them";
            } else if (!plan.sourceComplete()) {
                message = plan.readProblems().size() + " source records could not be read (first: "
                        + plan.readProblems().get(0).location() + ": " + plan.readProblems().get(0).message()
                        + "); nobody was deprovisioned for being absent and the cursor was not advanced";
            } else {
                message = "applied " + result.applied() + " of " + plan.actions().size() + " actions";
            }
            if (!held.isEmpty()) {
                message += "; " + held.size() + " deprovisions are held for the host to release ("
                        + result.guard().reason() + ")";
            }
            message += unknownReleases(options.release(), heldBefore) + planned.why();
            return finish(lease, report(started, status, mode, plan, result.applied(), failures, heldConflicts(held), message), recorder);
        } catch (Throwable e) {
            if (e instanceof Error) {
                plan = null; // after an OutOfMemoryError the plan may be what filled the heap: let it go first
            }
            logFailure("the run failed", e);
            return finish(lease, failedReport(started, mode, plan, "the run failed and nothing more was written: ", e), recorder);
        } finally {
            releaseOnce(lease);
        }
    }

    /**
     * Applies a plan made earlier by {@link #plan} for this sync (stored for approval, say), checked against the
     * world as it is now. Refused as a whole, before the lease is taken and with nothing written, when it was
     * made for another sync or other directories, is older than {@link ApplyOptions#maxAge()}, or lacks a valid
     * digest under {@link ApplyOptions#digestKey()}. Otherwise applied under the lease like a run: the deletion
     * guard weighs its deprovisions against the links stored now; every action is re-checked against the
     * policy's protections and deprovisioning rules and the target's capabilities (refusals are reported per
     * action); each create first looks for an account that exists now and adopts it only if the policy's
     * matcher matches it. The cursor is not advanced: the next run reads from where the last run left it.
     *
     * <p>The approval recipe: {@code Plan p = runner.plan(RunOptions.defaults())}; store
     * {@code PlanJson.write(PlanDigest.sign(p, key))}; show it; once approved, call
     * {@code runner.apply(PlanJson.readPlan(stored), ApplyOptions.defaults().withMaxAge(Duration.ofHours(24)).requiringDigest(key))}.
     *
     * @param plan    the stored plan, made by {@link #plan(RunOptions)} for this sync
     * @param options the checks to make (age, digest) and whether the guard is overridden
     * @return the run's report (BUSY when another runner holds the lease, REFUSED_BY_GUARD, PARTIAL when some
     *         actions failed or were refused)
     * @throws PlanRejectedException when the plan as a whole is refused; nothing was written
     */
    public SyncReport apply(Plan plan, ApplyOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(options, "options");
        Instant started = now(null);
        Executor.check(plan, syncId, source.name(), target.name(), started, options);
        Optional<Lease> maybeLease;
        try {
            maybeLease = store.tryAcquire(syncId, owner, leaseTtl, started);
        } catch (Throwable e) {
            logFailure("could not take the lease to apply a stored plan", e);
            return announce(failedReport(started, plan.mode(), null, "the state store could not be reached, nothing was done: ", e));
        }
        if (maybeLease.isEmpty()) {
            return announce(report(started, RunStatus.BUSY, plan.mode(), plan, 0, List.of(),
                    "another runner holds the lease; the stored plan was not applied"));
        }
        Lease lease = maybeLease.get();
        try {
            LeaseKeeper keeper = LeaseKeeper.renewing(store, lease, leaseTtl, clock);
            List<HeldDeprovision> heldBefore = store.heldDeprovisions(syncId);
            ApplyResult result = new Executor(target, pools, store, keeper, policy, listener)
                    .applyStored(plan, source.name(), options);
            List<FailedAction> failures = failuresOf(result);
            List<HeldDeprovision> held = heldAfter(plan, result, heldBefore, started);
            store.saveHeldDeprovisions(lease, held);
            RunStatus status = !failures.isEmpty() ? RunStatus.PARTIAL : held.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.HELD;
            String message = "stored plan of " + plan.plannedAt() + ": " + (failures.isEmpty()
                    ? "applied " + result.applied() + " of " + result.outcomes().size() + " actions"
                    : failures.size() + " of " + result.outcomes().size() + " actions failed or were refused")
                    + "; the cursor was not advanced";
            if (!held.isEmpty()) {
                message += "; " + held.size() + " deprovisions are held for the host to release (" + result.guard().reason() + ")";
            }
            return finish(lease, report(started, status, plan.mode(), plan, result.applied(), failures, heldConflicts(held), message));
        } catch (PlanRejectedException rejected) {
            releaseOnce(lease);
            throw rejected;
        } catch (GuardRefusedException refused) {
            LOG.warn("sync {}: {}", syncId, refused.getMessage());
            return finish(lease, report(started, RunStatus.REFUSED_BY_GUARD, plan.mode(), plan, 0, List.of(),
                    "deletion guard refused the stored plan, nothing was written: " + refused.getMessage()));
        } catch (Throwable e) {
            Plan shown = e instanceof Error ? null : plan; // after an OutOfMemoryError keep the report small
            logFailure("applying a stored plan failed", e);
            return finish(lease, failedReport(started, plan.mode(), shown, "applying the stored plan failed and nothing more was written: ", e));
        } finally {
            releaseOnce(lease);
        }
    }

    /**
     * Syncs the named source users now, without a full read: reads just them from the source (by id, email or
     * username, through {@link UserDirectory#lookUp} where the source declares {@link Capability#LOOKUP}) and
     * their counterparts from the target (by the stored link first, then by the matcher's keys), and plans them
     * with this runner's policy, matcher, ownership, license pools and deletion guard. Only the named users'
     * actions are applied; the result says, per name, what was found, how it was matched and what was done or
     * why not.
     *
     * <p><b>A named sync never deprovisions anyone for being absent.</b> A name the source does not have is
     * reported {@link NamedUserResult.Outcome#NOT_FOUND}, "left for the full run": a partial read cannot tell a
     * user who left from one the read missed, and the deletion guard cannot judge it. A positive answer is
     * different: a user named by id whom the source's look-up answers is removed
     * ({@link io.rostersync.spi.UserLookupResult#removed()}: Zendesk's soft-deleted user, say) is planned as an
     * incremental read's removed account, so the account this sync linked to it is deprovisioned as a full run
     * would (the policy's action for gone users, its protections, and the guard); a removed id this sync never
     * linked changes nothing ({@link NamedUserResult.Outcome#GONE}). Named users the source itself marks
     * inactive, or who fell out of the policy's scope, are deprovisioned as a full run would, and the guard
     * weighs that as for any run. Users that were not named are never written, whatever a look-up returns
     * besides what it was asked for.
     *
     * <p>Decided exactly as a full run would decide: a linked user is planned against its linked account; a user
     * sharing a match-key value with a source user not named is the same conflict as in a full run (nothing is
     * done for it); a user not linked yet who would be matched or created is planned against full reads of
     * both sides (a look-up cannot rule out look-alike keys or a second source user claiming the same account),
     * as is one whose matcher uses keys other than email and username. The report's message says when that
     * happened.
     *
     * <p>Coexists with scheduled runs of the same sync: it takes the same lease, so no user is written by two
     * runs at once; when another run holds it, nothing is done and the report is {@link RunStatus#BUSY}. It
     * neither moves the cursor nor counts in the {@link ScheduleState}; its report is saved as the sync's last
     * report only when it did not succeed (so that the next scheduled run reads in full and retries), which
     * leaves a scheduled run's incremental reads intact: no update is lost.
     *
     * <p>Never throws for a failed run, like {@link #run}.
     *
     * @param users the source users to sync now
     * @return the run's report and one result per name
     * @throws NullPointerException when {@code users} is null (nothing was run)
     * @since 0.3.0
     */
    public NamedSyncReport syncNamed(NamedUsers users) {
        Objects.requireNonNull(users, "users");
        Instant started = now(null);
        Optional<Lease> maybeLease;
        try {
            maybeLease = store.tryAcquire(syncId, owner, leaseTtl, started);
        } catch (Throwable e) {
            logFailure("could not take the lease for a named sync", e);
            SyncReport failed = announce(failedReport(started, PlanMode.INCREMENTAL, null,
                    "the state store could not be reached, nothing was done: ", e));
            return notRun(failed, users, "not synced: the state store could not be reached");
        }
        if (maybeLease.isEmpty()) {
            SyncReport busy = announce(report(started, RunStatus.BUSY, PlanMode.INCREMENTAL, null, 0, List.of(),
                    "another runner holds the lease (a scheduled run of this sync, most likely); nothing was done"
                            + " for the " + users.described().size() + " named users: ask again when it is over"));
            return notRun(busy, users, "not synced: another run of this sync holds the lease; ask again when it is over");
        }
        Lease lease = maybeLease.get();
        NamedReads reads = null;
        Plan plan = null;
        try {
            LeaseKeeper keeper = LeaseKeeper.renewing(store, lease, leaseTtl, clock);
            Links links = store.links(syncId);
            reads = new NamedReads(source, target, policy, syncId, links,
                    () -> policy.licenseRules().stream().map(rule -> pool(rule.licenseId()).snapshot()).toList(), keeper);
            plan = reads.plan(users, started);
            int sourceRead = reads.sourceRead;
            int targetRead = reads.targetRead;
            emit(() -> listener.sourceRead(sourceRead));
            emit(() -> listener.targetRead(targetRead));
            Plan ready = plan;
            emit(() -> listener.planned(ready));
            List<HeldDeprovision> heldBefore = store.heldDeprovisions(syncId);
            String notes = reads.notes.isEmpty() ? "" : "; " + String.join("; ", reads.notes);
            ApplyResult result;
            try {
                result = new Executor(target, pools, store, keeper, policy, listener)
                        .apply(plan, policy.deletionGuard(), false, HeldRelease.none());
            } catch (GuardRefusedException refused) {
                SyncReport r = namedReport(started, RunStatus.REFUSED_BY_GUARD, plan, reads, 0, List.of(), List.of(),
                        "named sync: the deletion guard refused the plan, nothing was written: " + refused.verdict().reason() + notes);
                return new NamedSyncReport(finishNamed(lease, r), NamedSteps.results(users, reads, plan, null, links, source.name(), target.name()));
            }
            List<FailedAction> failures = failuresOf(result);
            List<HeldDeprovision> held = heldAfter(plan, result, heldBefore, started);
            store.saveHeldDeprovisions(lease, held);
            Set<NativeId> decided = new HashSet<>(reads.plannedIds);
            decided.addAll(reads.removedIds);
            store.saveWaitingUsers(lease, waitingAfterNamed(plan, started, decided));
            RunStatus status = !failures.isEmpty() ? RunStatus.PARTIAL : !result.held().isEmpty() ? RunStatus.HELD : RunStatus.SUCCEEDED;
            String message = "named sync of " + users.described().size() + " names: " + (failures.isEmpty()
                    ? "applied " + result.applied() + " of " + plan.actions().size() + " actions"
                    : failures.size() + " of " + plan.actions().size() + " actions failed; the next run reads in full and retries them");
            if (status == RunStatus.HELD) {
                message += "; deprovisions are held for the host to release (" + result.guard().reason() + ")";
            }
            SyncReport r = namedReport(started, status, plan, reads, result.applied(), failures, heldConflicts(held), message + notes);
            return new NamedSyncReport(finishNamed(lease, r), NamedSteps.results(users, reads, plan, result, links, source.name(), target.name()));
        } catch (Throwable e) {
            if (e instanceof Error) {
                plan = null;
            }
            logFailure("the named sync failed", e);
            SyncReport failed = failedReport(started, PlanMode.INCREMENTAL, plan, "the named sync failed and nothing more was written: ", e);
            return notRun(finishNamed(lease, failed), users, "not synced: the named sync failed (" + describe(e) + ")");
        } finally {
            releaseOnce(lease);
        }
    }

    /** Every name NOT_RUN with one step saying why. */
    private static NamedSyncReport notRun(SyncReport report, NamedUsers users, String why) {
        List<NamedUserResult> results = new ArrayList<>();
        for (String name : users.described()) {
            results.add(new NamedUserResult(name, NamedUserResult.Outcome.NOT_RUN, Optional.empty(), List.of(why)));
        }
        return new NamedSyncReport(report, results);
    }

    private SyncReport namedReport(Instant started, RunStatus status, Plan plan, NamedReads reads, int applied,
                                   List<FailedAction> failures, List<Conflict> held, String message) {
        SyncReport r = report(started, status, PlanMode.INCREMENTAL, plan, applied, failures,
                withExtra(reads.sharedKeyConflicts, held), message);
        return new SyncReport(r.syncId(), r.startedAt(), r.finishedAt(), r.status(), r.mode(), reads.sourceRead,
                reads.targetRead, r.planned(), r.applied(), r.failures(), r.conflicts(), r.readProblems(), r.message());
    }

    /**
     * Saves a named sync's report only when it did not succeed, so the next scheduled run reads in full and
     * retries; a successful one leaves the last scheduled run's report (and so its read mode) as it was.
     */
    private SyncReport finishNamed(Lease lease, SyncReport report) {
        if (report.status() != RunStatus.SUCCEEDED) {
            try {
                store.saveReport(lease, report);
            } catch (Throwable e) {
                logQuietly(() -> LOG.warn("sync {}: could not store the named sync's report: {}", syncId, describe(e)));
            }
        }
        releaseOnce(lease);
        return announce(report);
    }

    /**
     * The users waiting for a seat after a named sync: the earlier list, with the named users planned replaced by
     * what this plan says of them (the plan saw no one else, so it cannot end anyone else's wait).
     */
    private List<WaitingUser> waitingAfterNamed(Plan plan, Instant now, Set<NativeId> planned) {
        Map<NativeId, WaitingUser> after = new LinkedHashMap<>();
        for (WaitingUser w : waitingAfter(plan, now)) {
            after.put(w.sourceId(), w);
        }
        List<WaitingUser> out = new ArrayList<>();
        for (WaitingUser w : store.waitingUsers(syncId)) {
            if (!planned.contains(w.sourceId())) {
                out.add(w);
            }
        }
        out.addAll(after.values());
        return out;
    }

    /** The report's line for each action that failed, was skipped or was refused. */
    private static List<FailedAction> failuresOf(ApplyResult result) {
        List<FailedAction> failures = new ArrayList<>();
        for (ActionOutcome o : result.unsuccessful()) {
            var f = o.failure().orElseThrow();
            failures.add(new FailedAction(o.action().user(), o.action().kind(), f.kind(), f.message(), f.vendorCode()));
        }
        return failures;
    }

    /** What the guard would decide if the plan were applied now: for a dry run's report. */
    private GuardVerdict dryRunVerdict(Plan plan, RunOptions options) {
        Set<NativeId> heldIds = new HashSet<>();
        store.heldDeprovisions(syncId).forEach(h -> heldIds.add(h.targetId()));
        GuardVerdict verdict = policy.deletionGuard().evaluate(plan, store.links(syncId).size(), heldIds, options.release().among(heldIds));
        return options.overrideGuard() && verdict.tripped() ? GuardVerdict.pass("the guard would be overridden: " + verdict.reason()) : verdict;
    }

    /**
     * The held deprovisions after applying {@code plan}: those the guard held this run, keeping the date an
     * earlier run first held them. A complete full read plans every deprovision there is, so an entry it no
     * longer plans is resolved (the user came back) and is dropped; any other read keeps the earlier
     * entries it did not apply, since it could not see them.
     */
    private static List<HeldDeprovision> heldAfter(Plan plan, ApplyResult result, List<HeldDeprovision> before, Instant now) {
        Map<NativeId, HeldDeprovision> earlier = new LinkedHashMap<>();
        before.forEach(h -> earlier.put(h.targetId(), h));
        Map<NativeId, HeldDeprovision> after = new LinkedHashMap<>();
        Set<NativeId> applied = new HashSet<>();
        for (ActionOutcome o : result.outcomes()) {
            PlanAction a = o.action();
            if (!a.kind().isDeprovisioning() || a.user().targetId().isEmpty()) {
                continue;
            }
            NativeId account = a.user().targetId().get();
            if (o.status() == ActionOutcome.Status.HELD) {
                HeldDeprovision first = earlier.get(account);
                after.putIfAbsent(account, new HeldDeprovision(account, a.user().sourceId(), a.user().label(), a.kind(),
                        PlanExplainer.english().why(a), first == null ? now : first.heldSince()));
            } else if (o.status() == ActionOutcome.Status.APPLIED) {
                applied.add(account);
            }
        }
        if (!(plan.mode() == PlanMode.FULL && plan.sourceComplete())) {
            earlier.forEach((account, h) -> {
                if (!applied.contains(account)) {
                    after.putIfAbsent(account, h);
                }
            });
        }
        return List.copyOf(after.values());
    }

    /**
     * The users waiting for a seat after {@code plan}: every license shortfall or expiry it reports, keeping
     * the date they started waiting. Every waiting user was planned again by this run (a full read reads
     * everyone; an incremental one reads the waiting users back), so the plan's list is the whole list.
     */
    private List<WaitingUser> waitingAfter(Plan plan, Instant now) {
        Map<NativeId, WaitingUser> earlier = new HashMap<>();
        store.waitingUsers(syncId).forEach(w -> earlier.put(w.sourceId(), w));
        Map<NativeId, WaitingUser> after = new LinkedHashMap<>();
        for (Conflict c : plan.conflicts()) {
            if (!c.kind().isWaitingForSeat()) {
                continue;
            }
            for (UserRef u : c.users()) {
                if (u.sourceId().isEmpty()) {
                    continue;
                }
                NativeId id = u.sourceId().get();
                WaitingUser first = earlier.get(id);
                WaitingUser already = after.get(id);
                String detail = ReasonExplainer.english().reasons(c.reasons());
                String reason = already == null ? detail : already.reason() + "; " + detail;
                after.put(id, new WaitingUser(id, u.label(), reason, first == null ? now : first.since()));
            }
        }
        return List.copyOf(after.values());
    }

    /** The held deprovisions as report entries, one per account. */
    private static List<Conflict> heldConflicts(List<HeldDeprovision> held) {
        List<Conflict> out = new ArrayList<>(held.size());
        for (HeldDeprovision h : held) {
            UserRef user = new UserRef(h.sourceId(), Optional.of(h.targetId()), h.label());
            out.add(new Conflict(ConflictKind.DEPROVISION_HELD, List.of(user), Reason.of(ReasonCode.DEPROVISION_HELD,
                    "action", h.action().name(), "since", h.heldSince().toString(), "reason", h.reason(),
                    "targetId", h.targetId().value())));
        }
        return out;
    }

    /** For a failed run: the held deprovisions and waiting users as stored, so the report still lists them. */
    private List<Conflict> storedConflicts(@Nullable Plan plan) {
        try {
            List<Conflict> out = new ArrayList<>(heldConflicts(store.heldDeprovisions(syncId)));
            if (plan == null) {
                for (WaitingUser w : store.waitingUsers(syncId)) {
                    out.add(new Conflict(ConflictKind.LICENSE_SHORTFALL, List.of(UserRef.source(w.sourceId(), w.label())),
                            Reason.of(ReasonCode.WAITING_FOR_SEAT, "since", w.since().toString(), "reason", w.reason())));
                }
            }
            return out;
        } catch (RuntimeException e) {
            LOG.debug("sync {}: could not list held and waiting users for the report", syncId, e);
            return List.of();
        }
    }

    private static String unknownReleases(HeldRelease release, List<HeldDeprovision> heldBefore) {
        Set<NativeId> held = new HashSet<>();
        heldBefore.forEach(h -> held.add(h.targetId()));
        List<String> unknown = release.targetIds().stream().filter(id -> !held.contains(id)).map(NativeId::value).sorted().toList();
        return unknown.isEmpty() ? "" : "; asked to release " + unknown + ", which no earlier run held (nothing done for them)";
    }

    /**
     * Reads both sides and plans without writing anything and without the lease.
     *
     * @param options how to read (only {@code forceFull} matters)
     * @return the plan, carrying this sync's id
     * @throws RosterSyncException when a read fails
     */
    public Plan plan(RunOptions options) {
        Plan plan = readAndPlan(options, null).plan();
        emit(() -> listener.planned(plan));
        return plan;
    }

    /** A plan, and why it was made from a full read when an incremental one was possible ("" otherwise). */
    private record Planned(Plan plan, String why) {
    }

    /** {@code keeper}: the run's lease, renewed at every page read; null when planning without one. */
    private Planned readAndPlan(RunOptions options, @Nullable LeaseKeeper keeper) {
        Instant now = clock.instant();
        Links links = store.links(syncId);
        Optional<Cursor> cursor = store.cursor(syncId);
        String whyFull = whyFull(options, cursor);
        boolean incremental = whyFull == null && cursor.isPresent() && source.capabilities().contains(Capability.INCREMENTAL_READ);
        PlanMode mode = incremental ? PlanMode.INCREMENTAL : PlanMode.FULL;
        PlanInput.Builder input = PlanInput.builder()
                .mode(mode)
                .links(links)
                .now(now)
                .names(source.name(), target.name())
                .syncId(syncId);
        // The license snapshots and the target are taken only if the planner needs them: an incremental
        // plan of an empty change set needs neither, so a run over a quiet source costs one source request.
        input.licenses(() -> policy.licenseRules().stream().map(rule -> pool(rule.licenseId()).snapshot()).toList());
        // Users waiting for a seat are planned again on every run: a full read reads them anyway; an
        // incremental one reads them back first, so that the change set (read after) has the last word.
        List<UserRecord> waiting = incremental ? readWaiting() : List.of();
        // Both reads are closed whatever happens; the planner closes them too, and close is idempotent.
        try (UserPages sourcePages = counting(withFirst(waiting, incremental ? source.readChanges(cursor.get()) : source.readAll()),
                listener::sourceRead, keeper);
             UserPages targetPages = counting(openedOnFirstPage(target), listener::targetRead, keeper)) {
            Plan plan = new Reconciler(policy).plan(input.source(sourcePages).target(targetPages).build());
            return new Planned(plan, whyFull == null || !source.capabilities().contains(Capability.INCREMENTAL_READ) ? ""
                    : "; full read because " + whyFull);
        }
    }

    /** The pool of a license the policy names: the constructor checked that each has one. */
    private LicensePool pool(String licenseId) {
        LicensePool pool = pools.get(licenseId);
        if (pool == null) {
            throw new IllegalStateException("no license pool for '" + licenseId + "'; it was checked when the runner was built");
        }
        return pool;
    }

    /** Why this run must read the source in full; null when an incremental read will do. */
    private @Nullable String whyFull(RunOptions options, Optional<Cursor> cursor) {
        if (options.forceFull()) {
            return "a full read was asked for";
        }
        if (cursor.isEmpty()) {
            return "no cursor is stored yet";
        }
        int held = store.heldDeprovisions(syncId).size();
        if (held > 0) {
            return held + " deprovisions are held, and only a full read tells whether they still apply";
        }
        Optional<SyncReport> last;
        try {
            last = store.lastReport(syncId);
        } catch (RosterSyncException unreadable) {
            // A stored report this version cannot read (damaged, or from another version) must not fail
            // every later run: read in full, and this run's report replaces it. The store says so with a
            // VALIDATION failure (see SyncStateStore#lastReport); anything else is the store's own trouble.
            if (unreadable.kind() != FailureKind.VALIDATION) {
                throw unreadable;
            }
            LOG.warn("sync {}: the last stored report cannot be read ({}); reading in full", syncId, unreadable.getMessage());
            return "the last run's report cannot be read";
        }
        boolean lastRunClean = last
                .map(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.BUSY)
                .orElse(false);
        if (!lastRunClean) {
            return "the last run did not succeed";
        }
        int waiting = store.waitingUsers(syncId).size();
        if (waiting > MAX_WAITING_READ_BACK) {
            return waiting + " users wait for a seat, more than are worth reading back one by one";
        }
        Optional<String> stored = store.cursorFingerprint(syncId);
        if (stored.isEmpty()) {
            return "the cursor was stored without a policy fingerprint";
        }
        List<String> changed = fingerprint.changedSince(stored.get());
        if (!changed.isEmpty()) {
            return "the policy changed since the cursor was stored (" + String.join(", ", changed) + ")";
        }
        return null;
    }

    /** The waiting users as the source has them now; those it no longer has stop waiting. */
    private List<UserRecord> readWaiting() {
        List<UserRecord> users = new ArrayList<>();
        for (WaitingUser w : store.waitingUsers(syncId)) {
            source.get(w.sourceId()).ifPresent(users::add);
        }
        return users;
    }

    private static UserPages withFirst(List<UserRecord> first, UserPages rest) {
        if (first.isEmpty()) {
            return rest;
        }
        return new UserPages() {
            private boolean firstGiven;

            @Override
            public Optional<UserPage> next() {
                if (!firstGiven) {
                    firstGiven = true;
                    return Optional.of(UserPage.of(first));
                }
                return rest.next();
            }

            @Override
            public void close() {
                rest.close();
            }
        };
    }

    private static UserPages openedOnFirstPage(UserDirectory directory) {
        return new UserPages() {
            private @Nullable UserPages pages;

            @Override
            public Optional<UserPage> next() {
                if (pages == null) {
                    pages = directory.readAll();
                }
                return pages.next();
            }

            @Override
            public void close() {
                if (pages != null) {
                    pages.close();
                }
            }
        };
    }

    private UserPages counting(UserPages pages, IntConsumer progress, @Nullable LeaseKeeper keeper) {
        return new UserPages() {
            private int count;

            @Override
            public Optional<UserPage> next() {
                if (keeper != null) {
                    keeper.checkpoint();
                }
                Optional<UserPage> page = pages.next();
                page.ifPresent(p -> {
                    count += p.users().size();
                    emit(() -> progress.accept(count));
                });
                return page;
            }

            @Override
            public void close() {
                pages.close();
            }
        };
    }

    private SyncReport finish(Lease lease, SyncReport report) {
        return finish(lease, report, null);
    }

    /**
     * Saves the report, then (when {@code recorder} is given) records the run in the schedule state, then
     * releases the lease: all three under the run's lease, in that order, so a crash between them leaves
     * the firing unrecorded and the next trigger runs the sync again.
     */
    private SyncReport finish(Lease lease, SyncReport report, @Nullable Recorder recorder) {
        try {
            store.saveReport(lease, report);
        } catch (Throwable e) {
            logQuietly(() -> LOG.warn("sync {}: could not store the run report: {}", syncId, describe(e)));
        }
        try {
            if (recorder != null) {
                recorder.record(lease, report);
            }
        } finally {
            releaseOnce(lease);
        }
        return announce(report);
    }

    /**
     * Gives the lease up once; {@link #run} calls it from {@code finally} as well, so a lease is released
     * even when saving the report or building it failed.
     */
    private void releaseOnce(Lease lease) {
        if (released.get() == lease) {
            return;
        }
        released.set(lease);
        try {
            store.release(lease);
        } catch (Throwable e) {
            logQuietly(() -> LOG.warn("sync {}: could not release the lease (it expires at {}): {}", syncId,
                    lease.expiresAt(), describe(e)));
        }
    }

    /** Logs the outcome and tells the listener; neither can change or lose the report. */
    private SyncReport announce(SyncReport report) {
        try {
            LOG.info("sync {}: {} ({} applied, {} failed, {} conflicts)", syncId, report.status(), report.applied(),
                    report.failures().size(), report.conflicts().size());
        } catch (Throwable ignored) {
            // a logging back end that fails must not lose the report
        }
        try {
            listener.finished(report);
        } catch (Throwable e) {
            // ContainedListener rethrows only virtual-machine errors; the run is over, so they stop here
            logQuietly(() -> LOG.warn("sync listener threw on finished; ignoring: {}", describe(e)));
        }
        return report;
    }

    /**
     * A FAILED report: counts, conflicts and read problems from the plan when there is one (after an
     * {@link Error} the caller passes none, so the report stays small), and an error text of bounded
     * length. When even that cannot be built (the heap is still full), a report with no details at all.
     */
    private SyncReport failedReport(Instant started, PlanMode mode, @Nullable Plan plan, String prefix, Throwable e) {
        try {
            String message = prefix + describe(e);
            if (e instanceof OutOfMemoryError) {
                message += " (the run needed more heap than the JVM has; give it more memory or read the source in smaller parts)";
            } else if (e instanceof StackOverflowError) {
                message += " (a directory, listener or store recursed too deeply)";
            }
            Map<ActionKind, Integer> planned = plan == null ? Map.of() : plan.counts();
            return new SyncReport(syncId, started, now(started), RunStatus.FAILED, mode,
                    plan == null ? 0 : plan.stats().sourceUsers(), plan == null ? 0 : plan.stats().targetUsers(),
                    planned, 0, List.of(), plan == null ? List.of() : plan.conflicts(),
                    plan == null ? List.of() : plan.readProblems(), message);
        } catch (Throwable again) {
            return new SyncReport(syncId, started, started, RunStatus.FAILED, mode, 0, 0, Map.of(), 0,
                    List.of(), List.of(), List.of(), "the run failed with an error and nothing more was written");
        }
    }

    private static void logQuietly(Runnable log) {
        try {
            log.run();
        } catch (Throwable ignored) {
            // a log line is not worth losing a report or a lease for
        }
    }

    /** Logs what stopped a run; logging that fails (the heap may still be short) loses only the log line. */
    private void logFailure(String what, Throwable e) {
        try {
            LOG.error("sync {}: {}: {}", syncId, what, describe(e));
            LOG.debug("sync {} failure", syncId, e);
        } catch (Throwable ignored) {
            // the report still says what happened
        }
    }

    /** The class and message of {@code e}, cut to a length that fits any store. */
    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            text += ": " + message;
        }
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }

    /** The clock's time; {@code fallback} (or the system time) when the host's clock itself fails. */
    private Instant now(@Nullable Instant fallback) {
        try {
            return Objects.requireNonNull(clock.instant(), "clock.instant()");
        } catch (Throwable e) {
            LOG.warn("sync {}: the clock failed: {}", syncId, describe(e));
            return fallback != null ? fallback : Instant.now();
        }
    }

    private SyncReport report(Instant started, RunStatus status, PlanMode mode, @Nullable Plan plan, int applied,
                              List<FailedAction> failures, String message) {
        return report(started, status, mode, plan, applied, failures, List.of(), message);
    }

    /** {@code extra}: conflicts the plan does not carry (held deprovisions, stored waiting users). */
    private SyncReport report(Instant started, RunStatus status, PlanMode mode, @Nullable Plan plan, int applied,
                              List<FailedAction> failures, List<Conflict> extra, String message) {
        Instant finished = now(started);
        if (finished.isBefore(started)) {
            finished = started;
        }
        Map<ActionKind, Integer> planned = plan == null ? Map.of() : plan.counts();
        return new SyncReport(syncId, started, finished, status, mode,
                plan == null ? 0 : plan.stats().sourceUsers(), plan == null ? 0 : plan.stats().targetUsers(),
                planned, applied, failures, withExtra(plan == null ? List.of() : plan.conflicts(), extra),
                plan == null ? List.of() : plan.readProblems(), message);
    }

    /**
     * The host's listener with its failures contained: whatever it throws is logged and ignored, on every
     * event and every path (the executor's included), except a {@link VirtualMachineError} such as an
     * {@link OutOfMemoryError}, which ends the run as FAILED like any other error in it.
     */
    private static final class ContainedListener implements SyncListener {
        private final SyncListener delegate;

        ContainedListener(SyncListener delegate) {
            this.delegate = delegate;
        }

        private static void contain(String event, Throwable e) {
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            LOG.warn("sync listener threw on {}; ignoring: {}", event, describe(e));
            LOG.debug("sync listener failure", e);
        }

        @Override
        public void sourceRead(int count) {
            try {
                delegate.sourceRead(count);
            } catch (Throwable e) {
                contain("sourceRead", e);
            }
        }

        @Override
        public void targetRead(int count) {
            try {
                delegate.targetRead(count);
            } catch (Throwable e) {
                contain("targetRead", e);
            }
        }

        @Override
        public void planned(Plan plan) {
            try {
                delegate.planned(plan);
            } catch (Throwable e) {
                contain("planned", e);
            }
        }

        @Override
        public void applied(int done, int total, ActionOutcome outcome) {
            try {
                delegate.applied(done, total, outcome);
            } catch (Throwable e) {
                contain("applied", e);
            }
        }

        @Override
        public void failed(ActionOutcome outcome) {
            try {
                delegate.failed(outcome);
            } catch (Throwable e) {
                contain("failed", e);
            }
        }

        @Override
        public void finished(SyncReport report) {
            try {
                delegate.finished(report);
            } catch (Throwable e) {
                contain("finished", e);
            }
        }
    }

    private static List<Conflict> withExtra(List<Conflict> conflicts, List<Conflict> extra) {
        if (extra.isEmpty()) {
            return conflicts;
        }
        List<Conflict> all = new ArrayList<>(conflicts);
        all.addAll(extra);
        return all;
    }

    private static void emit(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("sync listener threw; ignoring", e);
        }
    }

    /** Builder; sync id, source, target and state store are required. */
    public static final class Builder {
        private @Nullable SyncId syncId;
        private @Nullable UserDirectory source;
        private @Nullable UserDirectory target;
        private SyncPolicy policy = SyncPolicy.defaults();
        private @Nullable SyncStateStore store;
        private final Map<String, LicensePool> pools = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private SyncListener listener = SyncListener.none();
        private String owner = defaultOwner();
        private Duration leaseTtl = Duration.ofMinutes(30);

        private Builder() {
        }

        /**
         * Sets the sync's id: the key of its links, cursor, reports and lease.
         *
         * @param value the id
         * @return this builder
         */
        public Builder syncId(SyncId value) {
            syncId = value;
            return this;
        }

        /**
         * Sets the directory read from.
         *
         * @param value the source; must declare {@link Capability#READ}
         * @return this builder
         */
        public Builder source(UserDirectory value) {
            source = value;
            return this;
        }

        /**
         * Sets the directory written to.
         *
         * @param value the target; must declare {@link Capability#READ}
         * @return this builder
         */
        public Builder target(UserDirectory value) {
            target = value;
            return this;
        }

        /**
         * Sets the policy.
         *
         * @param value the policy; {@link SyncPolicy#defaults()} by default
         * @return this builder
         */
        public Builder policy(SyncPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Sets where links, cursors, reports and the lease are kept.
         *
         * @param value the store
         * @return this builder
         */
        public Builder stateStore(SyncStateStore value) {
            store = value;
            return this;
        }

        /**
         * Adds a license pool; every license rule of the policy needs one.
         *
         * @param pool the pool, known by its license id
         * @return this builder
         */
        public Builder licensePool(LicensePool pool) {
            pools.put(pool.licenseId(), pool);
            return this;
        }

        /**
         * Sets the clock runs, leases and reports are timed by.
         *
         * @param value the clock; the system UTC clock by default
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets who hears about progress and outcomes; a listener that throws never changes a run's outcome.
         *
         * @param value the listener; none by default
         * @return this builder
         */
        public Builder listener(SyncListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets the lease owner's name, as other runners see it.
         *
         * @param value the name; host name and thread by default
         * @return this builder
         */
        public Builder owner(String value) {
            owner = Objects.requireNonNull(value, "owner");
            return this;
        }

        /**
         * Sets how long a lease lasts before another runner may take it over; the runner renews it while it
         * works.
         *
         * @param value the time to live, positive; 30 minutes by default
         * @return this builder
         * @throws IllegalArgumentException if the value is not positive
         */
        public Builder leaseTtl(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lease ttl must be positive");
            }
            leaseTtl = value;
            return this;
        }

        /**
         * The runner, after checking the configuration.
         *
         * @return the runner
         * @throws NullPointerException if the sync id, source, target or state store is missing
         * @throws io.rostersync.spi.InvalidConfigurationException if the policy asks the target for something
         *         it does not declare the {@link Capability} for (deleting accounts in a directory that cannot
         *         delete, say); the message says which rule to change and to what
         * @throws IllegalStateException if the source or target cannot be read, or a license rule has no pool
         */
        public SyncRunner build() {
            return new SyncRunner(this);
        }

        private static String defaultOwner() {
            return ProcessHandle.current().pid() + "@" + Thread.currentThread().getName();
        }
    }
}
