package io.rostersync.engine;

import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.plan.ActionKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanMode;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.LicenceRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.Links;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Read mode: incremental when the source supports it, a cursor is stored, the last run did not end
 * partial or failed, and the caller does not force a full read; otherwise full. The cursor is advanced
 * only when every action applied, so a failed change is read again by the next run (a full one), which
 * converges.
 *
 * <p>Thread-safe: concurrent {@link #run} calls for one sync id are serialised by the store's lease (the
 * loser gets a {@link RunStatus#BUSY} report).
 */
public final class SyncRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);
    /** Longest error text a report carries, so a huge exception message cannot make the report unstorable. */
    private static final int MAX_ERROR_TEXT = 500;

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
        for (LicenceRule rule : policy.licenceRules()) {
            if (!pools.containsKey(rule.licenceId())) {
                throw new IllegalStateException("the policy has a rule for licence '" + rule.licenceId() + "' but no pool was given");
            }
        }
        if (!source.capabilities().contains(Capability.READ)) {
            throw new IllegalStateException(source.name() + " cannot be read, so it cannot be a source");
        }
        if (!target.capabilities().contains(Capability.READ)) {
            throw new IllegalStateException(target.name() + " cannot be read, so it cannot be a target");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public SyncId syncId() {
        return syncId;
    }

    /**
     * Runs the sync once and never throws: whatever happens, including an {@link Error} such as an
     * {@link OutOfMemoryError} while reading or a {@link StackOverflowError} in a directory, a listener
     * or the store, the run ends in a report. A run that was stopped by an exception or error ends
     * {@link RunStatus#FAILED}; its report is saved when the store can be reached, the lease is released
     * in every case, and a listener that throws never changes the outcome.
     */
    public SyncReport run(RunOptions options) {
        Instant started = now(null);
        Optional<Lease> maybeLease;
        try {
            maybeLease = store.tryAcquire(syncId, owner, leaseTtl, started);
        } catch (Throwable e) {
            logFailure("could not take the lease", e);
            String why = e instanceof RosterSyncException r && r.kind() == FailureKind.INVALID_CONFIGURATION
                    ? "the state store is not set up, nothing was done: "
                    : "the state store could not be reached, nothing was done: ";
            return announce(failedReport(started, PlanMode.FULL, null, why, e));
        }
        if (maybeLease.isEmpty()) {
            return announce(report(started, RunStatus.BUSY, PlanMode.FULL, null, 0, List.of(),
                    "another runner holds the lease; nothing was done"));
        }
        Lease lease = maybeLease.get();
        PlanMode mode = PlanMode.FULL;
        Plan plan = null;
        try {
            LeaseKeeper keeper = LeaseKeeper.renewing(store, lease, leaseTtl, clock);
            Plan planned = readAndPlan(options, keeper);
            plan = planned;
            mode = plan.mode();
            emit(() -> listener.planned(planned));
            GuardVerdict verdict = policy.deletionGuard().evaluate(plan);
            if (options.dryRun()) {
                return finish(lease, report(started, RunStatus.SUCCEEDED, mode, plan, 0, List.of(),
                        "dry run: nothing written; " + verdict.reason()));
            }
            if (verdict.tripped() && !options.overrideGuard()) {
                LOG.warn("sync {}: {}", syncId, verdict.reason());
                return finish(lease, report(started, RunStatus.REFUSED_BY_GUARD, mode, plan, 0, List.of(),
                        "deletion guard refused the plan, nothing was written: " + verdict.reason()));
            }
            ApplyResult result = new Executor(target, pools, store, keeper, policy, listener)
                    .apply(plan, policy.deletionGuard(), options.overrideGuard());
            List<FailedAction> failures = new ArrayList<>();
            for (ActionOutcome o : result.unsuccessful()) {
                var f = o.failure().orElseThrow();
                failures.add(new FailedAction(o.action().user(), o.action().kind(), f.kind(), f.message(), f.vendorCode()));
            }
            boolean clean = failures.isEmpty() && plan.sourceComplete();
            if (clean && plan.nextCursor().isPresent()) {
                store.saveCursor(lease, plan.nextCursor().get());
            }
            RunStatus status = clean ? RunStatus.SUCCEEDED : RunStatus.PARTIAL;
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
            return finish(lease, report(started, status, mode, plan, result.applied(), failures, message));
        } catch (Throwable e) {
            if (e instanceof Error) {
                plan = null; // after an OutOfMemoryError the plan may be what filled the heap: let it go first
            }
            logFailure("the run failed", e);
            return finish(lease, failedReport(started, mode, plan, "the run failed and nothing more was written: ", e));
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
     * @return the run's report (BUSY when another runner holds the lease, REFUSED_BY_GUARD, PARTIAL when some
     *         actions failed or were refused)
     * @throws PlanRejectedException when the plan as a whole is refused; nothing was written
     */
    public SyncReport apply(Plan plan, ApplyOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(options, "options");
        Instant started = clock.instant();
        Executor.check(plan, syncId, source.name(), target.name(), started, options);
        Optional<Lease> maybeLease;
        try {
            maybeLease = store.tryAcquire(syncId, owner, leaseTtl, started);
        } catch (RuntimeException e) {
            LOG.error("sync {}: could not take the lease to apply a stored plan: {}", syncId, e.getMessage());
            SyncReport failed = report(started, RunStatus.FAILED, plan.mode(), plan, 0, List.of(),
                    "the state store could not be reached, nothing was done: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            emit(() -> listener.finished(failed));
            return failed;
        }
        if (maybeLease.isEmpty()) {
            SyncReport busy = report(started, RunStatus.BUSY, plan.mode(), plan, 0, List.of(),
                    "another runner holds the lease; the stored plan was not applied");
            emit(() -> listener.finished(busy));
            return busy;
        }
        Lease lease = maybeLease.get();
        LeaseKeeper keeper = LeaseKeeper.renewing(store, lease, leaseTtl, clock);
        try {
            ApplyResult result = new Executor(target, pools, store, keeper, policy, listener)
                    .applyStored(plan, source.name(), options);
            List<FailedAction> failures = new ArrayList<>();
            for (ActionOutcome o : result.unsuccessful()) {
                var f = o.failure().orElseThrow();
                failures.add(new FailedAction(o.action().user(), o.action().kind(), f.kind(), f.message(), f.vendorCode()));
            }
            RunStatus status = failures.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.PARTIAL;
            String message = "stored plan of " + plan.plannedAt() + ": " + (failures.isEmpty()
                    ? "applied " + result.applied() + " of " + result.outcomes().size() + " actions"
                    : failures.size() + " of " + result.outcomes().size() + " actions failed or were refused")
                    + "; the cursor was not advanced";
            return finish(lease, report(started, status, plan.mode(), plan, result.applied(), failures, message));
        } catch (PlanRejectedException rejected) {
            releaseQuietly(lease);
            throw rejected;
        } catch (GuardRefusedException refused) {
            LOG.warn("sync {}: {}", syncId, refused.getMessage());
            return finish(lease, report(started, RunStatus.REFUSED_BY_GUARD, plan.mode(), plan, 0, List.of(),
                    "deletion guard refused the stored plan, nothing was written: " + refused.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("sync {}: applying a stored plan failed: {}", syncId, e.getMessage());
            return finish(lease, report(started, RunStatus.FAILED, plan.mode(), plan, 0, List.of(),
                    "applying the stored plan failed and nothing more was written: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void releaseQuietly(Lease lease) {
        try {
            store.release(lease);
        } catch (RuntimeException e) {
            LOG.warn("sync {}: could not release the lease: {}", syncId, e.getMessage());
        }
    }

    /** Reads both sides and plans without writing anything and without the lease. */
    public Plan plan(RunOptions options) {
        Plan plan = readAndPlan(options, null);
        emit(() -> listener.planned(plan));
        return plan;
    }

    /** {@code keeper}: the run's lease, renewed at every page read; null when planning without one. */
    private Plan readAndPlan(RunOptions options, @Nullable LeaseKeeper keeper) {
        Instant now = clock.instant();
        Links links = store.links(syncId);
        Optional<Cursor> cursor = store.cursor(syncId);
        boolean lastRunClean = store.lastReport(syncId)
                .map(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.BUSY)
                .orElse(false);
        boolean incremental = !options.forceFull() && cursor.isPresent() && lastRunClean
                && source.capabilities().contains(Capability.INCREMENTAL_READ);
        PlanMode mode = incremental ? PlanMode.INCREMENTAL : PlanMode.FULL;
        PlanInput.Builder input = PlanInput.builder()
                .mode(mode)
                .links(links)
                .now(now)
                .names(source.name(), target.name())
                .syncId(syncId);
        // The licence snapshots and the target are taken only if the planner needs them: an incremental
        // plan of an empty change set needs neither, so a run over a quiet source costs one source request.
        input.licences(() -> policy.licenceRules().stream().map(rule -> pools.get(rule.licenceId()).snapshot()).toList());
        // Both reads are closed whatever happens; the planner closes them too, and close is idempotent.
        try (UserPages sourcePages = counting(incremental ? source.readChanges(cursor.get()) : source.readAll(), listener::sourceRead, keeper);
             UserPages targetPages = counting(openedOnFirstPage(target), listener::targetRead, keeper)) {
            return new Reconciler(policy).plan(input.source(sourcePages).target(targetPages).build());
        }
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
        try {
            store.saveReport(lease, report);
        } catch (Throwable e) {
            logQuietly(() -> LOG.warn("sync {}: could not store the run report: {}", syncId, describe(e)));
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

    private SyncReport report(Instant started, RunStatus status, PlanMode mode, Plan plan, int applied,
                              List<FailedAction> failures, String message) {
        Instant finished = now(started);
        if (finished.isBefore(started)) {
            finished = started;
        }
        Map<ActionKind, Integer> planned = plan == null ? Map.of() : plan.counts();
        return new SyncReport(syncId, started, finished, status, mode,
                plan == null ? 0 : plan.stats().sourceUsers(), plan == null ? 0 : plan.stats().targetUsers(),
                planned, applied, failures, plan == null ? List.of() : plan.conflicts(),
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

    private static void emit(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("sync listener threw; ignoring", e);
        }
    }

    /** Builder; sync id, source, target and state store are required. */
    public static final class Builder {
        private SyncId syncId;
        private UserDirectory source;
        private UserDirectory target;
        private SyncPolicy policy = SyncPolicy.defaults();
        private SyncStateStore store;
        private final Map<String, LicensePool> pools = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private SyncListener listener = SyncListener.none();
        private String owner = defaultOwner();
        private Duration leaseTtl = Duration.ofMinutes(30);

        private Builder() {
        }

        public Builder syncId(SyncId value) {
            syncId = value;
            return this;
        }

        public Builder source(UserDirectory value) {
            source = value;
            return this;
        }

        public Builder target(UserDirectory value) {
            target = value;
            return this;
        }

        public Builder policy(SyncPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        public Builder stateStore(SyncStateStore value) {
            store = value;
            return this;
        }

        public Builder licencePool(LicensePool pool) {
            pools.put(pool.licenceId(), pool);
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder listener(SyncListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public Builder owner(String value) {
            owner = Objects.requireNonNull(value, "owner");
            return this;
        }

        public Builder leaseTtl(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lease ttl must be positive");
            }
            leaseTtl = value;
            return this;
        }

        public SyncRunner build() {
            return new SyncRunner(this);
        }

        private static String defaultOwner() {
            return ProcessHandle.current().pid() + "@" + Thread.currentThread().getName();
        }
    }
}
