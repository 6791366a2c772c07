package io.rostersync.engine;

import io.rostersync.internal.Planner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanStats;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.Lease;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchContext;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.MatchResult;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Plan} to the target directory, license pools and the stored links, in plan order
 * (which is dependency order), batching creates and updates where the directory can. One outcome per
 * action; a failing user never stops the others. A link is stored the moment a create succeeds, so a
 * crash right after cannot lead to a second account. The deletion guard is evaluated before any write,
 * from the current state; what it holds is not applied.
 *
 * <p><b>Adoption is matching.</b> When a create meets an account that exists already (the directory answers
 * {@link FailureKind#ALREADY_EXISTS}, or, for a stored plan, {@link UserDirectory#findExisting} finds one
 * before the create), the executor runs the policy's {@link io.rostersync.spi.IdentityMatcher} for the
 * create's source record against those holders, with the keys and normalisation planning used. Only a
 * matched holder that no other source user is linked to is adopted: it is linked and brought up to date in
 * the same run by the planner's own rules for a linked pair (owned fields, status, licenses, permissions),
 * and the plan's own later actions for that user are {@link ActionOutcome.Status#SUPERSEDED superseded}.
 * Anything else ends the create as a {@link FailureKind#CONFLICT} naming both people; nothing is linked
 * and nothing is written to the holder.
 *
 * <p><b>Every action is checked.</b> An operation the target cannot do, or a deletion the policy never
 * makes, is {@link ActionOutcome.Status#REFUSED refused}. A stored plan ({@link #applyStored}) is also
 * checked as a whole (its sync, directories, age and digest) and per action against the state now: a
 * protected account is written only when the stored links tie it to the action's user, and an action
 * pairing two accounts the stored links do not pair is refused.
 *
 * <p><b>Fencing reaches the target.</b> Before every write or batch the executor confirms with the state
 * store that its lease is still current (its fencing token, and its expiry on the injected clock) and stops
 * with a {@link StaleLeaseException} before writing when it is not.
 *
 * <p>Not thread-safe; one executor applies one plan.
 *
 * @since 0.1.0
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    /** Clock skew tolerated between the host that made a stored plan and the one applying it. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final UserDirectory target;
    private final Map<String, LicensePool> pools;
    private final SyncStateStore store;
    /** Holds the lease; writes are fenced by its token, which a renewal keeps, and verified before each write. */
    private final LeaseKeeper keeper;
    private final SyncPolicy policy;
    private final SyncListener listener;

    private final Map<NativeId, Link> links = new HashMap<>();
    /** Source id by target id, for the links above: who an account is linked to. */
    private final Map<NativeId, NativeId> sourceByTarget = new HashMap<>();
    /** Source users whose create adopted an existing account; their plan actions were decided afresh. */
    private final Set<NativeId> adopted = new HashSet<>();
    private final List<ActionOutcome> outcomes = new ArrayList<>();
    /** The plan being applied; set at the start of {@link #apply}. */
    private @Nullable Plan plan;
    private boolean stored;
    private int total;

    /** The runner's: {@code keeper} renews the lease between batches of a long apply and verifies it before each write. */
    Executor(UserDirectory target, Map<String, LicensePool> pools, SyncStateStore store, LeaseKeeper keeper,
             SyncPolicy policy, SyncListener listener) {
        this.target = Objects.requireNonNull(target, "target");
        this.pools = Map.copyOf(pools);
        this.store = Objects.requireNonNull(store, "store");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (LicenseRule rule : policy.licenseRules()) {
            if (!this.pools.containsKey(rule.licenseId())) {
                throw new IllegalArgumentException("the policy has a rule for license '" + rule.licenseId()
                        + "' but no such pool was given; an adopted account's seat cannot be decided without it");
            }
        }
    }

    /**
     * As {@link #apply(Plan, DeletionGuard, boolean, HeldRelease)}, releasing nothing held earlier.
     *
     * @param plan          the plan to apply
     * @param guard         the deletion guard to apply
     * @param overrideGuard apply even if the guard trips
     * @return one outcome per action, in plan order
     * @throws GuardRefusedException when the guard refuses the whole plan and is not overridden; nothing was
     *                               written
     * @throws StaleLeaseException   when another runner took the sync over mid-way; the rest is not applied
     */
    public ApplyResult apply(Plan plan, DeletionGuard guard, boolean overrideGuard) {
        return apply(plan, guard, overrideGuard, HeldRelease.none());
    }

    /**
     * An executor for a caller that holds and renews the sync's lease itself; most hosts use
     * {@link SyncRunner}, which builds one per run.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies the plan, except what the deletion guard holds.
     *
     * <p>The guard is evaluated first, from the state as it is now and never from counts the plan carries:
     * the managed accounts are the links stored now (plus the accounts the plan links and the unlinked ones
     * it deprovisions, see {@link DeletionGuard}), the deprovisions are counted from the plan's actions,
     * and deprovisions held by earlier runs (as the store lists them) stay held unless {@code release}
     * names them. Held actions get a {@link ActionOutcome.Status#HELD} outcome and are not attempted; the
     * caller stores them (see {@link ApplyResult#held()}).
     *
     * @param plan          the plan to apply
     * @param guard         the deletion guard
     * @param overrideGuard apply everything even if the guard would refuse or hold (an explicit human decision)
     * @param release       deprovisions held by earlier runs to apply now
     * @return one outcome per action (and per follow-up of an adopted account), in plan order
     * @throws GuardRefusedException when the guard refuses the whole plan (an empty source read) and is not
     *                               overridden; nothing was written
     * @throws StaleLeaseException   when another runner took the sync over mid-way; the rest is not applied
     */
    public ApplyResult apply(Plan plan, DeletionGuard guard, boolean overrideGuard, HeldRelease release) {
        Links stored = store.links(keeper.lease().syncId());
        GuardVerdict verdict = checkGuard(plan, guard, overrideGuard, release, stored);
        for (PlanAction a : plan.actions()) {
            if (a instanceof PlanAction.AssignLicense l && !pools.containsKey(l.licenseId())) {
                throw new IllegalArgumentException("the plan assigns license '" + l.licenseId() + "' but no such pool was given");
            }
            if (a instanceof PlanAction.RevokeLicense l && !pools.containsKey(l.licenseId())) {
                throw new IllegalArgumentException("the plan revokes license '" + l.licenseId() + "' but no such pool was given");
            }
        }
        this.plan = plan;
        stored.all().forEach(this::remember);
        List<PlanAction> actions = plan.actions();
        total = actions.size();
        int batch = target.capabilities().contains(Capability.BATCH_WRITE) ? Math.max(1, target.maxBatchSize()) : 1;
        int i = 0;
        WriteFailure heldWhy = WriteFailure.of(FailureKind.VALIDATION, "held by the deletion guard: " + verdict.reason());
        while (i < actions.size()) {
            PlanAction a = actions.get(i);
            if (verdict.holds(i)) {
                record(ActionOutcome.held(i, a, heldWhy));
                i++;
                continue;
            }
            if (a.kind() != ActionKind.CREATE) {
                keeper.verify(); // a create verifies right before its write, after any lookup
            } else {
                keeper.checkpoint();
            }
            if (a.kind() == ActionKind.ASSIGN_LICENSE || a.kind() == ActionKind.REVOKE_LICENSE) {
                String license = licenseOf(a);
                int end = i;
                while (end < actions.size() && actions.get(end).kind() == a.kind() && licenseOf(actions.get(end)).equals(license)
                        && !verdict.holds(end)) {
                    end++;
                }
                licenseBatch(actions, i, end, pool(license));
                i = end;
            } else if (batch > 1 && BATCHED.contains(a.kind())) {
                int end = i;
                while (end < actions.size() && end - i < batch && actions.get(end).kind() == a.kind() && !verdict.holds(end)) {
                    end++;
                }
                if (a.kind() == ActionKind.CREATE) {
                    createGroup(actions, i, end, true);
                } else {
                    updateBatch(actions, i, end);
                }
                i = end;
            } else if (a.kind() == ActionKind.CREATE) {
                createGroup(actions, i, i + 1, false);
                i++;
            } else {
                applyOne(i, a);
                i++;
            }
        }
        return new ApplyResult(outcomes, verdict);
    }

    /** The guard's verdict from the current state; throws when it refuses the plan and is not overridden. */
    private GuardVerdict checkGuard(Plan plan, DeletionGuard guard, boolean overrideGuard, HeldRelease release, Links stored) {
        Set<NativeId> heldBefore = new HashSet<>();
        for (HeldDeprovision h : store.heldDeprovisions(keeper.lease().syncId())) {
            heldBefore.add(h.targetId());
        }
        GuardVerdict verdict = guard.evaluate(plan, stored.size(), heldBefore, release.among(heldBefore));
        if (!verdict.tripped()) {
            return verdict;
        }
        if (overrideGuard) {
            LOG.warn("deletion guard overridden by the caller: {}", verdict.reason());
            return GuardVerdict.pass("the caller overrode the deletion guard: " + verdict.reason());
        }
        if (verdict.refused()) {
            throw new GuardRefusedException(verdict);
        }
        LOG.warn("deletion guard: {}", verdict.reason());
        return verdict;
    }

    /**
     * Applies a plan that was stored (shown for approval, say) and is applied now. Before anything is written
     * the plan must be for this executor's sync, for {@code sourceName} and this target, within
     * {@link ApplyOptions#maxAge()}, and signed with {@link ApplyOptions#digestKey()} when one is given. The
     * deletion guard weighs the plan's deprovisions against the links stored now, never against counts the
     * plan carries. Each action is then checked against the policy and the target as they are now (see the
     * class comment), and each create against the accounts that exist now.
     *
     * @param plan          the stored plan
     * @param options       the checks to make (age, digest) and whether the guard is overridden
     * @param sourceName the name of the source directory the plan must have been made from
     * @return one outcome per action, in plan order
     * @throws PlanRejectedException when the plan as a whole is refused; nothing was written
     * @throws GuardRefusedException when the guard trips and is not overridden; nothing was written
     * @throws StaleLeaseException   when the lease is lost mid-way; nothing more was written
     */
    public ApplyResult applyStored(Plan plan, String sourceName, ApplyOptions options) {
        check(plan, keeper.lease().syncId(), sourceName, target.name(), keeper.now(), options);
        PlanStats s = plan.stats();
        int managed = store.links(keeper.lease().syncId()).size();
        Plan current = plan.withStats(new PlanStats(s.sourceUsers(), s.targetUsers(), s.inScope(), s.unchanged(), s.ignored(), managed));
        stored = true;
        return apply(current, policy.deletionGuard(), options.overrideGuard());
    }

    /** The checks of a stored plan as a whole; the digest first, since nothing else in an edited plan can be trusted. */
    static void check(Plan plan, SyncId syncId, String sourceName, String targetName, Instant now, ApplyOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(options, "options");
        if (options.digestKey().isPresent()) {
            if (plan.digest().isEmpty()) {
                throw new PlanRejectedException(PlanRejectedException.Reason.DIGEST_MISSING,
                        "the plan carries no digest but one is required: sign it with PlanDigest.sign when it is approved");
            }
            if (!PlanDigest.verify(plan, options.digestKey().get())) {
                throw new PlanRejectedException(PlanRejectedException.Reason.DIGEST_MISMATCH,
                        "the plan's digest does not match its content: it was changed after it was signed, or signed with"
                                + " another key; make and approve a new plan");
            }
        }
        if (plan.syncId().isEmpty() || !plan.syncId().get().equals(syncId)) {
            throw new PlanRejectedException(PlanRejectedException.Reason.WRONG_SYNC, "the plan was made for "
                    + plan.syncId().map(id -> "sync '" + id + "'").orElse("no sync") + ", not for sync '" + syncId + "'");
        }
        if (!plan.source().equals(sourceName)) {
            throw new PlanRejectedException(PlanRejectedException.Reason.WRONG_SOURCE,
                    "the plan reads from '" + plan.source() + "', but this sync's source is '" + sourceName + "'");
        }
        if (!plan.target().equals(targetName)) {
            throw new PlanRejectedException(PlanRejectedException.Reason.WRONG_TARGET,
                    "the plan writes to '" + plan.target() + "', but this sync's target is '" + targetName + "'");
        }
        if (plan.plannedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new PlanRejectedException(PlanRejectedException.Reason.FROM_THE_FUTURE,
                    "the plan says it was made at " + plan.plannedAt() + ", later than now (" + now + ")");
        }
        if (options.maxAge().isPresent() && Duration.between(plan.plannedAt(), now).compareTo(options.maxAge().get()) > 0) {
            throw new PlanRejectedException(PlanRejectedException.Reason.TOO_OLD, "the plan was made at " + plan.plannedAt()
                    + ", more than " + options.maxAge().get() + " before now (" + now + "); make a new plan");
        }
    }

    // ---- per-action checks ----------------------------------------------------------------------

    private static final Map<ActionKind, Capability> NEEDS = new EnumMap<>(Map.of(
            ActionKind.CREATE, Capability.CREATE,
            ActionKind.UPDATE, Capability.UPDATE,
            ActionKind.GRANT_PERMISSION, Capability.UPDATE,
            ActionKind.REVOKE_PERMISSION, Capability.UPDATE,
            ActionKind.DEACTIVATE, Capability.DEACTIVATE,
            ActionKind.REACTIVATE, Capability.REACTIVATE,
            ActionKind.DELETE, Capability.DELETE));

    /**
     * Why the action must not be attempted, if it must not. Capabilities and the policy's deletions hold for
     * every plan; a stored plan is also checked against the stored links and the policy's protected accounts.
     */
    private Optional<WriteFailure> refusal(PlanAction a) {
        Capability needed = NEEDS.get(a.kind());
        if (needed != null && !target.capabilities().contains(needed)) {
            return Optional.of(WriteFailure.of(FailureKind.UNSUPPORTED, target.name() + " cannot "
                    + needed.name().toLowerCase(Locale.ROOT) + " accounts, so the action was not attempted"));
        }
        if (a.kind() == ActionKind.DELETE && policy.onGone() != Deprovision.DELETE && policy.onOutOfScope() != Deprovision.DELETE) {
            return Optional.of(WriteFailure.of(FailureKind.VALIDATION, "the policy deletes nobody (gone: "
                    + policy.onGone() + ", out of scope: " + policy.onOutOfScope() + "), so the deletion was refused"));
        }
        if (!stored || a.user().targetId().isEmpty()) {
            return Optional.empty();
        }
        NativeId targetId = a.user().targetId().get();
        Optional<NativeId> sourceId = a.user().sourceId();
        NativeId linkedSource = sourceByTarget.get(targetId);
        if (a.kind() == ActionKind.LINK) {
            if (linkedSource != null && !linkedSource.equals(sourceId.orElseThrow())) {
                return Optional.of(WriteFailure.of(FailureKind.CONFLICT, "account " + targetId
                        + " is linked to source account " + linkedSource + " now, so it cannot be linked to " + sourceId.get()));
            }
            return Optional.empty();
        }
        if (sourceId.isPresent()) {
            Link link = links.get(sourceId.get());
            if ((link != null && !link.targetId().equals(targetId)) || (linkedSource != null && !linkedSource.equals(sourceId.get()))) {
                return Optional.of(WriteFailure.of(FailureKind.VALIDATION, "the plan pairs source account " + sourceId.get()
                        + " with account " + targetId + ", but the stored links pair "
                        + (link != null ? sourceId.get() + " with " + link.targetId() : targetId + " with " + linkedSource)));
            }
        }
        boolean tiedToThisUser = linkedSource != null && sourceId.isPresent() && linkedSource.equals(sourceId.get());
        if (!tiedToThisUser) {
            Optional<UserRecord> current = target.get(targetId);
            if (current.isPresent() && policy.protectedTargets().includes(current.get())) {
                return Optional.of(WriteFailure.of(FailureKind.VALIDATION, current.get().label() + " (" + targetId
                        + ") is protected by the policy (" + policy.protectedTargets().description()
                        + ") and is not linked to this user, so the stored plan may not change it"));
            }
        }
        return Optional.empty();
    }

    /** Records a refusal, if any, and says whether there was one. */
    private boolean refused(int index, PlanAction a) {
        Optional<WriteFailure> why;
        try {
            why = refusal(a);
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            record(ActionOutcome.failed(index, a, WriteFailure.from(e)));
            return true;
        }
        why.ifPresent(w -> record(ActionOutcome.refused(index, a, w)));
        return why.isPresent();
    }

    // ---- writes ---------------------------------------------------------------------------------

    private void applyOne(int index, PlanAction action) {
        if (refused(index, action)) {
            return;
        }
        try {
            Runnable write = switch (action.kind()) {
                case LINK -> () -> link(index, (PlanAction.LinkUser) action);
                case UPDATE -> () -> write(index, action, target.update(action.user().targetId().orElseThrow(), patchOf(action)));
                case DEACTIVATE -> () -> deactivate(index, action, true);
                case REACTIVATE -> () -> deactivate(index, action, false);
                case DELETE -> () -> delete(index, (PlanAction.DeleteUser) action);
                case GRANT_PERMISSION -> () -> resolve(index, action).ifPresent(id -> write(index, action, target.update(id, patchOf(action))));
                case REVOKE_PERMISSION -> () -> write(index, action, target.update(action.user().targetId().orElseThrow(), patchOf(action)));
                case ASSIGN_LICENSE -> () -> resolve(index, action)
                        .ifPresent(id -> seat(index, action, pool(licenseOf(action)).assignAll(List.of(id))));
                case REVOKE_LICENSE -> () -> seat(index, action, pool(licenseOf(action)).revokeAll(List.of(action.user().targetId().orElseThrow())));
                case CREATE -> () -> {
                    throw new IllegalStateException("a create is applied with its group, not alone: " + action.user().label());
                };
            };
            write.run();
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            LOG.debug("action {} for {} failed", action.kind(), action.user().label(), e);
            record(ActionOutcome.failed(index, action, WriteFailure.from(e)));
        }
    }

    private void link(int index, PlanAction.LinkUser l) {
        saveLink(Link.of(l.user().sourceId().orElseThrow(), l.user().targetId().orElseThrow()));
        record(ActionOutcome.applied(index, l));
    }

    /** Deactivates ({@code off}) or reactivates the account, and remembers that this sync switched it off. */
    private void deactivate(int index, PlanAction action, boolean off) {
        NativeId account = action.user().targetId().orElseThrow();
        WriteResult r = off ? target.deactivate(account) : target.reactivate(account);
        if (write(index, action, r)) {
            markDeactivated(action, off);
        }
    }

    private void delete(int index, PlanAction.DeleteUser del) {
        WriteResult r = target.delete(del.user().targetId().orElseThrow());
        if (write(index, del, r) && del.user().sourceId().isPresent()) {
            NativeId source = del.user().sourceId().get();
            store.removeLink(keeper.lease(), source);
            forget(source);
        }
    }

    private void seat(int index, PlanAction action, List<Optional<WriteFailure>> results) {
        if (results.size() != 1) {
            throw new InvalidResponseException("a license pool returned " + results.size() + " results for one user");
        }
        record(results.get(0).isPresent() ? ActionOutcome.failed(index, action, results.get(0).get()) : ActionOutcome.applied(index, action));
    }

    /**
     * Creates {@code actions[from, to)}, in one batch when {@code batched}. A stored plan's creates are first
     * checked against the accounts that exist now; whichever way an existing account turns up, adoption is
     * decided by the matcher.
     */
    private void createGroup(List<PlanAction> actions, int from, int to, boolean batched) {
        List<Integer> pending = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            PlanAction.CreateUser c = (PlanAction.CreateUser) actions.get(i);
            if (refused(i, c)) {
                continue;
            }
            if (stored) {
                List<UserRecord> existing;
                try {
                    existing = target.findExisting(c.profile());
                } catch (StaleLeaseException stale) {
                    throw stale;
                } catch (RuntimeException e) {
                    record(ActionOutcome.failed(i, c, WriteFailure.from(e)));
                    continue;
                }
                if (!existing.isEmpty()) {
                    adoptOrConflict(i, c, existing, "an account with this username or email exists now");
                    continue;
                }
            }
            pending.add(i);
        }
        if (pending.isEmpty()) {
            return;
        }
        List<UserProfile> profiles = new ArrayList<>(pending.size());
        boolean notify = false;
        for (int i : pending) {
            PlanAction.CreateUser c = (PlanAction.CreateUser) actions.get(i);
            profiles.add(c.profile());
            notify |= c.notifyUser();
        }
        // notifyOnCreate is one policy setting, so a batch never mixes the two.
        List<WriteResult> results;
        keeper.verify();
        try {
            results = batched ? target.createAll(profiles, new CreateOptions(notify))
                    : List.of(target.create(profiles.get(0), new CreateOptions(notify)));
            requireSize(results, profiles.size());
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i : pending) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            afterCreate(i, (PlanAction.CreateUser) actions.get(i), results.get(k));
        }
    }

    private static final Set<ActionKind> BATCHED = EnumSet.of(
            ActionKind.CREATE, ActionKind.UPDATE, ActionKind.GRANT_PERMISSION, ActionKind.REVOKE_PERMISSION);

    /** Updates, grants and revokes are all patches, so they share the directory's batch update. */
    private void updateBatch(List<PlanAction> actions, int from, int to) {
        List<UpdateRequest> updates = new ArrayList<>(to - from);
        List<Integer> indices = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            PlanAction a = actions.get(i);
            if (refused(i, a)) {
                continue;
            }
            Optional<NativeId> id = a.kind() == ActionKind.GRANT_PERMISSION ? resolve(i, a) : a.user().targetId();
            if (id.isEmpty()) {
                continue; // resolve() recorded why it was skipped
            }
            updates.add(new UpdateRequest(id.get(), patchOf(a)));
            indices.add(i);
        }
        if (updates.isEmpty()) {
            return;
        }
        List<WriteResult> results;
        try {
            results = target.updateAll(updates);
            requireSize(results, updates.size());
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i : indices) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int k = 0; k < indices.size(); k++) {
            write(indices.get(k), actions.get(indices.get(k)), results.get(k));
        }
    }

    /** The pool of a license the plan or the policy names: both were checked against the pools before applying. */
    private LicensePool pool(String licenseId) {
        LicensePool pool = pools.get(licenseId);
        if (pool == null) {
            throw new IllegalStateException("no license pool for '" + licenseId + "'; it was checked before applying");
        }
        return pool;
    }

    private static String licenseOf(PlanAction a) {
        if (a instanceof PlanAction.AssignLicense l) {
            return l.licenseId();
        }
        if (a instanceof PlanAction.RevokeLicense l) {
            return l.licenseId();
        }
        throw new IllegalArgumentException("not a license action: " + a.kind());
    }

    /**
     * Consecutive assignments (or revocations) of one license go to the pool together, so a pool with a
     * bulk write spends a call per batch rather than per user.
     */
    private void licenseBatch(List<PlanAction> actions, int from, int to, LicensePool pool) {
        boolean assigning = actions.get(from).kind() == ActionKind.ASSIGN_LICENSE;
        List<NativeId> users = new ArrayList<>(to - from);
        List<Integer> indices = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            PlanAction a = actions.get(i);
            if (refused(i, a)) {
                continue;
            }
            Optional<NativeId> id = assigning ? resolve(i, a) : a.user().targetId();
            if (id.isEmpty()) {
                if (!assigning) {
                    record(ActionOutcome.failed(i, a, WriteFailure.of(FailureKind.NOT_FOUND, "no target account to revoke from")));
                }
                continue; // resolve() recorded why it was skipped
            }
            users.add(id.get());
            indices.add(i);
        }
        if (users.isEmpty()) {
            return;
        }
        List<Optional<WriteFailure>> results;
        try {
            results = assigning ? pool.assignAll(users) : pool.revokeAll(users);
            if (results.size() != users.size()) {
                throw new InvalidResponseException("license pool " + pool.licenseId()
                        + " returned " + results.size() + " results for a batch of " + users.size());
            }
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i : indices) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int k = 0; k < indices.size(); k++) {
            int index = indices.get(k);
            Optional<WriteFailure> failure = results.get(k);
            record(failure.isPresent() ? ActionOutcome.failed(index, actions.get(index), failure.get())
                    : ActionOutcome.applied(index, actions.get(index)));
        }
    }

    private static UserPatch patchOf(PlanAction a) {
        if (a instanceof PlanAction.UpdateUser u) {
            return u.patch();
        }
        if (a instanceof PlanAction.GrantPermission g) {
            return UserPatch.builder().addRole(g.permission()).build();
        }
        if (a instanceof PlanAction.RevokePermission r) {
            return UserPatch.builder().removeRole(r.permission()).build();
        }
        throw new IllegalArgumentException("not a patch: " + a.kind());
    }

    private void requireSize(List<WriteResult> results, int expected) {
        if (results.size() != expected) {
            throw new InvalidResponseException(target.name() + " returned " + results.size() + " results for a batch of " + expected);
        }
    }

    private void afterCreate(int index, PlanAction.CreateUser c, WriteResult r) {
        if (r instanceof WriteResult.Stored s) {
            try {
                saveLink(Link.of(c.user().sourceId().orElseThrow(), s.record().id()));
            } catch (StaleLeaseException stale) {
                throw stale;
            } catch (RuntimeException e) {
                // The account exists but is unlinked: the next run finds it by its matching key.
                record(ActionOutcome.failed(index, c, WriteFailure.of(FailureKind.TRANSIENT,
                        "created " + s.record().id() + " but could not store the link: " + e.getMessage())));
                return;
            }
            record(ActionOutcome.applied(index, c));
            return;
        }
        WriteFailure failure = ((WriteResult.Failed) r).failure();
        if (failure.kind() != FailureKind.ALREADY_EXISTS) {
            record(ActionOutcome.failed(index, c, failure));
            return;
        }
        List<UserRecord> holders;
        try {
            holders = target.findExisting(c.profile());
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            WriteFailure lookup = WriteFailure.from(e);
            record(ActionOutcome.failed(index, c, new WriteFailure(lookup.kind(), target.name() + " says an account with "
                    + identity(c.profile()) + " exists, but looking it up failed: " + lookup.message(), lookup.vendorCode())));
            return;
        }
        if (holders.isEmpty()) {
            record(ActionOutcome.failed(index, c, WriteFailure.of(FailureKind.CONFLICT, target.name() + " refused to create "
                    + c.user().label() + " because an account with " + identity(c.profile()) + " exists, but no account with"
                    + " that username or email can be found; nothing was linked (" + failure.message() + ")")));
            return;
        }
        adoptOrConflict(index, c, holders, target.name() + " refused the create (" + failure.message() + ")");
    }

    // ---- adoption -------------------------------------------------------------------------------

    /**
     * The one place adoption is decided: the policy's matcher, run for the create's source record against the
     * accounts that hold its identity, must match exactly one, and no other source user may be linked to it.
     */
    private void adoptOrConflict(int index, PlanAction.CreateUser c, List<UserRecord> holders, String why) {
        NativeId sourceId = c.source().id();
        MatchResult result;
        try {
            result = policy.matcher().match(c.source(), new Holders(holders));
        } catch (RuntimeException e) {
            record(ActionOutcome.failed(index, c, WriteFailure.from(e)));
            return;
        }
        if (result instanceof MatchResult.Matched m && holders.stream().anyMatch(h -> h.id().equals(m.target().id()))) {
            UserRecord holder = m.target();
            NativeId other = sourceByTarget.get(holder.id());
            if (other != null && !other.equals(sourceId)) {
                conflict(index, c, holder.label() + " (" + holder.id() + ") matches " + c.source().label() + " (" + sourceId
                        + ") by " + m.via() + ", but is already linked to source account " + other + "; " + why);
                return;
            }
            adopt(index, c, holder, m.via());
        } else if (result instanceof MatchResult.Ambiguous a) {
            conflict(index, c, c.source().label() + " (" + sourceId + ") matches " + a.candidates().size()
                    + " existing accounts by " + a.via() + " (" + a.candidates() + "); " + why);
        } else {
            StringBuilder who = new StringBuilder();
            for (UserRecord h : holders) {
                who.append(who.length() == 0 ? "" : ", ").append(h.label()).append(" (").append(h.id()).append(')');
            }
            conflict(index, c, "not creating " + c.source().label() + " (" + sourceId + "): " + target.name() + " holds "
                    + who + " with the same " + identity(c.profile()) + ", which the policy's matcher ("
                    + matcherKeys() + ") does not match to them; " + why);
        }
    }

    private void conflict(int index, PlanAction.CreateUser c, String message) {
        record(ActionOutcome.failed(index, c, WriteFailure.of(FailureKind.CONFLICT,
                message + "; nothing was linked and nothing was written to the existing account")));
    }

    /**
     * Links the matched holder and brings it up to date with the planner's own rules for a linked pair. What
     * the pair needs is decided before anything is written, so a failure to decide links nothing.
     */
    private void adopt(int index, PlanAction.CreateUser c, UserRecord holder, String via) {
        NativeId sourceId = c.source().id();
        Link existing = links.get(sourceId);
        Link link = existing != null && existing.targetId().equals(holder.id()) ? existing : Link.of(sourceId, holder.id());
        List<PlanAction> followUps = new ArrayList<>();
        try {
            Plan pair = Planner.planLinkedPair(policy, c.source(), holder, link, seatsFor(sourceId, holder), keeper.now());
            for (PlanAction a : pair.actions()) {
                if (a.kind() != ActionKind.LINK) {
                    followUps.add(a);
                }
            }
            saveLink(link);
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            WriteFailure f = WriteFailure.from(e);
            record(ActionOutcome.failed(index, c, new WriteFailure(f.kind(), "matched the existing account " + holder.label()
                    + " (" + holder.id() + ") by " + via + " but could not link it: " + f.message(), f.vendorCode())));
            return;
        }
        adopted.add(sourceId);
        total += followUps.size();
        record(ActionOutcome.adopted(index, c, "linked the existing account " + holder.label() + " (" + holder.id()
                + "), matched by " + via + ", instead of creating one"
                + (followUps.isEmpty() ? "; it is up to date" : "; " + followUps.size() + " actions bring it up to date")));
        for (PlanAction a : followUps) {
            keeper.verify();
            applyOne(index, a);
        }
    }

    /**
     * The license snapshots the adopted pair is decided with: whether the holder holds each seat now, and a
     * free seat only where this plan reserved one for the user (so adoption never takes a seat another user
     * of the plan was promised).
     */
    private List<LicenseSnapshot> seatsFor(NativeId sourceId, UserRecord holder) {
        Plan plan = Objects.requireNonNull(this.plan, "seats are decided only while a plan is applied");
        List<LicenseSnapshot> snapshots = new ArrayList<>();
        for (LicenseRule rule : policy.licenseRules()) {
            LicenseSnapshot now = pool(rule.licenseId()).snapshot();
            boolean holds = now.assignees().contains(holder.id());
            boolean reserved = plan.actions().stream().anyMatch(a -> a instanceof PlanAction.AssignLicense l
                    && l.licenseId().equals(rule.licenseId()) && l.user().targetId().isEmpty()
                    && l.user().sourceId().equals(Optional.of(sourceId)));
            int consumed = holds ? 1 : 0;
            TreeSet<NativeId> assignees = new TreeSet<>();
            if (holds) {
                assignees.add(holder.id());
            }
            snapshots.add(new LicenseSnapshot(rule.licenseId(), consumed + (reserved && !holds ? 1 : 0), consumed,
                    now.expiresAt(), assignees));
        }
        return snapshots;
    }

    private String matcherKeys() {
        List<String> names = new ArrayList<>();
        policy.matcher().keys().forEach(k -> names.add(k.name()));
        return names.isEmpty() ? "link only" : String.join(", ", names);
    }

    private static String identity(UserProfile p) {
        List<String> parts = new ArrayList<>();
        p.username().ifPresent(u -> parts.add("username '" + u.value() + "'"));
        p.email().ifPresent(e -> parts.add("email '" + e.value() + "'"));
        return parts.isEmpty() ? "its identity" : String.join(" or ", parts);
    }

    /**
     * The matcher's view of the accounts that hold a create's identity: the same {@link MatchKey} values as
     * planning's index, over these accounts only.
     */
    private final class Holders implements MatchContext {
        private final List<UserRecord> holders;
        private final Set<String> declared = new HashSet<>();

        Holders(List<UserRecord> holders) {
            List<UserRecord> sorted = new ArrayList<>(holders);
            sorted.sort(Comparator.comparing(UserRecord::id));
            Map<NativeId, UserRecord> distinct = new LinkedHashMap<>();
            sorted.forEach(h -> distinct.putIfAbsent(h.id(), h));
            this.holders = List.copyOf(distinct.values());
            policy.matcher().keys().forEach(k -> declared.add(k.name()));
        }

        @Override
        public Optional<UserRecord> linkedTarget(NativeId sourceId) {
            Link link = links.get(sourceId);
            if (link == null) {
                return Optional.empty();
            }
            return holders.stream().filter(h -> h.id().equals(link.targetId())).findFirst();
        }

        @Override
        public List<UserRecord> lookup(MatchKey key, String normalizedValue) {
            if (!declared.contains(key.name())) {
                throw new IllegalStateException("matcher looked up key '" + key.name() + "' it did not declare in keys()");
            }
            Optional<String> wanted = Optional.of(normalizedValue);
            return holders.stream().filter(h -> key.targetValue(h).equals(wanted)).toList();
        }
    }

    // ---- bookkeeping ----------------------------------------------------------------------------

    private boolean write(int index, PlanAction action, WriteResult r) {
        if (r instanceof WriteResult.Failed f) {
            record(ActionOutcome.failed(index, action, f.failure()));
            return false;
        }
        record(ActionOutcome.applied(index, action));
        return true;
    }

    private Optional<NativeId> resolve(int index, PlanAction action) {
        if (action.user().targetId().isPresent()) {
            return action.user().targetId();
        }
        NativeId source = action.user().sourceId().orElseThrow();
        if (adopted.contains(source)) {
            record(ActionOutcome.superseded(index, action, "the existing account was adopted and brought up to date"
                    + " as it is, so this action planned for a new account was not needed"));
            return Optional.empty();
        }
        Link link = links.get(source);
        if (link != null) {
            return Optional.of(link.targetId());
        }
        record(ActionOutcome.skipped(index, action, WriteFailure.of(FailureKind.NOT_FOUND,
                "the account was not created, so there is nothing to " + action.kind().name().toLowerCase(Locale.ROOT))));
        return Optional.empty();
    }

    private void saveLink(Link link) {
        store.saveLink(keeper.lease(), link);
        forget(link.sourceId());
        remember(link);
    }

    private void remember(Link link) {
        links.put(link.sourceId(), link);
        sourceByTarget.put(link.targetId(), link.sourceId());
    }

    private void forget(NativeId sourceId) {
        Link old = links.remove(sourceId);
        if (old != null) {
            sourceByTarget.remove(old.targetId());
        }
    }

    private void markDeactivated(PlanAction action, boolean deactivated) {
        Optional<NativeId> source = action.user().sourceId();
        if (source.isEmpty()) {
            return;
        }
        Link link = links.get(source.get());
        if (link != null && link.deactivatedBySync() != deactivated) {
            saveLink(link.withDeactivatedBySync(deactivated));
        }
    }

    private void record(ActionOutcome outcome) {
        outcomes.add(outcome);
        try {
            if (!outcome.status().successful() && outcome.status() != ActionOutcome.Status.HELD) {
                listener.failed(outcome);
            }
            listener.applied(outcomes.size(), total, outcome);
        } catch (RuntimeException e) {
            LOG.warn("sync listener threw; ignoring", e);
        }
    }

    /** Builder; target, state store, lease and policy are required. */
    public static final class Builder {
        private @Nullable UserDirectory target;
        private final Map<String, LicensePool> pools = new LinkedHashMap<>();
        private @Nullable SyncStateStore store;
        private @Nullable Lease lease;
        private @Nullable SyncPolicy policy;
        private Clock clock = Clock.systemUTC();
        private SyncListener listener = SyncListener.none();

        private Builder() {
        }

        /**
         * The directory the plan changes.
         *
         * @param value the target directory
         * @return this builder
         */
        public Builder target(UserDirectory value) {
            target = Objects.requireNonNull(value, "target");
            return this;
        }

        /**
         * A license pool; every license the plan or the policy names needs one.
         *
         * @param pool the pool, known by its license id
         * @return this builder
         */
        public Builder licensePool(LicensePool pool) {
            pools.put(pool.licenseId(), pool);
            return this;
        }

        /**
         * Where links are kept, and the lease is checked before every write.
         *
         * @param value the store
         * @return this builder
         */
        public Builder stateStore(SyncStateStore value) {
            store = Objects.requireNonNull(value, "stateStore");
            return this;
        }

        /**
         * The caller's current lease of the sync; the caller renews it, the executor verifies it before each
         * write.
         *
         * @param value the lease
         * @return this builder
         */
        public Builder lease(Lease value) {
            lease = Objects.requireNonNull(value, "lease");
            return this;
        }

        /**
         * The sync's policy: its matcher decides adoption, its rules bring an adopted account up to date, and its
         * protections and deprovisioning rules are re-applied to every action.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(SyncPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * The clock the lease's expiry and a stored plan's age are judged by.
         *
         * @param value the clock; the system UTC clock by default
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Who hears about progress and outcomes; nobody by default.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(SyncListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * The executor, after checking the configuration.
         *
         * @return the executor, for one plan at a time
         * @throws NullPointerException if the target, state store, lease or policy is missing
         * @throws io.rostersync.spi.InvalidConfigurationException if the policy asks the target for something
         *         it does not declare the capability for; the message says which rule to change and to what
         */
        public Executor build() {
            Objects.requireNonNull(target, "target is required");
            Objects.requireNonNull(store, "stateStore is required");
            Objects.requireNonNull(lease, "lease is required");
            Objects.requireNonNull(policy, "policy is required: it decides adoption and re-checks every action");
            PolicyCapabilities.requireSupported(policy, target);
            return new Executor(target, pools, store, LeaseKeeper.fixed(store, lease, clock), policy, listener);
        }
    }
}
